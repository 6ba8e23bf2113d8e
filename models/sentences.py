"""Split minutes text into sentences that are exact substrings of it, with their offsets.

Rule-based for minutes: blank lines, bullets (`*`, `•`, `-`), numbered / lettered lists (`1)`, `2.`, `(a)`),
colons that introduce a list, hard line breaks after terminal punctuation and short title-like lines;
`.`/`!`/`?` followed by a capital, digit or bullet. It does not break after honorifics and minutes
abbreviations (Cllr., Mr., No., e.g., ...), single initials ("J. Smith") or decimals ("13.3%"). List markers
are left outside the sentence span. A tab-separated last column (an action's owner, "...meeting.\tClerk")
stays with the sentence before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # char offsets into the text given to split_sentences / summarise_item
    end: int


# --------------------------------------------------------------------------------------------------
# sentence splitting

_ABBREVIATIONS = {
    "cllr",
    "cllrs",
    "clr",
    "coun",
    "councillor",
    "mr",
    "mrs",
    "ms",
    "mx",
    "dr",
    "prof",
    "rev",
    "revd",
    "st",
    "no",
    "nos",
    "e.g",
    "eg",
    "i.e",
    "ie",
    "etc",
    "approx",
    "ref",
    "para",
    "paras",
    "min",
    "mins",
    "cf",
    "vs",
    "v",
    "viz",
    "inc",
    "incl",
    "co",
    "dept",
    "est",
    "fig",
    "tel",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "hon",
    "rt",
    "sgt",
    "insp",
    "supt",
    "ch",
    "cpl",
    "gen",
    "col",
    "capt",
    "lt",
    "messrs",
    "a.o.b",
    "p",
    "pp",
    "op",
    "cl",
    "s",
    "sec",
    "art",
    "reg",
}
# a list marker at the start of a line: bullet glyphs, 1) 1. (a) a) i) – followed by whitespace
_LIST_MARKER = re.compile(r"[ \t]*(?:[*•·●▪‣◦\-–—]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)]|\(?[ivxIVX]{1,5}\))[ \t]+")
_TERMINAL = re.compile(r"[.!?]")
_CLOSERS = "\"'”’)]"
_OPENERS = "\"'“‘(["


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the '.' at `dot` ends an abbreviation, an initial, or an ordinal list number."""
    begin = dot
    while begin > 0 and (text[begin - 1].isalpha() or text[begin - 1] == "."):
        begin -= 1
    word = text[begin:dot].lower().strip(".")
    if not word:
        return False
    if word in _ABBREVIATIONS:
        return True
    token = text[begin:dot]
    if len(token) == 1 and token.isupper():  # initial: "J. Smith"
        return True
    if re.fullmatch(r"(?:[a-zA-Z]\.)+[a-zA-Z]", token):  # "a.m", "U.K"
        return word not in {"a.m", "p.m"}  # "at 7 p.m. The" – times usually end clauses, allow split
    return False


_MINOR = {"a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "with", "at", "by", "from", "&", "-", "–"}


def _title_like(line: str) -> bool:
    """A short heading-like line ("Declarations of Interest", "Cllr. O. Williams") with no terminal punctuation."""
    words = line.split()
    if not words or len(words) > 8 or len(line) > 60 or not words[0][:1].isupper():
        return False
    if words[-1].lower() in _MINOR or line[-1] in ",-&(/":
        return False
    major = [w for w in words if w.lower() not in _MINOR]
    return sum(1 for w in major if w[:1].isupper() or w[:1].isdigit()) >= 0.75 * len(major)


def _boundaries(text: str) -> list[tuple[int, int]]:
    """Cut points (end of a sentence, start of the next) in `text`."""
    cuts: list[tuple[int, int]] = []
    n = len(text)
    # line-level cuts
    for match in re.finditer(r"\n", text):
        nl = match.start()
        prev_end = nl
        while prev_end > 0 and text[prev_end - 1] in " \t\r":
            prev_end -= 1
        nxt = nl + 1
        while nxt < n and text[nxt] in " \t\r\n":
            nxt += 1
        if nxt >= n:
            continue
        blank = "\n" in text[nl + 1 : nxt]
        line_start = text.rfind("\n", 0, nl) + 1
        prev_line = text[line_start:prev_end].strip()
        next_line_end = text.find("\n", nxt)
        next_line = text[nxt : n if next_line_end < 0 else next_line_end]
        last = prev_line[-1:] if prev_line else ""
        if blank and prev_line.split() and prev_line.split()[-1].lower() in _MINOR and next_line[:1].isalpha():
            continue  # a page break inside a sentence: "residents of the town of\n\nRathkeale had ..."
        if (
            blank
            or last in ".!?:;" + _CLOSERS
            or _LIST_MARKER.match(next_line)
            or _LIST_MARKER.match(text[line_start:prev_end])
            or (next_line[:1].isupper() and _title_like(prev_line))
        ):
            cuts.append((prev_end, nxt))
    # in-line cuts after terminal punctuation
    for match in _TERMINAL.finditer(text):
        pos = match.start()
        end = pos + 1
        while end < n and text[end] in ".!?" + _CLOSERS:
            end += 1
        if end >= n or text[end] not in " \t":
            continue  # decimals, "e.g.x", end of text, or a newline (handled above)
        nxt = end
        while nxt < n and text[nxt] in " \t":
            nxt += 1
        if nxt >= n or text[nxt] == "\n":
            continue
        ch = text[nxt]
        if text[pos] == "." and _is_abbreviation(text, pos):
            # "No. 5", "Cllr. Smith", "e.g. Stockton": never a boundary
            continue
        starts_sentence = ch.isupper() or ch.isdigit() or ch in _OPENERS or ch in "*•·●▪"
        if not starts_sentence:
            continue
        if text[pos] == "." and pos > 0 and text[pos - 1].isdigit() and ch.isdigit():
            continue  # "para 3. 4" – rare; keep together
        cuts.append((end, nxt))
    cuts.sort()
    return cuts


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    marker = _LIST_MARKER.match(text, start, end)
    if marker and marker.end() < end and (start == 0 or text[start - 1] == "\n" or text[:start].strip() == ""):
        start = marker.end()
    return start, end


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text` as exact substrings with offsets (list markers and whitespace excluded)."""
    out: list[Sentence] = []
    begin = 0
    for cut_end, cut_next in _boundaries(text) + [(len(text), len(text))]:
        if cut_end < begin:
            continue
        start, end = _trim(text, begin, cut_end)
        if end > start and any(ch.isalpha() for ch in text[start:end]):
            out.append(Sentence(text[start:end], start, end))
        begin = max(begin, cut_next)
    return _attach_owner_columns(text, out)


def _attach_owner_columns(text: str, sentences: list[Sentence]) -> list[Sentence]:
    """Join a tab-separated last column ("...meeting.\tClerk") to the sentence it belongs to."""
    joined: list[Sentence] = []
    for sentence in sentences:
        gap = text[joined[-1].end : sentence.start] if joined else ""
        line_end = text.find("\n", sentence.end)
        ends_line = text[sentence.end : len(text) if line_end < 0 else line_end].strip() == ""
        if joined and "\t" in gap and "\n" not in gap and ends_line and len(sentence.text) <= 40:
            previous = joined.pop()
            joined.append(Sentence(text[previous.start : sentence.end], previous.start, sentence.end))
        else:
            joined.append(sentence)
    return joined
