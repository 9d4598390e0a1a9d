"""Communication style of the customer, with the sentences and cues behind it."""
from __future__ import annotations

import numpy as np

from nlp.features import FEATURES
from nlp.heads import Head, HeadInput, register
from nlp.types import Evidence, StyleResult

MAX_EVIDENCE = 3


@register("style")
class StyleHead(Head):
    def predict(self, inp: HeadInput) -> StyleResult:
        cues = inp.cue_matrix
        p = self.linear.span_proba(inp.embeddings, cues, inp.texts)
        best = int(np.argmax(p))
        scores = {label: round(float(v), 4) for label, v in zip(self.linear.labels, p)}
        return StyleResult(self.linear.labels[best], round(float(p[best]), 4), scores,
                           evidence_for(self.linear, inp, best))


def evidence_for(linear, inp: HeadInput, label_index: int, limit: int = MAX_EVIDENCE) -> list[Evidence]:
    """The sentences pushing hardest towards a label, with the cue phrases that helped."""
    if not inp.sentences:
        return []
    cues = inp.cue_matrix
    contrib = linear.span_contributions(inp.embeddings, cues, inp.texts, label_index)
    order = [int(i) for i in np.argsort(-contrib) if contrib[i] > 0][:limit]
    out = []
    for i in order:
        push = linear.cue_contributions(cues[i], label_index)
        helpful = {FEATURES[k] for k in np.nonzero(push > 0)[0]}
        names = [f"{name}: {phrase}" for name, phrase in inp.cues[i].cues if name in helpful]
        s = inp.sentences[i]
        out.append(Evidence(segment=s.segment, text=s.text, cues=names, weight=round(float(contrib[i]), 4)))
    return out
