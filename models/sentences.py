"""Split minutes text into sentences that are exact substrings of it, with their offsets.

Minutes are full of abbreviations ("Cllr.", "Mr.", "No.", "Co.") and initials ("Cllr. P. Harries"),
bullets and numbered paragraphs; a sentence never crosses a paragraph break or starts inside a name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = {
    "cllr", "cllrs", "clir", "mr", "mrs", "ms", "dr", "no", "nos", "st", "co", "supt", "sgt", "insp", "det", "rev",
    "revd", "prof", "approx", "etc", "e.g", "i.e", "eg", "ie", "vs", "viz", "ref", "tel", "inc", "ltd", "dept",
    "cc", "fig", "para", "paras", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "a.m", "p.m", "t.d", "td", "p", "pp", "vol", "cf", "gov", "rd", "ave",
}
_BOUNDARY = re.compile(r"[.!?]+[\"”’')\]]*\s+(?=[\"“‘(\[•*\-–]?\s*[A-Z0-9])|\n\s*(?=[•*▪\-–]\s)|\s+(?=•\s)")
_PARAGRAPH = re.compile(r"\n\s*\n")


@dataclass
class Sentence:
    text: str
    start: int
    end: int


def _ends_with_abbreviation(chunk: str) -> bool:
    match = re.search(r"([A-Za-z][A-Za-z.]*)\.$", chunk.rstrip("\"”’')] "))
    if not match:
        return False
    word = match.group(1).lower()
    return word in _ABBREVIATIONS or len(word) == 1  # an initial: "P. Harries"


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text` as (text, start, end) with text == original[start:end], stripped."""
    sentences: list[Sentence] = []
    position = 0
    for paragraph in _PARAGRAPH.split(text):
        p_start = text.index(paragraph, position) if paragraph else position
        position = p_start + len(paragraph)
        begin = previous_begin = 0
        for boundary in _BOUNDARY.finditer(paragraph):
            head = paragraph[begin:boundary.start() + 1]
            if paragraph[boundary.start()] == "." and _ends_with_abbreviation(head):
                continue
            if re.fullmatch(r"\s*(\d{1,3}|[a-z]|[ivx]{1,4})[.)]?\s*", head):
                continue  # a paragraph number, not a sentence
            _add(sentences, paragraph, p_start, begin, boundary.end())
            previous_begin, begin = begin, boundary.end()
        if begin and "\t" in paragraph[begin - 2:begin] and len(paragraph) - begin <= 40 and sentences:
            sentences.pop()  # a trailing owner column belongs to the sentence before it
            begin = previous_begin
        _add(sentences, paragraph, p_start, begin, len(paragraph))
    return sentences


def _add(out: list[Sentence], paragraph: str, offset: int, begin: int, end: int) -> None:
    chunk = paragraph[begin:end]
    stripped = chunk.strip()
    if not stripped or not re.search(r"[A-Za-z0-9]", stripped):
        return
    lead = len(chunk) - len(chunk.lstrip())
    start = offset + begin + lead
    out.append(Sentence(stripped, start, start + len(stripped)))
