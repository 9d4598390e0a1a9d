"""Language of a piece of text, decided per message and per segment."""
from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def cjk_count(text: str) -> int:
    """How many Chinese characters a text holds."""
    return len(_CJK.findall(text))


def cjk_share(text: str) -> float:
    """Share of CJK characters among letters, counting an English word as ~1.5 characters.

    Chinese messages often carry English product names ("我们在用Salesforce"), so a
    plain character count would undercount the Chinese.
    """
    cjk = cjk_count(text)
    latin_words = len(re.findall(r"[A-Za-z]+", text))
    total = cjk + 1.5 * latin_words
    return cjk / total if total else 0.0


def pattern_table(rows: list[tuple[str, str]], flags: int = re.I) -> list[tuple[str, re.Pattern[str]]]:
    """(name, regex source) rows compiled once, for the keyword tables of the parsers."""
    return [(name, re.compile(source, flags)) for name, source in rows]


def detect(text: str) -> str:
    """'zh' or 'en' for one segment."""
    return "zh" if cjk_share(text) >= 0.3 else "en"


def overall(segment_langs: list[tuple[str, int]]) -> str:
    """'en', 'zh' or 'mixed' for a whole message from (lang, length) per segment."""
    total = sum(n for _, n in segment_langs) or 1
    zh = sum(n for lang, n in segment_langs if lang == "zh") / total
    if zh >= 0.8:
        return "zh"
    if zh <= 0.2:
        return "en"
    return "mixed"


# "." ends a sentence only before white space, so "5.5" and "v2.1" stay whole.
_SENT_END = re.compile(r"(?<=[!?。！？…])(?![!?。！？…])\s*|(?<=\.)\s+|\n+")


def split_sentences(text: str) -> list[str]:
    """Sentences of a turn: cheap rule-based splitting on end punctuation and line breaks.

    spaCy's parser would cost more than the encoder itself on a long transcript.
    """
    parts = [p.strip() for p in _SENT_END.split(text)]
    out: list[str] = []
    for part in parts:
        if not part:
            continue
        # A lone "?" or "!!" belongs to the sentence before it.
        if out and not re.search(r"\w", part):
            out[-1] += part
        else:
            out.append(part)
    return out
