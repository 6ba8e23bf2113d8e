"""Text cleaning that loses no words: reflow broken lines, join hyphenated words, normalise titles.

`normalise_ocr_titles` is for metadata and entities only; stored item text keeps the original spelling.
"""

from __future__ import annotations

import re
import unicodedata

from .records import Line

_TERMINAL = (".", ":", ";", "?", "!", '"', "”", "'")
_OWNER_COLUMN = re.compile(r"\S\s*\t[\t ]*(\S[^\t]{0,40}?)\s*$")
_TITLE_AT_END = re.compile(r"\b(Cllrs?|Clir|Mr|Mrs|Ms|Dr|No|St|Supt|Sgt|Councillor)\.?$")
_HYPHENATED_END = re.compile(r"([A-Za-z]+)-$")
_TAIL = 64  # characters of a growing paragraph that the end-of-line patterns need to see
_BULLET = re.compile(r"^\s*([*•▪●◦·\-–]\s+|\(?[a-zA-Z0-9]{1,3}[.)]\s+|\([ivx]{1,4}\)\s+)")
_KEEP_HYPHEN_PREFIXES = {
    "self",
    "co",
    "non",
    "anti",
    "pre",
    "re",
    "multi",
    "cross",
    "well",
    "long",
    "short",
    "post",
    "sub",
    "inter",
    "ex",
    "semi",
    "vice",
    "part",
    "full",
    "mid",
    "high",
    "low",
    "over",
    "under",
    "all",
    "ward",
    "counter",
    "socio",
    "cyber",
    "e",
    "x",
    "follow",
    "drop",
    "one",
    "two",
    "three",
    "four",
    "five",
}
_OCR_TITLES = [
    (re.compile(r"\bC[l1I][i1lI]r\b\.?"), "Cllr"),  # Clir, ClIr, C1lr
    (re.compile(r"\bCIlr\b"), "Cllr"),
    (re.compile(r"\bCouncilior\b"), "Councillor"),
]


def normalise_ocr_titles(text: str) -> str:
    """`Clir`/`ClIr` -> `Cllr` and similar OCR slips in titles (for metadata and entities)."""
    for pattern, replacement in _OCR_TITLES:
        text = pattern.sub(replacement, text)
    return text


def normalise_spaces(text: str) -> str:
    """Collapse runs of spaces and tabs inside a line; unify odd spaces; keep the words."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\u200b", "").strip()
    owner = _OWNER_COLUMN.search(text)
    if owner:  # a tab-separated last column (an action's owner) keeps one tab
        return re.sub(r"[ \t\f\v]+", " ", text[: owner.start() + 1]).strip() + "\t" + owner.group(1)
    return re.sub(r"[ \t\f\v]+", " ", text)


def is_bullet(text: str) -> bool:
    return bool(_BULLET.match(text))


def _join(previous: str, following: str) -> str:
    """Join two physical lines of one paragraph, undoing end-of-line hyphenation."""
    match = _HYPHENATED_END.search(previous[-_TAIL:])  # only the tail: paragraphs can grow to 100 KB
    if match and following[:1].islower():
        stem = match.group(1).lower()
        if stem in _KEEP_HYPHEN_PREFIXES or len(stem) <= 1:
            return previous + following
        return previous[:-1] + following
    if previous.endswith(("-", "–", "/")) and not previous.endswith((" -", " –")):
        return previous + following
    return previous + " " + following


def reflow(lines: list[str], double_spaced: bool = False) -> str:
    """Join lines into paragraphs separated by blank lines.

    A line continues the paragraph unless it is blank (in a single-spaced text), starts a bullet,
    or the previous line ended a sentence and this one starts with a capital. In double-spaced
    text (a blank line after nearly every line) blank lines are only breaks after a sentence end.
    """
    paragraphs: list[str] = []
    current = ""
    pending_break = False
    for raw in lines:
        line = normalise_spaces(raw)
        if not line:
            pending_break = True
            continue
        if current:
            ends_sentence = (
                current.endswith(_TERMINAL) and not _TITLE_AT_END.search(current[-_TAIL:])
            ) or "\t" in current
            soft_blank = double_spaced and not ends_sentence
            new_paragraph = (
                (pending_break and not soft_blank)
                or is_bullet(line)
                or (ends_sentence and line[:1].isupper() and not double_spaced and len(current) < 60)
            )
            if new_paragraph:
                paragraphs.append(current)
                current = line
            else:
                current = _join(current, line)
        else:
            current = line
        pending_break = False
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs)


def is_double_spaced(lines: list[Line]) -> bool:
    """True when most text lines are followed by a blank line (common in PDF-to-Markdown output)."""
    texts = [line.text.strip() for line in lines]
    pairs = sum(1 for a, b in zip(texts, texts[1:]) if a and not b)
    nonblank = sum(1 for t in texts if t)
    adjacent = sum(1 for a, b in zip(texts, texts[1:]) if a and b)
    return nonblank >= 10 and pairs > 0.6 * nonblank and adjacent < 0.25 * nonblank
