"""Decisions, actions and figures in an agenda item, each with the sentence that states it.

Rules, not a model: minutes phrase these in a small number of set ways ("RESOLVED that", "Members agreed to
note", "Proposed by ... Seconded by ...", "Clerk to report", "13.3% reduction"), and every record carries the
exact sentence and its offsets so a briefing can cite it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.lexicon import STOPWORDS

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
    subject: str | None = None  # what it counts or measures: 'reduction in recorded crimes'


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

_ROLE = (  # a role or body named by its last word: 'the Senior Executive Engineer', 'the District Office'
    r"(?:[Tt]he\s+)?(?:[A-Z][\w’'\-]+\s+){0,5}(?:Clerk|Officers?|Chair(?:man|person)?|Council|Superintendent|Inspector|"
    r"Sergeant|Engineer|Manager|Director(?:\s+of\s+Services?)?|Executive|Administrator|Secretary|Treasurer|Office|"
    r"Department|Team|Contractor|Service|Services|Authority|Partnership|Board|Group|Committee|Panel|Mayor|Leader|"
    r"Analyst|Coordinator|Co-ordinator|Planner|Architect|Warden)"
)
_OWNER = (
    rf"(?P<owner>{_ROLE}(?:\s+[A-Z][\w’']+)?|"
    r"(?:Cllrs?\.?|Councillors?|Clir|Mr\.?|Mrs\.?|Ms\.?|Dr\.?)"
    r"\s+(?:[A-Z]\.\s*){0,2}[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)?(?:\s+and\s+(?:the\s+)?[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){0,2})?|"
    r"[A-Z][a-z]+\s+[A-Z][\w’'\-]+|[A-Z]{2,3}|He|She|They|Members|Partners)"
)
_PRONOUNS = {"he", "she", "they"}
_COMMITMENT = re.compile(
    r"(?<![Ii]f\s)(?<!whether\s)(?<!allowed\s)(?<!enabled\s)(?<!for\s)\b"
    + _OWNER
    + r",?\s+(?P<how>(?:would|will|is\s+to|are\s+to|to|(?:had\s+|has\s+|have\s+)?agreed\s+to|undertook\s+to|"
    r"offered\s+to|(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:also\s+)?(?:asked|instructed|requested|tasked)\s+to|"
    r"(?:confirmed|said|advised|shared|stated|indicated)\s+(?:that\s+)?(?:they|he|she)\s+would(?:\s+be\s+able\s+to)?)"
    r"\s+(?:(?:be\s+able\s+to|also|further|now|be\s+happy\s+to|not)\s+)?(?:be\s+(?=\w+ing\b))?"
    r"(?P<verb>[a-z]+))"
)
# 'ACTION: John Devine to circulate the timetable', 'Action - Clerk to write'
_ACTION_LINE = re.compile(
    r"^\W*action(?:s)?\s*(?:[:\-–]|by)\s*(?P<owner>[^:]{2,80}?)\s+to\s+(?P<verb>[a-z]+)\b", re.IGNORECASE
)
# Verbs after 'will'/'would' that say how things are, not what someone is to do
_NOT_TASKS = {
    "be",
    "have",
    "like",
    "need",
    "want",
    "wish",
    "hope",
    "seem",
    "appear",
    "welcome",
    "note",
    "expect",
    "know",
    "think",
    "mean",
    "make",
    "say",
    "accept",
    "support",
    "agree",
    "prefer",
    "remain",
    "allow",
    "include",
}
# A margin column that holds a verdict or an amount, not who acts: 'Noted', '£248.00', '183.75'
_NOT_AN_OWNER = re.compile(
    r"[\d£€$]|^\W*(?:noted|agreed|approved|deferred|received|done|actioned|closed|complete[d]?|n/?a|none|nil|resolved|carried|accepted)\b",
    re.IGNORECASE,
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
    """Commitments to do something, with the owner the minute names: explicit 'ACTION:' lines, a margin
    action column, and 'X will / agreed to / was asked to <do>' (a pronoun owner is the person or role
    named last before it; an owner that cannot be resolved makes no action)."""
    sentences = sentences if sentences is not None else split_sentences(text)
    actions: list[Action] = []
    last_named: str | None = None
    for sentence in sentences:
        explicit = _ACTION_LINE.match(sentence.text)
        match = _COMMITMENT.search(sentence.text)
        before = sentence.text[: match.start()].rstrip(" -–") if match else ""
        bare_to = match is not None and match.group("how") == "to" and bool(before) and not before.endswith((";", ":"))
        column = sentence.text.rsplit("\t", 1)[1].strip() if "\t" in sentence.text else ""
        owner = None
        if explicit:
            owner = explicit.group("owner").strip(" ,")
        elif column and len(column) <= 40 and not _NOT_AN_OWNER.search(column):
            owner = column  # the minute's own action column names the owner
        elif match and not bare_to and _is_task(match.group("verb"), match.group("how")):
            owner = match.group("owner").strip()
            if owner.lower() in _PRONOUNS:
                owner = last_named
        if owner:
            actions.append(Action(owner, sentence.text, sentence.start, sentence.end))
        named = [m.group("owner") for m in _NAMED_OWNER.finditer(sentence.text)]
        if named:
            last_named = named[-1].strip()
    return actions


_NAMED_OWNER = re.compile(
    r"(?P<owner>(?:Cllrs?\.?|Councillor|Clir|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Garda)\s+(?:[A-Z]\.\s*){0,2}[A-Z][\w’'\-]+"
    r"(?:\s+[A-Z][\w’'\-]+)?|(?:the\s+)?(?:Chief\s+|Assistant\s+)?(?:Superintendent|Inspector|Sergeant)"
    r"(?:\s+[A-Z][\w’'\-]+)?|(?:the\s+)?(?:Parish\s+)?Clerk)"
)


def _is_task(verb: str, how: str) -> bool:
    """A verb that names something to do: the known task verbs, and after an explicit undertaking
    ('agreed to', 'was asked to', 'undertook to') any verb but the stative ones."""
    if verb in _ACTION_VERBS:
        return True
    undertaking = re.search(r"agreed|undertook|offered|asked|instructed|requested|tasked", how)
    return bool(undertaking) and verb not in _NOT_TASKS


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


_SUBJECT_STOP = re.compile(
    r"[,;:.()\t]|\s(?:was|were|is|are|has|had|have|will|would|and|but|which|that|compared|since|from|against|"
    r"between|this|last|over|during|at|by)\s",
    re.IGNORECASE,
)


def _subject(sentence: str, span: tuple[int, int], kind: str, noun: str | None) -> str | None:
    """What the figure is of: the words after it up to a clause boundary ('13.3% reduction in recorded
    crimes'), for money what it is for ('£5,000 for the play area'), for a count its noun phrase."""
    after = sentence[span[1] :]
    if kind == "count" and noun:
        after = " " + noun + sentence[span[1] :].split(noun, 1)[-1] if noun in sentence[span[1] :] else after
    stop = _SUBJECT_STOP.search(after + " ")
    phrase = " ".join(after[: stop.start() if stop else len(after)].split()[:8]).strip(" -–")
    if kind == "money" and not phrase:
        rest = re.match(r"\s*(?:for|on|towards|to)\s+(.{3,80}?)(?:[,.;:]|$)", sentence[span[1] :])
        phrase = " ".join(rest.group(1).split()[:8]) if rest else ""
    if not phrase or not re.search(r"[A-Za-z]{3}", phrase):
        before = re.split(r"[,;:.()\t]", sentence[: span[0]])[-1]
        phrase = " ".join(before.split()[-6:]).strip(" -–")
        phrase = re.sub(
            r"^(?:the|a|an)\s+|\s+(?:of|for|at|to|the|a|an|by|was|were|is|totalling|totaling)$", "", phrase, flags=re.I
        )
        phrase = re.sub(r"\s+(?:of|for|at|to|the|a|an)$", "", phrase, flags=re.I)
    return phrase or None


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
            value = match.group(0).strip()
            figures.append(
                Figure(
                    value,
                    kind,
                    _change(sentence.text),
                    sentence.text,
                    sentence.start,
                    sentence.end,
                    _subject(sentence.text, span, kind, match.groupdict().get("noun")),
                )
            )

        for match in _PERCENT.finditer(sentence.text):
            add(match, "percent")
        for match in _MONEY.finditer(sentence.text):
            add(match, "money")
        for match in _COUNT.finditer(sentence.text):
            noun = match.group("noun").lower()
            if noun not in _NOT_COUNT_NOUNS and noun not in STOPWORDS:  # not '22 was'
                add(match, "count")
    return figures
