"""Candidate spans: spaCy's entities, filtered; rule spans (head words, 'Operation X', titled people, acronyms,
road numbers, addresses); a greedy choice of non-overlapping spans."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .model import SPACY_LABELS, _common_words, _in_lexicon, _nouns, _verb_form, nlp
from .vocabulary import (
    _ACRONYM,
    _ADDRESS_NEXT,
    _CONNECTORS,
    _GENERIC_MODIFIERS,
    _GENERIC_PLAN,
    _INITIAL_LIST,
    _INITIAL_NAME,
    _INNER_SPLIT,
    _LEAD_STRIP,
    _NO_LOWER_HEADS,
    _NOT_ACRONYMS,
    _NOT_NAME_WORDS,
    _NOT_PLACE,
    _ORG_PLACE,
    _PERSON_NAME,
    _PLURAL_TITLED,
    _PREFIX_LABELS,
    _REPORT_WORDS,
    _ROAD_NUMBER,
    _ROLE_WORDS,
    _STATUTE_ACRONYMS,
    _TITLE_NEXT,
    _TITLE_PREFIX,
    _TITLED,
    _TRAIL_STRIP,
    HEADS,
)

_MATCHER = None


def _register_token_flags() -> None:
    from spacy.tokens import Token

    if not Token.has_extension("qname"):
        Token.set_extension("qname", default=False)


def _flag_name_tokens(doc) -> None:
    """Set `token._.qname` (a word that can be part of a proper name) once per token, left to right."""
    for token in doc:
        token._.qname = _is_name_token(token)


def _is_name_token(token) -> bool:
    text = token.text
    if text in {"-", "–"}:
        doc = token.doc
        if token.i == 0 or token.i + 1 >= len(doc):
            return False
        prev, nxt = doc[token.i - 1], doc[token.i + 1]
        attached = not prev.whitespace_ or not token.whitespace_
        return (attached and (prev.text[:1].isupper() or prev.like_num)) or (prev.like_num and nxt.like_num)
    if text in {"’s", "'s"}:
        return token.i > 0 and token.doc[token.i - 1].text[:1].isupper()
    if token.like_num:  # only inside a hyphenated name: 'Covid-19' (not the end of a range: '2025-35')
        doc = token.doc
        return (
            token.i > 1
            and doc[token.i - 1].text in {"-", "–"}
            and not doc[token.i - 1].whitespace_
            and doc[token.i - 2].is_alpha
        )
    if text[:1].isupper():
        return text.lower() not in {"i"} and not text.endswith(":")
    if token.i > 0 and text.isalpha() and not token.doc[token.i - 1].whitespace_:
        return token.doc[token.i - 1]._.qname  # a word the tokenizer split: 'Darent' -> 'Dare' 'nt'
    return False


def _matcher():
    global _MATCHER
    if _MATCHER is None:
        from spacy.matcher import Matcher

        _register_token_flags()
        model = nlp()
        matcher = Matcher(model.vocab)
        name = {"_": {"qname": True}}
        conn = {"LOWER": {"IN": sorted(_CONNECTORS)}}
        year = {"TEXT": {"REGEX": r"^(19|20)\d\d([–-](19|20)?\d\d)?$"}, "OP": "?"}
        dash = {"TEXT": {"IN": ["-", "–", "to"]}}
        for label, heads in HEADS.items():
            single = [h for h in heads if " " not in h]
            head_specs: list[dict[str, dict[str, str | list[str]]]] = [{"LOWER": {"IN": single}}]
            if label == "STRATEGY":
                head_specs.append({"LOWER": {"FUZZY1": "strategy"}})
                head_specs.append({"LOWER": {"FUZZY1": "framework"}})
            for head in head_specs:
                for k in range(3):
                    body: list[dict] = [dict(name, OP="+")]
                    for _ in range(k):
                        body += [conn, dict(name, OP="+")]
                    matcher.add(label, [body + [head, year]], greedy="LONGEST")
                    matcher.add(
                        label,
                        [
                            body
                            + [
                                head,
                                {"TEXT": {"REGEX": r"^(19|20)\d\d$"}},
                                dash,
                                {"TEXT": {"REGEX": r"^((19|20)?\d\d)$"}},
                            ]
                        ],
                        greedy="LONGEST",
                    )
            if label == "STRATEGY":  # 'Local Plan Review'
                matcher.add(label, [[dict(name, OP="+"), head_specs[0], {"LOWER": "review"}]], greedy="LONGEST")
            if label == "ORG":  # 'Community, Leisure and Emergency Services Strategic Policy Committee'
                first = dict(name, LOWER={"NOT_IN": sorted(_ROLE_WORDS | HEADS["PLACE"])})
                matcher.add(
                    label,
                    [
                        [
                            first,
                            {"TEXT": ","},
                            dict(name, OP="+"),
                            {"LOWER": {"IN": ["and", "&"]}},
                            dict(name, OP="+"),
                            head_specs[0],
                        ]
                    ],
                    greedy="LONGEST",
                )
            for multi in (h for h in heads if " " in h):
                words = [{"LOWER": w} for w in multi.split()]
                matcher.add(label, [[dict(name, OP="+")] + words], greedy="LONGEST")
        for prefix, label in _PREFIX_LABELS.items():
            matcher.add("PREFIX_" + label, [[{"LOWER": prefix}, dict(name, OP="+")]], greedy="LONGEST")
        matcher.add(
            "PLACE",
            [
                [
                    {"LOWER": {"IN": ["co.", "county", "co"]}},
                    dict(name, LOWER={"NOT_IN": sorted(HEADS["ORG"] | HEADS["PLACE"])}),
                ],
                [name, {"LOWER": "city"}, {"LOWER": "and"}, {"LOWER": "county"}],
            ],
            greedy="LONGEST",
        )
        matcher.add(
            "ORG_OF",
            [
                [
                    {
                        "LOWER": {
                            "IN": [
                                "university",
                                "department",
                                "office",
                                "institute",
                                "minister",
                                "ministry",
                                "district",
                                "municipal",
                                "board",
                                "bank",
                                "college",
                                "school",
                                "friends",
                                "church",
                                "diocese",
                            ]
                        }
                    },
                    {"LOWER": "of"},
                    {"LOWER": "the", "OP": "?"},
                    dict(name, OP="+"),
                    {"LOWER": "and", "OP": "?"},
                    dict(name, OP="*"),
                ]
            ],
            greedy="LONGEST",
        )
        _MATCHER = matcher
    return _MATCHER


@dataclass
class _Candidate:
    label: str
    start: int
    end: int
    priority: int


def _trim(span, label: str, prefix: bool = False):
    """Strip generic leading words (determiners, 'Members', sentence-initial verbs) and trailing fillers."""
    doc = span.doc
    start, end = span.start, span.end
    common = _common_words()
    source = doc.user_data.get("original")
    original = (source if source is not None else doc.text)[span.start_char : span.end_char]
    caps = not any(c.islower() for c in original)
    while start < end:
        tok = doc[start]
        low = tok.lower_
        initial = caps or tok.i == 0 or doc[tok.i - 1].text in {".", ":", "\n", "\n\n"} or "\n" in doc[tok.i - 1].text
        verb_form = _verb_form(low, common)
        if prefix and tok.i == span.start:
            break
        generic_start = initial and (verb_form or (caps and tok.is_stop)) and (caps or not tok.is_upper)
        if (
            low in _LEAD_STRIP
            or generic_start
            or not any(c.isalnum() for c in tok.text)
            or re.fullmatch(r"[a-z]\.|\(?[a-z0-9]{1,3}\)|[ivx]+\.", tok.text)
        ):
            start += 1
            continue
        break
    for i in range(start + 1, end - 1):
        prev = doc[i - 1].lower_
        if doc[i].lower_ == "the" and prev not in ("of", "for", "and", "&") and (doc[i - 1].is_stop or prev in common):
            start = i + 1
            break
    if prefix:
        for i in range(start + 1, end):
            if doc[i].lower_ in _TRAIL_STRIP or doc[i].lower_ in _REPORT_WORDS:
                end = i
                break
    while end > start:
        low = doc[end - 1].lower_
        if (label in ("OPERATION", "PROJECT") and low in _TRAIL_STRIP) or low in {"-", "–", "&", "and", "of", "the"}:
            end -= 1
            continue
        break
    return doc[start:end] if end > start else None


def _head_ok(span, label: str) -> bool:
    words = [t for t in span]
    head = words[-1]
    if head.like_num:
        heads = [t for t in words if not t.like_num and t.text not in {"-", "–", "to"}]
        if not heads:
            return False
        head = heads[-1]
    low = head.lower_
    if low in _NO_LOWER_HEADS and head.text.islower():
        return False
    names = [t for t in words if t.i < head.i]
    if not names:
        return False
    if label == "ORG" and all(t.lower_ in _GENERIC_MODIFIERS for t in names):
        return False
    if label in ("PLACE", "STRATEGY", "PROJECT") and all(t.lower_ in _GENERIC_MODIFIERS for t in names):
        return label == "PLACE" and any(t.lower_ in {"county", "town", "village", "parish"} for t in names)
    if (
        label == "LEGISLATION"
        and low == "order"
        and names[-1].lower_ in {"standing", "court", "purchase", "public", "work", "works", "postal"}
    ):
        return False
    if label == "STRATEGY" and all(t.lower_ in _GENERIC_MODIFIERS | _GENERIC_PLAN for t in names):
        return False
    return True


def _rule_candidates(doc, text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    vocab = doc.vocab.strings
    matcher = _matcher()
    _flag_name_tokens(doc)
    for match_id, start, end in matcher(doc):
        key = vocab[match_id]
        span = doc[start:end]
        if key.startswith("PREFIX_"):
            label = key[len("PREFIX_") :]
            span = _trim(span, label, prefix=True)
            if span is None or len(span) < 2:
                continue
            found.append(_Candidate(label, span.start_char, span.end_char, 3))
            continue
        if key == "ORG_OF":
            span = _trim_tail(span)
            if span is None or len(span) < 3:
                continue
            found.append(_Candidate("ORG", span.start_char, span.end_char, 2))
            continue
        label = key
        span = _trim(span, label)
        if span is not None and label in ("STRATEGY", "PROJECT", "LEGISLATION", "PLACE"):
            span, lead = _split_inner(span, possessive=label != "PLACE")
            if lead is not None and _head_ok(lead, "ORG"):
                found.append(_Candidate("ORG", lead.start_char, lead.end_char, 2))
        if span is None or len(span) < 2 or not _head_ok(span, label):
            if span is not None and label == "PLACE" and len(span) >= 2:
                found.append(_Candidate("ANCHOR", span.start_char, span.end_char, 0))  # 'Council Chamber, X'
            continue
        heads = [
            t.i
            for t in span[:-1]
            if t.lower_ in ("and", "&")
            and t.i > span.start
            and span.doc[t.i - 1].lower_ in HEADS["ORG"] | HEADS["PLACE"]
        ]
        second = [t for t in span if t.i > heads[0]] if heads else []
        if heads and (len(second) >= 3 or any(t.is_alpha and not _in_lexicon(t.lower_) for t in second[:-1])):
            cut = heads[0]  # 'Pieta House and Milford Hospice', not 'Askeaton Pool and Leisure Complex'
            for part in (span.doc[span.start : cut], span.doc[cut + 1 : span.end]):
                last = part[-1].lower_ if len(part) else ""
                plabel = (
                    label if last in HEADS[label] or part[-1].like_num else "ORG" if last in HEADS["ORG"] else "PLACE"
                )
                if len(part) >= 2 and _head_ok(part, plabel):
                    found.append(_Candidate(plabel, part.start_char, part.end_char, 2))
            continue
        if label in ("ORG", "PLACE"):
            span = _drop_possessor(span)
            if len(span) < 2 or _generic_unit(span) or span[-1].lower_ in _REPORT_WORDS:
                continue
        if (
            label == "PLACE"
            and span[-1].lower_ in _ORG_PLACE
            and any(
                t.lower_ in {"community", "area", "resource", "family", "youth", "enterprise", "response"} for t in span
            )
        ):
            label = "ORG"
        found.append(_Candidate(label, span.start_char, span.end_char, 2))
    return found


def _split_inner(span, possessive: bool = True):
    """'QA Unit Practice Framework' -> ('Practice Framework', 'QA Unit'); "Limerick's Plan" -> ('Plan', None)."""
    doc = span.doc
    for i in range(span.end - 2, span.start, -1):
        if possessive and doc[i].text in {"’s", "'s"}:
            return doc[i + 1 : span.end], None
        if doc[i].lower_ in _INNER_SPLIT and doc[i + 1]._.qname and i + 1 < span.end - 1:
            return doc[i + 1 : span.end], doc[span.start : i + 1]
    return span, None


def _trim_tail(span):
    end = span.end
    while end > span.start and span.doc[end - 1].lower_ in {"and", "of", "the", "-", "–"}:
        end -= 1
    return span.doc[span.start : end] if end > span.start else None


def _person_candidates(text: str, original: str) -> list[_Candidate]:
    found = []
    for match in _TITLED.finditer(text):
        name_start, name_end = match.span(1)
        name = text[name_start:name_end]
        words = name.split()
        raw = original[name_start:name_end].split()
        for i in range(1, len(raw)):
            if raw[i].isupper() and len(raw[i]) > 2 and not raw[0].isupper():
                words = words[:i]
                break
        while words and words[-1].strip(".") in _NOT_NAME_WORDS:
            words.pop()
        if not words or words[0].strip(".") in _NOT_NAME_WORDS:
            continue
        name_end = name_start + _span_len(text, name_start, words)
        start = match.start()
        paren = text.find("(", start, name_start)
        found.append(_Candidate("PERSON", paren + 1 if paren >= 0 else start, name_end, 4))
    for match in _INITIAL_LIST.finditer(text):
        for part in re.finditer(_INITIAL_NAME, match.group(1)):
            found.append(_Candidate("PERSON", match.start(1) + part.start(), match.start(1) + part.end(), 3))
    for match in _PLURAL_TITLED.finditer(text):
        body_start = match.start(1)
        for part in re.finditer(_PERSON_NAME, match.group(1)):
            if part.group(0).split()[0] in _NOT_NAME_WORDS:
                continue
            found.append(_Candidate("PERSON", body_start + part.start(), body_start + part.end(), 4))
    for match in _ACRONYM.finditer(original):
        word = match.group(1)
        if word in _NOT_ACRONYMS or word in _STATUTE_ACRONYMS or _in_lexicon(word.lower()):
            continue
        around = original[max(0, match.start() - 30) : match.end() + 30]
        if sum(1 for w in re.findall(r"[A-Za-z]{3,}", around) if w.isupper()) > 2:
            continue  # inside an ALL-CAPS heading
        start, end = match.start(), match.end()
        prev = re.search(r"(?<![.:]\s)(?<!^)\b([A-Z][a-z]+) $", original[max(0, start - 25) : start])
        nxt = re.match(r" ([A-Z][a-z]+)\b(?! [A-Z])", original[end : end + 25])
        from spacy.lang.en.stop_words import STOP_WORDS

        if prev and not _in_lexicon(prev.group(1).lower()) and prev.group(1).lower() not in STOP_WORDS:
            start -= len(prev.group(1)) + 1  # 'Norfolk ALC', 'Carms YFC'
        elif nxt and not _in_lexicon(nxt.group(1).lower()):  # 'CPRE Norfolk'
            end += len(nxt.group(1)) + 1
        found.append(_Candidate("ORG", start, end, 1))
    for match in _ROAD_NUMBER.finditer(text):
        found.append(_Candidate("PLACE", match.start(), match.end(), 3))
    for match in re.finditer(r"\b(" + "|".join(sorted(_STATUTE_ACRONYMS)) + r")\b", text):
        found.append(_Candidate("LEGISLATION", match.start(), match.end(), 3))
    return found


def _span_len(text: str, start: int, words: list[str]) -> int:
    """Length in `text` from `start` covering `words` (which may be separated by any whitespace)."""
    pos = start
    for word in words:
        pos = text.index(word, pos) + len(word)
    return pos - start


def _spacy_candidates(doc, original: str, lower_words: set[str]) -> list[_Candidate]:
    """spaCy's entities, label-mapped, with what it gets wrong on minutes filtered out.
    `lower_words`: the words the document also uses in lower case (so they are common words there)."""
    found = []
    nouns = _nouns()
    common = _common_words()

    def lowered(word: str) -> bool:
        return word in lower_words or word.rstrip("s") in lower_words or word + "s" in lower_words

    for ent in doc.ents:
        label = SPACY_LABELS.get(ent.label_)
        if label is None or ent[-1].lower_ in _REPORT_WORDS or ent[-1].lower_ in _ROLE_WORDS:
            continue
        span = _trim(ent, label)
        if span is None or (label == "PERSON" and len([t for t in span if t.is_alpha]) < 2):
            continue
        if label in ("ORG", "PLACE"):
            span = _drop_possessor(span)
            if _generic_unit(span):
                continue
        surface = original[span.start_char : span.end_char]
        if not any(c.islower() for c in surface):  # ALL-CAPS headings: rules and known names only
            low = surface.lower()
            if not (len(span) == 1 and len(surface) <= 6) or low in _nouns() or low in _common_words():
                continue
        last = span[-1].lower_
        if label in ("ORG", "PLACE") and last.endswith("s") and last[:-1] in nouns and last not in HEADS["ORG"]:
            continue  # plural common nouns: 'Drug Seizures', 'Community Policing Units'
        if (
            len(span) == 1
            and span[0].is_alpha
            and not span[0].is_upper
            and (lowered(last) or last in common or _verb_form(last, common) or span[0].is_stop)
        ):
            continue  # 'Justice', 'Date' (also used in lower case here), 'Circulated'
        if label == "PERSON" and all(lowered(t.lower_) for t in span if t.is_alpha):
            continue  # 'Street Drinking'-like phrases the minutes also write in lower case
        if label == "PERSON" and _inside_longer_name(span):
            continue  # 'King’s [Lynn Norfolk]', 'Stoke [Ferry King’s]': part of an address, not a person
        if label in ("ORG", "PLACE") and last in HEADS["STRATEGY"] | HEADS["PROJECT"] | HEADS["LEGISLATION"]:
            continue  # 'Business Plan' is no organisation
        if span[0].text in _NOT_ACRONYMS:
            continue
        if label == "LEGISLATION" and not ({t.lower_ for t in span} & (HEADS["LEGISLATION"] | {"code"})):
            continue  # spaCy LAW: 'Option 3', 'Phase 1'
        if label in ("ORG", "PLACE") and any(t.lower_ in ("and", "&", ",") for t in span) and last not in HEADS[label]:
            found += _split_coordinated(span, label)
            continue
        if label in ("ORG", "PLACE") and all(
            t.lower_ in _GENERIC_MODIFIERS or t.lower_ in HEADS["ORG"] or t.lower_ in HEADS["PLACE"] for t in span
        ):
            continue  # 'Council Chamber', 'Management Committee'
        if label == "ORG" and len(span) == 1 and not surface.isupper():
            label = "PLACE"  # a bare proper name spaCy calls ORG is mostly a townland or village here
        found.append(_Candidate(label, span.start_char, span.end_char, 1))
    return found


def _inside_longer_name(span) -> bool:
    """A span inside a longer run of capitalised words on one line (not after a title or a role, nor at the
    start of a sentence): spaCy cut a longer proper name, usually an address, into a 'person'
    ('King’s [Lynn Norfolk]', '[Ferry King’s] Lynn')."""
    doc = span.doc
    if span.start > 1 and doc[span.start - 1].text in {"’s", "'s"} and not doc[span.start - 2].whitespace_:
        return doc[span.start - 2].text[:1].isupper()
    if span.start > 0:
        before = doc[span.start - 1]
        glued = before.is_alpha and before.text[:1].isupper() and before.whitespace_ and "\n" not in before.whitespace_
        named = _TITLE_PREFIX.match(before.text + " ") or before.lower_ in _ROLE_WORDS or before.is_stop
        first = span.start == 1 or doc[span.start - 2].text in {".", ":", ";", "!", "?", "•", "-", "–"}
        first = first or "\n" in doc[span.start - 2].text or "\n" in doc[span.start - 2].whitespace_
        if glued and not named and not first:
            return True
    if span.end < len(doc) and span[-1].whitespace_ and "\n" not in span[-1].whitespace_:
        after = doc[span.end]
        return bool(
            after.is_alpha
            and after.text[:1].isupper()
            and not after.is_stop
            and not _TITLE_PREFIX.match(after.text + " ")
            and after.lower_ not in _ROLE_WORDS
            and not _in_lexicon(after.lower_)
        )
    return False


def _drop_possessor(span):
    """ "Limerick’s Fire and Emergency Services" -> "Fire and Emergency Services" ('St. Munchin’s ...' kept)."""
    doc = span.doc
    if (
        len(span) > 2
        and span[1].text in {"’s", "'s"}
        and span[0].text[:1].isupper()
        and not (span.start > 0 and doc[span.start - 1].lower_.rstrip(".") in {"st", "saint"})
    ):
        return doc[span.start + 2 : span.end]
    return span


def _generic_unit(span) -> bool:
    """'Digital Services', 'Democratic Services': a department named by one dictionary word."""
    words = [t for t in span if t.is_alpha]
    return (
        len(words) == 2
        and words[-1].lower_ in {"services", "service", "department"}
        and _in_lexicon(words[0].lower_)
        and not words[0].is_upper
    )


def _split_coordinated(span, label: str) -> list[_Candidate]:
    """'Ballynanty and Moyross' -> two names."""
    parts, start = [], span.start
    for tok in span:
        if tok.lower_ in ("and", "&", ","):
            parts.append(span.doc[start : tok.i])
            start = tok.i + 1
    parts.append(span.doc[start : span.end])
    return [
        _Candidate(
            "PLACE" if label == "ORG" and len(p) == 1 and not p.text.isupper() else label, p.start_char, p.end_char, 1
        )
        for p in parts
        if len(p)
    ]


def _address_places(cands: list[_Candidate], text: str) -> list[_Candidate]:
    """Address continuations: 'Council Chamber, Dooradoyle,' and 'Sessions House, County Hall, Maidstone.'"""
    out = list(cands)
    frontier = [c for c in cands if c.label in ("PLACE", "ANCHOR")]
    seen = {c.end for c in frontier}
    while frontier:
        cand = frontier.pop()
        match = _ADDRESS_NEXT.match(text, cand.end)
        if match is None or match.group(1).split()[0] in _NOT_PLACE:
            continue
        new = _Candidate("PLACE", match.start(1), match.end(1), 2)
        out.append(new)
        if new.end not in seen:
            seen.add(new.end)
            frontier.append(new)
    return out


def _job_title(cand: _Candidate, text: str) -> bool:
    """'Water Safety Development Officer', 'Senior Crime & Policing Analyst': a role, not an organisation."""
    return (
        cand.label in ("ORG", "PLACE", "PROJECT")
        and cand.priority < 4
        and _TITLE_NEXT.match(text, cand.end) is not None
    )


def _resolve(cands: list[_Candidate]) -> list[_Candidate]:
    """Greedy non-overlapping choice: higher priority first, then longer spans."""
    chosen: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    for cand in sorted(cands, key=lambda c: (-c.priority, -(c.end - c.start), c.start)):
        if any(cand.start < e and s < cand.end for s, e in taken):
            continue
        chosen.append(cand)
        taken.append((cand.start, cand.end))
    return sorted(chosen, key=lambda c: c.start)


def _gazetteer(people: Sequence[str]):
    from spacy.matcher import PhraseMatcher

    model = nlp()
    matcher = PhraseMatcher(model.vocab, attr="LOWER")
    if people:
        matcher.add("PERSON", list(model.tokenizer.pipe(people)))
    return matcher


def _gazetteer_candidates(matcher, doc) -> list[_Candidate]:
    return [
        _Candidate(doc.vocab.strings[m], doc[s:e].start_char, doc[s:e].end_char, 3)
        for m, s, e in matcher(doc)
        if doc[s].text[:1].isupper()
    ]
