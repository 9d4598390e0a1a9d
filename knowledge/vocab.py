"""Tag vocabularies of the knowledge base. Styles, emotions and objections come from the
nlp label registry, so a new label is written in one place only."""
from __future__ import annotations

from nlp.labels import EMOTIONS, OBJECTIONS, STYLES

KINDS = ("style_profile", "tactic", "talk_track", "spin_question", "fab_pattern", "objection_response",
         "deescalation", "segment_strategy")
# Kinds a rep sends as they are: these must carry a template.
TEMPLATE_KINDS = ("talk_track", "spin_question", "fab_pattern", "objection_response", "deescalation")
METHODS = ("laer", "feel_felt_found", "isolate_confirm", "reframe", "cost_of_inaction", "roi_breakdown",
           "social_proof", "trial_pilot")
TECHNIQUES = ("spin_situation", "spin_problem", "spin_implication", "spin_need_payoff", "fab", "objection_handling",
              *METHODS, "deescalation", "service_recovery", "rapport", "discovery", "closing", "style_adaptation",
              "segment_strategy", "follow_up", "active_listening")
STAGES = ("prospecting", "discovery", "demo", "proposal", "negotiation", "closing", "onboarding", "service",
          "renewal", "recovery")
# Customer segments with the names a recommendation's `why` gives them (en, zh).
SEGMENT_NAMES: dict[str, tuple[str, str]] = {
    "high_value": ("high-value account", "高价值客户"),
    "potential": ("high-potential account", "潜力客户"),
    "problem": ("problem account", "问题客户"),
    "ordinary": ("ordinary customer", "普通客户"),
    "new": ("new customer", "新客户"),
    "stable": ("stable account", "稳定客户"),
    "loyal": ("loyal customer", "忠实老客户"),
    "at_risk": ("at-risk account", "有流失风险的客户"),
    "individual": ("individual buyer", "个人客户"),
    "business": ("business buyer", "企业客户"),
}
SEGMENTS = tuple(SEGMENT_NAMES)
CHANNELS = ("phone", "chat", "email", "in_person", "social")

TAG_VOCAB: dict[str, tuple[str, ...]] = {
    "styles": STYLES, "emotions": EMOTIONS, "objections": OBJECTIONS, "techniques": TECHNIQUES,
    "stages": STAGES, "segments": SEGMENTS, "channels": CHANNELS,
}
LANGS = ("en", "zh")
