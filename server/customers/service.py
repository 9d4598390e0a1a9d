"""Customer records and the profile accumulated over their analyses."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from nlp.labels import STYLES
from server.customers.models import Customer
from server.errors import NotFound

# Each older conversation counts this much less than the one after it, so the profile
# follows a customer whose manner changes without forgetting the history.
RECENCY = 0.7
FULL_EVIDENCE_SEGMENTS = 5


def get_or_create(*, db_session: Session, customer_id: str) -> Customer:
    customer = db_session.get(Customer, customer_id)
    if customer is None:
        customer = Customer(id=customer_id)
        db_session.add(customer)
        db_session.flush()
    return customer


def profile(*, db_session: Session, customer_id: str) -> dict:
    from server.analysis.models import Analysis

    customer = db_session.get(Customer, customer_id)
    if customer is None:
        raise NotFound("customer", customer_id)
    rows = list(db_session.scalars(select(Analysis).where(Analysis.customer_id == customer_id)
                                   .order_by(Analysis.seq)))
    return {"id": customer.id, "created_at": customer.created_at, **accumulate([r.result for r in rows]),
            "analyses": [{"id": r.id, "created_at": r.created_at, "input_kind": r.input_kind, "language": r.language,
                          "style": r.result["style"]["label"], "style_confidence": r.result["style"]["confidence"],
                          "emotion": r.result["emotion"]["label"],
                          "objections": [o["type"] for o in r.result["objections"]]} for r in rows]}


def accumulate(results: list[dict]) -> dict:
    """Style, emotions and objections over a customer's analyses, oldest first."""
    totals = {s: 0.0 for s in STYLES}
    weight_sum = 0.0
    n = len(results)
    for i, r in enumerate(results):
        # A long conversation says more about a customer than a one-line quote.
        strength = 0.3 + 0.7 * min(1.0, len(_customer_segments(r)) / FULL_EVIDENCE_SEGMENTS)
        w = strength * RECENCY ** (n - 1 - i)
        for s in STYLES:
            totals[s] += w * r["style"]["scores"].get(s, 0.0)
        weight_sum += w
    scores = {s: round(v / weight_sum, 4) for s, v in totals.items()} if weight_sum else None
    style = None
    if scores:
        label = max(scores, key=scores.get)
        evidence = [e for r in reversed(results) if r["style"]["label"] == label for e in r["style"]["evidence"]][:3]
        style = {"label": label, "confidence": scores[label], "scores": scores, "evidence": evidence,
                 "based_on": n}
    objections: dict[str, dict] = {}
    for i, r in enumerate(results):
        for o in r["objections"]:
            entry = objections.setdefault(o["type"], {"type": o["type"], "count": 0})
            entry["count"] += 1
            entry["last_confidence"] = o["confidence"]
            entry["last_evidence"] = o["evidence"][0]["text"] if o["evidence"] else None
            entry["last_seen_index"] = i
    emotions = [{"label": r["emotion"]["label"], "intensity": r["emotion"]["intensity"],
                 "escalation_risk": r["emotion"]["escalation_risk"]} for r in results[-5:]]
    return {"style": style, "last_emotions": emotions,
            "objections": sorted(objections.values(), key=lambda o: (-o["count"], o["type"])),
            "style_history": [{"label": r["style"]["label"], "confidence": r["style"]["confidence"]} for r in results]}


def _customer_segments(result: dict) -> list[dict]:
    return [s for s in result["segments"] if s["role"] == "customer"]
