"""Sales objections the customer raised (several at once), each with its evidence sentence."""
from __future__ import annotations

import numpy as np

from nlp.heads import Head, HeadInput, register
from nlp.types import ObjectionEvidence, ObjectionResult


@register("objection")
class ObjectionHead(Head):
    def predict(self, inp: HeadInput) -> list[ObjectionResult]:
        return self.read(inp)[0]

    def read(self, inp: HeadInput) -> tuple[list[ObjectionResult], dict[str, float]]:
        """The objections past their thresholds, and every label's probability (a coach hedges on a
        near miss; a rep sees how close the others came)."""
        if not inp.sentences:
            return [], {}
        cues = inp.cue_matrix
        p = self.linear.span_proba(inp.embeddings, cues, inp.texts)
        thresholds = self.linear.thresholds if self.linear.thresholds is not None else np.full(len(p), 0.5)
        found = []
        for k in np.argsort(-p):
            if p[k] < thresholds[k]:
                continue
            contrib = self.linear.span_contributions(inp.embeddings, cues, inp.texts, int(k))
            top = [int(i) for i in np.argsort(-contrib)[:2] if contrib[i] > 0] or [int(np.argmax(contrib))]
            found.append(ObjectionResult(
                type=self.linear.labels[int(k)], confidence=round(float(p[k]), 4),
                evidence=[ObjectionEvidence(inp.sentences[i].segment, inp.sentences[i].text) for i in top[:1]]))
        return found, {label: round(float(v), 4) for label, v in zip(self.linear.labels, p)}
