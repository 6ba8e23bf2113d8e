"""Split a meeting's lines into agenda items.

Councils write minutes in different conventions; each is a heading *style* that finds item starts.
The first style that finds enough starts in a document wins:

1. `numbered_with_item_ref` - ModernGov PDFs: "80. Provisional Settlement" then "(Item 5)".
2. `minute_numbers` - parish minutes: "222/18 Emergency Evacuation ..." often mid-paragraph.
3. `numbered_headings` - short numbered heading lines: "1. Adoption of Minutes", "Item 3: ...".
4. `emphasised_headings` - bold or upper-case heading lines.
5. `labelled_paragraphs` - paragraphs opening with "Heading: text".
6. `title_lines` - bare short title-case lines between paragraphs (Stockton).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .clean import normalise_ocr_titles, normalise_spaces
from .records import Line

ATTENDANCE_LABEL = re.compile(
    r"^\s*(present( in the chair)?|in the chair|members( present)?|councillors present|also present|"
    r"officers?( present| in attendance)?|officials( present| in attendance)?|(also )?in attendance|"
    r"apologies( for absence)?|oireachtas members|garda nominations|others|members of the public|public|"
    r"absent|chair(man|person)?|attendance|present at the meeting)\s*(?:[:\-–]\s*(?P<rest>.*)|\s*)$",
    re.IGNORECASE,
)
_ITEM_REF = re.compile(r"^\s*\(\s*Item\s+[\dA-Za-z.]+\s*\)\s*$", re.IGNORECASE)
_NUMBERED_START = re.compile(r"^\s*(\d{1,3})\.\s+(\S.*)$")
_NUMBERED_HEADING = re.compile(
    r"^\s*(?:item\s+(?:no\.?\s*)?)?(\d{1,2}(?:\.\d{1,2}|[A-Za-z](?=\.))?)\s*(?:[.:)\-–]\s*|\s+)(?=\S)(.{2,})$",
    re.IGNORECASE,
)
_BARE_ITEM_NUMBER = re.compile(r"^\s*(?:item\s+(?:no\.?\s*)?(\d{1,2})\s*[.:]?|(\d{1,2})\s*\.)\s*$", re.IGNORECASE)
_MONTH_START = re.compile(r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}", re.IGNORECASE)
_MINUTE_NUMBER = re.compile(r"(?<![\w/£$.,])(\d{1,3})/(\d{2})(?:/(\d{1,2}))?(?![\w/])(?=[ \t.:]*[A-Z(\"“‘'])")
_LABEL = re.compile(r"^([A-Z][A-Za-z’'&,()\-– ]{2,60}?)\s*:\s+(?=\S)")
_TERMINAL = (".", ",", ";", "?", "!")
_CLAUSE_STARTERS = {
    "The",
    "It",
    "Apologies",
    "Cllr",
    "Cllrs",
    "Councillor",
    "Councillors",
    "Members",
    "A",
    "An",
    "No",
    "Mr",
    "Mrs",
    "Ms",
    "There",
    "This",
    "These",
    "Following",
    "Resolved",
    "RESOLVED",
    "Proposed",
    "All",
    "Noted",
    "We",
    "He",
    "She",
    "They",
    "Clerk",
    "Chairman",
    "Chair",
    "Vice-Chair",
    "Nothing",
    "None",
    "Agreed",
    "AGREED",
    "Council",
    "Parish",
    "Mrs.",
    "Mr.",
    "Cllr.",
    "As",
    "In",
    "Discussion",
    "Details",
}
_SMALL_WORDS = {"a", "an", "and", "the", "of", "on", "in", "for", "to", "at", "by", "with", "or", "from", "&", "-", "–"}


@dataclass
class ItemSpan:
    """Where one agenda item lies in the line list."""

    heading: str
    number: str | None
    first_line: int  # first body line (or the line holding inline heading and body)
    end_line: int  # exclusive
    cut: int = 0  # characters of first_line that still belong to the previous item
    body_offset: int = 0  # where the body starts in first_line (after an inline number or label)
    heading_lines: list[int] = field(default_factory=list)


@dataclass
class Segmentation:
    style: str
    preamble_end: int
    items: list[ItemSpan]


def _text(line: Line) -> str:
    return normalise_spaces(line.text)


def _next_nonblank(lines: list[Line], index: int, limit: int = 4) -> int | None:
    for j in range(index + 1, min(len(lines), index + 1 + limit)):
        if lines[j].text.strip():
            return j
    return None


def _prev_nonblank(lines: list[Line], index: int) -> int | None:
    for j in range(index - 1, max(-1, index - 4), -1):
        if lines[j].text.strip():
            return j
    return None


def _is_titleish(text: str) -> bool:
    words = [w for w in re.split(r"\s+", text) if re.search(r"[A-Za-z]", w)]
    if not words:
        return False
    significant = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not significant:
        return False
    capitalised = sum(1 for w in significant if re.search(r"[A-Z]", w[:2]) or not w[0].isalpha())
    return capitalised / len(significant) >= 0.6


_ENDS_UNFINISHED = re.compile(r"\b(?:and|or|of|the|to|for|with|by|in|on|at|from|that|a|an)\s*$|[,&/]\s*$", re.I)


def _ends_unfinished(line: str) -> bool:
    """A shouted heading line that goes on ('WHAT ARE THE TOTAL NUMBER OF CRIMES COMMITTED BY')."""
    return bool(_ENDS_UNFINISHED.search(line))


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) > 0.85


# --- styles ------------------------------------------------------------------------------------------


def _numbered_with_item_ref(lines: list[Line]) -> list[ItemSpan]:
    spans: list[ItemSpan] = []
    for i, line in enumerate(lines):
        if not _ITEM_REF.match(line.text):
            continue
        # walk back to the numbered line (the heading may wrap over up to three lines)
        heading_lines: list[int] = []
        j = i - 1
        while j >= 0 and len(heading_lines) < 4:
            if lines[j].text.strip():
                heading_lines.insert(0, j)
                if _NUMBERED_START.match(lines[j].text):
                    break
            elif heading_lines:
                break
            j -= 1
        if not heading_lines:
            continue
        first = _NUMBERED_START.match(lines[heading_lines[0]].text)
        joined = " ".join(_text(lines[k]) for k in heading_lines)
        number = None
        if first:
            number = first.group(1)
            joined = normalise_spaces(re.sub(r"^\s*\d{1,3}\.\s+", "", joined))
        spans.append(ItemSpan(joined, number, i + 1, len(lines), heading_lines=heading_lines))
    return spans


def _minute_numbers(lines: list[Line]) -> list[ItemSpan]:
    """Parish minute numbers ("222/18"), kept only in one increasing sequence with one year suffix."""
    found: list[tuple[int, int, re.Match[str]]] = []
    for i, line in enumerate(lines):
        for match in _MINUTE_NUMBER.finditer(line.text):
            before = line.text[: match.start()].rstrip()
            at_boundary = not before or before.endswith((".", ":", ";", ")", "”", '"')) or len(before) < 3
            if at_boundary and not re.search(r"\b(minute|item|resolution|ref)\s*$", before, re.IGNORECASE):
                found.append((i, match.start(), match))
    if len(found) < 3:
        return []
    suffixes: dict[str, int] = {}
    for _, _, m in found:
        suffixes[m.group(2)] = suffixes.get(m.group(2), 0) + 1
    suffix = max(suffixes, key=lambda s: suffixes[s])
    chosen: list[tuple[int, int, re.Match[str]]] = []
    last = -1
    for entry in found:
        m = entry[2]
        key = int(m.group(1)) * 100 + int(m.group(3) or 0)
        if m.group(2) == suffix and key > last and (last < 0 or key - last < 4000):
            chosen.append(entry)
            last = key
    if len(chosen) < 3:
        return []
    # split lines so each minute starts its own line, then build spans
    spans: list[ItemSpan] = []
    for line_index, offset, match in chosen:
        number = match.group(0)
        rest = lines[line_index].text[match.end() :]
        spans.append(
            ItemSpan(_inline_heading(rest), number, line_index, len(lines), cut=offset, body_offset=match.end())
        )
    return spans


_INLINE_NUMBER = re.compile(r"(?<![\w./£$€,\-])(\d{1,2})(\\?\.)?(?=\s+[A-Z“‘\"(][a-zA-Z])")
RUN_ON_LINE = 1500  # a "line" this long is paragraphs run together: its numbers need not follow a full stop


def _inline_numbers(lines: list[Line]) -> list[ItemSpan]:
    """Agenda numbers run into paragraphs ("... 1. Apologies ... 2. Declarations"): one chain 1, 2, 3...

    Where a whole document is one run-on line, a number need not follow a full stop ("THE MEETING 1.
    Apologies"), and the chain's next number may even lack its own full stop ("5 Minutes of ..."): the
    chain climbing by one is what makes it the agenda."""
    spans: list[ItemSpan] = []
    expected = 1
    for i, line in enumerate(lines):
        run_on = len(line.text) > RUN_ON_LINE
        for match in _INLINE_NUMBER.finditer(line.text):
            number = int(match.group(1))
            before = line.text[: match.start()].rstrip()
            at_boundary = not before or before.endswith((".", ":", ";", ")", "”", '"', "!", "?")) or len(before) < 3
            dotted = bool(match.group(2))
            if not dotted and not (run_on and number == expected and expected > 1):
                continue
            if not (at_boundary or run_on) or not (expected <= number <= expected + 1):
                continue
            rest = line.text[match.end() :]
            spans.append(
                ItemSpan(_inline_heading(rest), str(number), i, len(lines), cut=match.start(), body_offset=match.end())
            )
            expected = number + 1
    return spans if len(spans) >= 3 else []


def _inline_heading(rest: str) -> str:
    """The short title at the start of a run-on minute: up to its first sentence end or clause."""
    text = normalise_spaces(rest).lstrip(" .:-–")
    shouted = re.match(r"^((?:[A-Z][A-Z’'&/,()\-]*\s+){1,}[A-Z][A-Z’'&/,()\-]+)\b(?=\s+[A-Z]?[a-z]|\s*$|\s*[.:])", text)
    if shouted and len(shouted.group(1).split()) >= 2:
        return shouted.group(1).strip(" ,")
    first_sentence = re.split(r"(?<=[a-z0-9)])[.:;]\s|\s[–-]\s|\s[•▪●]\s", text, maxsplit=1)[0]
    words = first_sentence.split()
    cut = _title_end(words[:30])
    if cut and _is_titleish(" ".join(words[:cut])):  # a Title Case heading, then the minute's prose
        return " ".join(words[:cut])
    if len(words) <= 25 and words and words[-1].lower() not in _TITLE_LOWER:  # a heading that is a sentence
        return first_sentence.rstrip(".:; ")
    return " ".join(words[:cut] if cut else _trim_connectors(words[:12]))


# Lower-case words that continue an agenda title ("Minutes of the Meeting held on 5th December"); any other
# lower-case word after a capitalised one marks where the minute's prose begins ("Apologies were received").
_TITLE_LOWER = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "by",
    "for",
    "from",
    "held",
    "in",
    "into",
    "of",
    "on",
    "or",
    "re",
    "regarding",
    "the",
    "to",
    "with",
    "between",
    "dated",
    "including",
    "about",
    "per",
    "via",
    "&",
    "-",
    "–",
}
_DETERMINERS = {
    "The",
    "A",
    "An",
    "This",
    "These",
    "It",
    "There",
    "All",
    "No",
    "Members",
    "Councillors",
    "Cllr",
    "Cllrs",
    "Mr",
    "Mrs",
    "Ms",
    "He",
    "She",
    "They",
    "We",
    "Clerk",
    "Chair",
    "Chairman",
}


def _title_end(words: list[str]) -> int:
    """How many of `words` an agenda title run into its minute takes: it ends before the first capitalised
    word that begins prose (followed by a lower-case word that is no title word, or by initials' verb:
    'LH reported'), before a sub-number ('7.1') or a bullet, and never on a connecting word."""
    for k in range(1, len(words) - 1):
        word, following = words[k], words[k + 1]
        if re.fullmatch(r"\d+(\.\d+)+\.?|[•▪●*]", word):
            return _trim(words, k)
        if not word[:1].isupper() or words[k - 1] in _TITLE_LOWER - {"held"}:
            continue  # a capitalised word after 'of', 'the', 'and' continues the title
        if following[:1].islower() and following.lower() not in _TITLE_LOWER:
            # 'Evacuation Procedures was read': the noun is the title's, the verb begins the minute; but a
            # determiner, initials ('LH reported') or a word the title already has ('Apologies of Absence
            # Apologies were received') begins the minute's own sentence
            if words[k - 1] in _DETERMINERS:
                return _trim(words, k - 1)
            if word in _DETERMINERS or re.fullmatch(r"[A-Z]{2,3}", word) or word in words[:k]:
                return _trim(words, k)
            return _trim(words, k + 1)
    return 0


def _trim(words: list[str], end: int) -> int:
    while end > 1 and words[end - 1].lower() in _TITLE_LOWER:
        end -= 1
    return end


def _trim_connectors(words: list[str]) -> list[str]:
    return words[: _trim(words, len(words))]


def _numbered_headings(lines: list[Line]) -> list[ItemSpan]:
    spans: list[ItemSpan] = []
    numbers: list[int] = []
    for i, line in enumerate(lines):
        text = _text(line)
        bare = _BARE_ITEM_NUMBER.match(text)
        following = _next_nonblank(lines, i)
        if bare and following is not None:
            text = f"{bare.group(1) or bare.group(2)} {_text(lines[following])}"
        match = _NUMBERED_HEADING.match(text)
        if not match or len(text) > 110:
            continue
        title = match.group(2)
        if not re.match(r"[A-Z(“\"'‘]", title) or title.rstrip().endswith(_TERMINAL[1:]) or _MONTH_START.match(title):
            continue
        following = _next_nonblank(lines, i)
        continues = following is not None and _text(lines[following])[:1].islower() and not lines[following].bold
        if continues and not line.bold:
            continue
        if not (line.bold or _is_upper(title) or (_is_titleish(title) and not title.endswith("."))):
            continue
        numbers.append(int(re.match(r"\d+", match.group(1)).group(0)))  # type: ignore[union-attr]
        heading_lines = [i]
        heading = title
        if bare and following is not None:
            heading_lines.append(following)
            following = _next_nonblank(lines, following)
        # a bold heading wrapped onto the next bold line
        if (
            line.bold
            and following is not None
            and lines[following].bold
            and following == i + 2
            or (following == i + 1 and following is not None and lines[following].bold and line.bold)
        ):
            nxt = _text(lines[following])
            if not _NUMBERED_HEADING.match(nxt) and not ATTENDANCE_LABEL.match(nxt) and len(nxt) < 90:
                heading = f"{heading} {nxt}"
                heading_lines.append(following)
        last = heading_lines[-1]
        nxt_index = _next_nonblank(lines, last, 2)
        while nxt_index is not None and len(heading_lines) < 3 and _ends_unfinished(_text(lines[last])):
            nxt = _text(lines[nxt_index])  # a heading wrapped onto the next line: '... (to be referred to the'
            if _NUMBERED_HEADING.match(nxt) or ATTENDANCE_LABEL.match(nxt) or len(nxt) > 100 or nxt[:1].islower():
                break
            heading = f"{heading} {nxt}"
            heading_lines.append(nxt_index)
            last, nxt_index = nxt_index, _next_nonblank(lines, nxt_index, 2)
        spans.append(ItemSpan(heading, match.group(1), heading_lines[-1] + 1, len(lines), heading_lines=heading_lines))
    chosen = agenda_chain(numbers)
    spans = [spans[k] for k in chosen]
    return spans if len(spans) >= 3 else []


def agenda_chain(numbers: list[int]) -> list[int]:
    """Indices of the agenda's own numbering among numbered lines: the longest run that climbs by 1-3
    (numbered lists inside items restart or jump), plus an earlier climbing run where pages came out of order."""
    best_length = [1] * len(numbers)
    previous = [-1] * len(numbers)
    for j in range(len(numbers)):
        for i in range(j):
            if 0 < numbers[j] - numbers[i] <= 3 and best_length[i] + 1 > best_length[j]:
                best_length[j], previous[j] = best_length[i] + 1, i
    if not numbers:
        return []
    end = max(range(len(numbers)), key=lambda k: (best_length[k], -k))
    chain = []
    while end != -1:
        chain.append(end)
        end = previous[end]
    chain.reverse()
    last_number = numbers[chain[-1]]
    head = [k for k in range(chain[0]) if numbers[k] > last_number]  # e.g. items 17, 18 printed first
    head = [k for n, k in enumerate(head) if n == 0 or numbers[k] > numbers[head[n - 1]]]
    return head + chain


def _emphasised_headings(lines: list[Line]) -> list[ItemSpan]:
    spans: list[ItemSpan] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        text = _text(line)
        words = text.split()
        emphasised = (line.bold or _is_upper(text)) and not re.match(r"^(\t| {4,})", line.text)
        if (
            not emphasised
            or re.match(r"^[-•*–]\s", text)
            or re.search(r"[£€$]\s?\d", text)
            or not words
            or len(words) > 16
            or ATTENDANCE_LABEL.match(text)
            or text.endswith((".", ",", ";"))
            or text.startswith(("“", '"', "‘"))
            or not re.search(r"[A-Za-z]{3}", text)
        ):
            i += 1
            continue
        following = _next_nonblank(lines, i, 3)
        previous = _prev_nonblank(lines, i)
        if (following is not None and _text(lines[following])[:1].islower()) or (
            previous is not None
            and lines[previous].bold
            and not _text(lines[previous]).endswith((".", ":", "”", '"'))
            and not _is_upper(text)
            and len(words) > 6
        ):
            i += 1
            continue
        heading_lines = [i]
        while (
            following is not None
            and len(heading_lines) < (6 if _ends_unfinished(_text(lines[heading_lines[-1]])) else 3)
            and (lines[following].bold or _is_upper(_text(lines[following])))
            and not ATTENDANCE_LABEL.match(_text(lines[following]))
            and (len(_text(lines[following]).split()) < 12 or _ends_unfinished(_text(lines[heading_lines[-1]])))
            and not text.endswith(":")
        ):
            heading_lines.append(following)
            following = _next_nonblank(lines, following, 3)
        heading = " ".join(_text(lines[k]) for k in heading_lines)
        number = None
        numbered = _NUMBERED_HEADING.match(heading)
        if numbered:
            number, heading = numbered.group(1), numbered.group(2)
        spans.append(
            ItemSpan(heading.rstrip(" :"), number, heading_lines[-1] + 1, len(lines), heading_lines=heading_lines)
        )
        i = heading_lines[-1] + 1
    return spans if len(spans) >= 3 else []


def _labelled_paragraphs(lines: list[Line]) -> list[ItemSpan]:
    spans: list[ItemSpan] = []
    for i, line in enumerate(lines):
        text = line.text
        previous = _prev_nonblank(lines, i)
        if previous is not None and previous == i - 1:
            continue  # a label starts a paragraph
        match = _LABEL.match(text)
        if not match or ATTENDANCE_LABEL.match(match.group(1)) or len(match.group(1).split()) > 8:
            continue
        spans.append(ItemSpan(match.group(1).strip(), None, i, len(lines), body_offset=match.end()))
    return spans if len(spans) >= 3 else []


def _title_lines(lines: list[Line]) -> list[ItemSpan]:
    spans: list[ItemSpan] = []
    for i, line in enumerate(lines):
        text = _text(line)
        words = text.split()
        if not words or len(words) > 10 or len(text) > 80 or text.endswith((":", ",", ";", ".", "-")):
            continue
        if ATTENDANCE_LABEL.match(text) or not re.match(r"[A-Za-z(]", text) or not _is_titleish(text):
            continue
        previous = _prev_nonblank(lines, i)
        if previous is not None and previous == i - 1 and not _text(lines[previous]).endswith((".", ":", "!", "?")):
            continue
        following = _next_nonblank(lines, i)
        if following is not None and _text(lines[following])[:1].islower():
            continue
        if spans and previous is not None and previous in spans[-1].heading_lines:
            continue  # a heading is followed by its body, not by another heading
        spans.append(ItemSpan(text, None, i + 1, len(lines), heading_lines=[i]))
    return spans if len(spans) >= 2 else []


STYLES = [
    ("numbered_with_item_ref", _numbered_with_item_ref, 2),
    ("minute_numbers", _minute_numbers, 3),
    ("numbered_headings", _numbered_headings, 3),
    ("emphasised_headings", _emphasised_headings, 3),
    ("inline_numbers", _inline_numbers, 3),
    ("labelled_paragraphs", _labelled_paragraphs, 3),
    ("title_lines", _title_lines, 2),
]


def _first_item_start(span: ItemSpan) -> int:
    return min(span.heading_lines) if span.heading_lines else span.first_line


def _header_end(lines: list[Line]) -> int:
    """Index after the meeting header and attendance blocks (where items may begin)."""
    last_label = -1
    for i, line in enumerate(lines[: min(120, int(len(lines) * 0.4) + 1)]):
        if ATTENDANCE_LABEL.match(_text(line)) and _text(line):
            last_label = i
    if last_label < 0:
        return 0
    end = last_label + 1
    # the names listed under the last label belong to the header too, up to the blank line after them
    label_match = ATTENDANCE_LABEL.match(_text(lines[last_label]))
    started = bool(label_match and (label_match.group("rest") or "").strip())
    while end < len(lines):
        text = _text(lines[end])
        if not text:
            if started:
                break
        elif not re.fullmatch(r"[-–—_*=\s]+", text):
            words = text.split()
            lowercase = sum(1 for w in words if w[:1].islower() and w not in ("and", "of", "the", "for", "de"))
            if len(text) > 120 or lowercase > max(1, len(words) // 4):
                break
            started = True
        end += 1
    return end


def segment(lines: list[Line]) -> Segmentation:
    """Find the agenda items of a meeting; a document with no recognisable headings is one item."""
    header_end = _header_end(lines)
    for name, style, minimum in STYLES:
        spans = _style_spans(name, style, lines, header_end)
        if name == "numbered_headings" and len(spans) >= minimum:
            emphasised = _style_spans("emphasised_headings", _emphasised_headings, lines, header_end)
            shouted = sum(1 for span in spans if _is_upper(span.heading))
            if len(emphasised) > len(spans) and shouted >= 0.8 * len(spans):
                name, spans = "emphasised_headings", emphasised  # shouted headings, only some of them numbered
        if len(spans) >= minimum:
            for current, following in zip(spans, spans[1:]):
                current.end_line = _first_item_start(following)
            if not spans[0].number and _is_meeting_title(lines, spans[0]):
                spans = spans[1:]
            return Segmentation(name, _first_item_start(spans[0]), spans)
    return Segmentation("whole_document", header_end, [ItemSpan("Minutes", None, header_end, len(lines))])


def _style_spans(name: str, style, lines: list[Line], header_end: int) -> list[ItemSpan]:
    spans = style(lines)
    if name in ("emphasised_headings", "title_lines", "labelled_paragraphs"):
        # headings of these looser styles cannot sit inside the header / attendance block
        spans = [s for s in spans if _first_item_start(s) >= header_end or s.number]
        spans = _drop_title_block(lines, spans)
    return spans


def _is_meeting_title(lines: list[Line], span: ItemSpan) -> bool:
    """The document's title line, whose "body" is the "A meeting of ... was held" sentence."""
    body = " ".join(line.text for line in lines[span.first_line : span.end_line])[:300]
    return _first_item_start(span) < 6 and bool(re.search(r"\b(meeting|minutes)\b.{0,120}\bheld\b", body, re.I))


def _drop_title_block(lines: list[Line], spans: list[ItemSpan]) -> list[ItemSpan]:
    """Drop headings that are the document's title (e.g. "MINUTES OF ... MEETING") at its top."""
    kept = []
    for span in spans:
        if (
            not span.number
            and _first_item_start(span) < 15
            and re.search(
                r"^(draft\s+)?minutes\s+of\b|^(a\s+)?(meeting|proceedings)\s+of\b|\bheld\s+(on|in|at)\b",
                span.heading,
                re.IGNORECASE,
            )
        ):
            continue
        kept.append(span)
    return kept


def clean_heading(heading: str) -> str:
    """The heading as a reader would want it: numbering, item refs and shouting removed, OCR fixed."""
    text = normalise_ocr_titles(normalise_spaces(heading))
    text = re.sub(r"^\s*(item\s+(no\.?\s*)?)?\d{1,3}(\.\d{1,2})?\s*[.:)\-–]?\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\(\s*Item\s+\d+\s*\)\s*$", "", text, flags=re.IGNORECASE)
    text = text.strip(" :-–.")
    if _is_upper(text):
        words = text.lower().split()
        text = " ".join(w if (k and w in _SMALL_WORDS) else w[:1].upper() + w[1:] for k, w in enumerate(words))
    return text
