"""Names as text: the matching copy of a text, the key one real thing shares across spellings, display names."""

from __future__ import annotations

import re

from ingest.clean import normalise_ocr_titles

from .vocabulary import _SMALL, _TITLE_PREFIX, _UPPER


def shadow_text(text: str) -> str:
    """Same-length copy for matching: '**' blanked, runs of ALL-CAPS words title-cased, OCR titles fixed."""
    text = text.replace("*", " ")
    text = re.sub(r"(?m)(^|\s)(\d{1,3})\.(?=[A-Z])", r"\1\2 ", text)

    def title_run(match: re.Match) -> str:
        words = re.split(r"(\W+)", match.group(0))
        out = []
        for i, word in enumerate(words):
            low = word.lower()
            if i and low in _SMALL:
                out.append(low)
            elif word.isalpha() or "’" in word or "'" in word:
                out.append(word[:1] + word[1:].lower())
            else:
                out.append(word)
        return "".join(out)

    caps_word = rf"[{_UPPER}][{_UPPER}’'\-]*[{_UPPER}]"
    text = re.sub(rf"\b{caps_word}(?:[ ,’':\-&]+(?:{caps_word}|[{_UPPER}]))+\b", title_run, text)
    fixed = normalise_ocr_titles(text)
    return fixed if len(fixed) == len(text) else text


def entity_key(name: str, label: str) -> str:
    """The normalised key one real thing shares across spellings: casefolded, titles and 'the' stripped."""
    text = normalise_ocr_titles(name).replace("*", " ").replace("’", "'")
    text = re.sub(r"-\s+", "-", text)
    text = re.sub(r"\s+", " ", text).strip(" .,;:'\"‘“”()")
    text = re.sub(r"^(?:the|an)\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"'s$", "", text)
    if label == "PERSON":
        text = _TITLE_PREFIX.sub("", text)
        text = re.sub(r"\.\s*", " ", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


def display_name(surface: str, label: str) -> str:
    """A surface form as an entity name: whitespace collapsed, leading 'The' and (people) titles dropped."""
    text = re.sub(r"-\s+(?=[A-Z0-9])", "-", surface.replace("*", " "))
    text = re.sub(r"\s+", " ", text).strip(' ,;:"‘“”()')
    text = re.sub(r"^(?:The|THE|the)\s+", "", text)
    text = re.sub(r"[’']s$", "", text)
    if label == "PERSON":
        text = _TITLE_PREFIX.sub("", normalise_ocr_titles(text))
    if label != "PERSON" or not re.search(r"\b[A-Z]\.$", text):
        text = text.rstrip(".")
    return text.strip()


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence (or heading line) of `text` around [start, end)."""
    left = max(
        text.rfind(". ", 0, start), text.rfind("? ", 0, start), text.rfind("! ", 0, start), text.rfind("\n\n", 0, start)
    )
    left = 0 if left < 0 else left + 2
    right = len(text)
    for stop in (". ", "? ", "! ", "\n\n"):
        found = text.find(stop, end)
        if found >= 0:
            right = min(right, found + 1)
    sentence = re.sub(r"\s+", " ", text[left:right].replace("**", "")).strip()
    if len(sentence) > 600:
        sentence = re.sub(r"\s+", " ", text[max(start - 250, 0) : min(end + 250, len(text))]).strip()
    return sentence
