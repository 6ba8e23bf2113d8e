"""Decisions, actions and figures in an agenda item, each with the sentence that states it.

Rules, not a model: minutes phrase these in a small number of set ways ("RESOLVED that", "Members agreed to
note", "Proposed by ... Seconded by ...", "Clerk to report", "13.3% reduction"), and every record carries the
exact sentence and its offsets so a briefing can cite it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .sentences import Sentence, split_sentences


@dataclass
class Decision:
    kind: str  # resolved, agreed, approved, noted, adopted, deferred, rejected
    text: str  # the sentence that records it
    start: int
    end: int
    proposer: str | None = None
    seconder: str | None = None


@dataclass
class Action:
    owner: str | None
    text: str
    start: int
    end: int


@dataclass
class Figure:
    value: str  # as written: "13.3%", "£50,000.00", "seventy probationers"
    kind: str  # percent, money, count
    change: str | None  # increase, decrease or None
    text: str  # the sentence that states it
    start: int
    end: int


# --- decisions ---------------------------------------------------------------------------------------------

_DECISION = [
    (
        "resolved",
        re.compile(
            r"\b(it\s+was\s+)?(unanimously\s+)?resolved\b|\bresolution\s+(was\s+)?(passed|carried)\b", re.IGNORECASE
        ),
    ),
    (
        "agreed",
        re.compile(
            r"\b(it\s+was|members|councillors|the\s+(parish\s+)?council|the\s+committee|the\s+panel|"
            r"the\s+partnership|all|partners)\s+(\w+\s+){0,2}agreed\b|^agreed\b|\bunanimously\s+agreed\b",
            re.IGNORECASE,
        ),
    ),
    ("agreed", re.compile(r"\b(was|were)\s+(unanimously\s+)?agreed\s+(as|that|to|by)\b", re.IGNORECASE)),
    (
        "approved",
        re.compile(
            r"\b(was|were|be|been)\s+(unanimously\s+)?approved\b|\bapproved\s+the\b|"
            r"\b(council|members|councillors)\s+approved\b",
            re.IGNORECASE,
        ),
    ),
    (
        "adopted",
        re.compile(
            r"\b(was|were|be)\s+(taken\s+as\s+read\s+and\s+)?adopted\b|\brecommended\s+to\s+council\s+for\s+adoption",
            re.IGNORECASE,
        ),
    ),
    (
        "noted",
        re.compile(
            r"\b(members|councillors|the\s+(parish\s+)?council|the\s+committee|the\s+panel|partners)\s+"
            r"(\w+\s+)?noted\s+the\s+(report|update|minutes|information|correspondence)|"
            r"\b(report|update|minutes|procedure|information|correspondence|item|accounts?|plan)\s+"
            r"(was|were)\s+(duly\s+)?noted\b|"
            r"\bagreed\s+to\s+note\b|\bnoted\s+the\s+report\b",
            re.IGNORECASE,
        ),
    ),
    ("deferred", re.compile(r"\b(was|were|be)\s+deferred\b", re.IGNORECASE)),
    (
        "rejected",
        re.compile(r"\bmotion\s+(was\s+)?(defeated|lost|fell)\b|\b(was|were)\s+(rejected|refused)\b", re.IGNORECASE),
    ),
]
_NOT_A_DECISION = re.compile(
    r"\bif\s+agreed\b|\bto\s+be\s+agreed\b|\bnot\s+(yet\s+)?agreed\b|\bhad\s+previously\s+been\s+agreed\b"
    r"|\bas\s+had\s+previously\s+been\s+agreed\b|\bwould\s+be\s+agreed\b",
    re.IGNORECASE,
)
_NAME = r"((?:Cllr\.?|Councillor|Clir|Mr\.?|Mrs\.?|Ms\.?|Deputy|Senator)?\s*[A-Z][\w.’'\-]*(?:\s+(?:\([A-Z]\)|[A-Z][\w.’'\-]*)){0,3})"
_PROPOSER = re.compile(r"\b(?i:proposed\s+by|on\s+the\s+proposal\s+of)\s+" + _NAME)
_SECONDER = re.compile(r"\b(?i:seconded\s+by)\s+" + _NAME)


def _clean_name(name: str | None) -> str | None:
    if not name:
        return None
    name = re.sub(r"\s+(and|it|the|was|were|that|&)$", "", name.strip(" ,.;:"), flags=re.IGNORECASE)
    return name or None


def extract_decisions(text: str, sentences: list[Sentence] | None = None) -> list[Decision]:
    """Resolutions and agreements with proposer and seconder where the minute names them."""
    sentences = sentences if sentences is not None else split_sentences(text)
    decisions: list[Decision] = []
    proposer = seconder = None
    for index, sentence in enumerate(sentences):
        found_proposer = _PROPOSER.search(sentence.text)
        found_seconder = _SECONDER.search(sentence.text)
        proposer = _clean_name(found_proposer.group(1)) if found_proposer else proposer
        seconder = _clean_name(found_seconder.group(1)) if found_seconder else seconder
        if _NOT_A_DECISION.search(sentence.text):
            continue
        for kind, pattern in _DECISION:
            if pattern.search(sentence.text):
                start, end = sentence.start, sentence.end
                following = sentences[index + 1] if index + 1 < len(sentences) else None
                if sentence.text.endswith((":", "that")) and following is not None:
                    end = following.end  # "it was agreed:" + the resolution that follows it
                decisions.append(Decision(kind, text[start:end], start, end, proposer, seconder))
                proposer = seconder = None
                break
    return decisions


# --- actions -----------------------------------------------------------------------------------------------

_OWNER = (
    r"(?P<owner>(?:the\s+)?(?:Parish\s+)?Clerk|Officers?|(?:the\s+)?Chair(?:man|person)?|(?:the\s+)?Council|"
    r"(?:the\s+)?(?:Chief\s+)?Superintendent(?:\s+[A-Z][\w’']+)?|(?:Cllrs?\.?|Councillors?|Clir|Mr\.?|Mrs\.?|Ms\.?|Dr\.?)"
    r"\s+(?:[A-Z]\.\s*){0,2}[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)?|[A-Z]{2,3}|He|She|They|Members|Partners)"
)
_COMMITMENT = re.compile(
    r"(?<![Ii]f\s)(?<!whether\s)(?<!allowed\s)(?<!enabled\s)(?<!for\s)\b"
    + _OWNER
    + r"\s+(?P<how>(?:would|will|is\s+to|are\s+to|to|agreed\s+to|undertook\s+to|offered\s+to|was\s+asked\s+to|"
    r"were\s+asked\s+to|confirmed\s+that\s+(?:they|he|she)\s+would(?:\s+be\s+able\s+to)?|"
    r"said\s+(?:that\s+)?(?:they|he|she)\s+would|(?:has|have)\s+agreed\s+to)\s+(?:(?:be\s+able\s+to|also|further|now)\s+)?"
    r"(?P<verb>[a-z]+))"
)
_ACTION_VERBS = {
    "provide",
    "report",
    "contact",
    "write",
    "send",
    "circulate",
    "obtain",
    "investigate",
    "look",
    "arrange",
    "follow",
    "liaise",
    "check",
    "recheck",
    "seek",
    "ask",
    "bring",
    "present",
    "prepare",
    "update",
    "review",
    "draft",
    "meet",
    "speak",
    "raise",
    "chase",
    "order",
    "purchase",
    "request",
    "inform",
    "confirm",
    "feed",
    "feedback",
    "share",
    "source",
    "organise",
    "organize",
    "get",
    "put",
    "add",
    "email",
    "progress",
    "explore",
    "consider",
    "respond",
    "attend",
    "monitor",
    "produce",
    "submit",
    "forward",
    "publish",
    "identify",
    "clarify",
    "approach",
    "pursue",
    "work",
    "visit",
    "install",
    "repair",
    "remove",
    "clear",
    "tidy",
    "continue",
    "advise",
}


def extract_actions(text: str, sentences: list[Sentence] | None = None) -> list[Action]:
    """Commitments to do something, with the owner the minute names."""
    sentences = sentences if sentences is not None else split_sentences(text)
    actions: list[Action] = []
    for sentence in sentences:
        match = _COMMITMENT.search(sentence.text)
        before = sentence.text[: match.start()].rstrip(" -–") if match else ""
        bare_to = match is not None and match.group("how") == "to" and bool(before) and not before.endswith((";", ":"))
        column = sentence.text.rsplit("\t", 1)[1].strip() if "\t" in sentence.text else ""
        if column and len(column) <= 40:  # the minute's own action column names the owner
            actions.append(Action(column, sentence.text, sentence.start, sentence.end))
        elif match and match.group("verb") in _ACTION_VERBS and not bare_to:
            actions.append(Action(match.group("owner").strip(), sentence.text, sentence.start, sentence.end))
    return actions


# --- figures -----------------------------------------------------------------------------------------------

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
    "a\\s+hundred|several\\s+hundred|a\\s+thousand"
)
_PERCENT = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?\s?(?:%|per\s?cent\b|percent\b)", re.IGNORECASE)
_MONEY = re.compile(
    r"(?:[£€$]\s?\d(?:[\d,]*\d)?(?:\.\d+)?(?:\s?(?:m|k|bn|million|billion|thousand)\b)?)|"
    r"(?:\b\d[\d,]*(?:\.\d+)?\s?(?:million|billion|m|bn)?\s?(?:euro|euros|pounds|EUR|GBP)\b)",
    re.IGNORECASE,
)
_COUNT = re.compile(
    rf"(?<![\w/.£€$-])(?!(?:19|20)\d\d\b)(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{_NUMBER_WORDS})\s+(?:new\s+|more\s+|fewer\s+|additional\s+|"
    rf"extra\s+|recorded\s+|reported\s+|serious\s+|fatal\s+|detected\s+)?"
    rf"(?P<noun>[a-z][a-z\-]+s)\b",
    re.IGNORECASE,
)
_NOT_COUNT_NOUNS = {
    "years",
    "months",
    "weeks",
    "days",
    "hours",
    "minutes",
    "pages",
    "items",
    "seconds",
    "times",
    "councillors",
    "members",
    "meetings",
    "pm",
    "am",
    "ones",
    "others",
    "sections",
    "paragraphs",
    "questions",
    "points",
    "appendices",
    "parts",
    "yards",
}
_INCREASE = re.compile(
    r"\b(increase[sd]?|rise|rose|risen|up\b|higher|more\s+than|grow(?:th|n)?|doubled?|spike[sd]?)", re.IGNORECASE
)
_DECREASE = re.compile(
    r"\b(reduc(?:tion|ed|es)|decrease[sd]?|fall|fell|fallen|down\b|lower|drop(?:ped)?|decline[sd]?|"
    r"cut)\b",
    re.IGNORECASE,
)


def _change(sentence: str) -> str | None:
    up, down = _INCREASE.search(sentence), _DECREASE.search(sentence)
    if up and down:
        return "increase" if up.start() < down.start() else "decrease"
    return "increase" if up else "decrease" if down else None


def extract_figures(text: str, sentences: list[Sentence] | None = None) -> list[Figure]:
    """Percentages, money and counts of things, with the sentence that states them."""
    sentences = sentences if sentences is not None else split_sentences(text)
    figures: list[Figure] = []
    for sentence in sentences:
        taken: list[tuple[int, int]] = []

        def add(
            match: re.Match[str], kind: str, sentence: Sentence = sentence, taken: list[tuple[int, int]] = taken
        ) -> None:
            span = match.span()
            if any(a < span[1] and span[0] < b for a, b in taken):
                return
            taken.append(span)
            figures.append(
                Figure(
                    match.group(0).strip(), kind, _change(sentence.text), sentence.text, sentence.start, sentence.end
                )
            )

        for match in _PERCENT.finditer(sentence.text):
            add(match, "percent")
        for match in _MONEY.finditer(sentence.text):
            add(match, "money")
        for match in _COUNT.finditer(sentence.text):
            if match.group("noun").lower() not in _NOT_COUNT_NOUNS:
                add(match, "count")
    return figures
