"""The shipped content stays in step with the label registry, and every template renders cleanly."""
import re

import pytest

from knowledge.loader import CONTENT_DIR, load
from knowledge.render import render
from knowledge.vocab import METHODS
from nlp.labels import EMOTIONS, NEGATIVE_EMOTIONS, OBJECTIONS, STYLES

ENTRIES = list(load([CONTENT_DIR]).entries.values())


def with_tag(dim, value, kind=None):
    return [e for e in ENTRIES if value in e.tags.values(dim) and (kind is None or e.kind == kind)]


@pytest.mark.parametrize("style", STYLES)
def test_content_every_style_has_a_profile_and_six_tactics(style):
    assert with_tag("styles", style, "style_profile")
    assert len(with_tag("styles", style, "tactic")) >= 6


@pytest.mark.parametrize("objection", OBJECTIONS)
@pytest.mark.parametrize("style", STYLES)
def test_content_every_objection_has_a_script_for_every_style(objection, style):
    assert [e for e in with_tag("objections", objection, "objection_response") if style in e.tags.styles]


@pytest.mark.parametrize("emotion", NEGATIVE_EMOTIONS)
def test_content_every_negative_emotion_has_deescalation(emotion):
    assert with_tag("emotions", emotion, "deescalation")


@pytest.mark.parametrize("emotion", EMOTIONS)
def test_content_every_emotion_label_has_an_entry(emotion):
    assert with_tag("emotions", emotion)


@pytest.mark.parametrize("technique", ["spin_situation", "spin_problem", "spin_implication", "spin_need_payoff"])
def test_content_ten_spin_questions_per_category(technique):
    assert len(with_tag("techniques", technique, "spin_question")) >= 10


def test_content_objection_scripts_use_every_named_method():
    used = {e.method for e in ENTRIES if e.kind == "objection_response"}
    assert used == set(METHODS)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_content_rendering_never_leaves_a_placeholder_or_gap(entry, lang):
    for slots in ({}, {"product": "Acme CRM", "feature": "{{ evil }}", "industry": ""}):
        text = render(entry, lang, slots)
        assert text.strip()
        assert "{{" not in text and "}}" not in text and "{%" not in text
        if lang == "en":  # a missing slot would leave "with  today" or "for ."
            assert not re.search(r"[^\S\n]{2,}\S|\s[,.;:!?](?!\.)", text), text
