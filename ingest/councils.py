"""One place that knows each council, its committees and their other names (`councils.json`), and turns
what a document's header says into canonical council and committee names and a meeting kind.

Names are compared by `name_key`: case, accents, '&' for 'and', hyphens, 'SPC'/'JPC'/'MD' abbreviations,
'Minutes of', 'the' and meeting-kind words ('Monthly Meeting of the ...') make no difference. The
meeting kind (ordinary, special, annual, extraordinary, adjourned, budget, virtual) is its own field,
never part of the committee. A council not in the data file keeps its own name, normalised the same way.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "councils.json"
UNKNOWN_COUNCIL = "Unknown council"
GENERIC_COMMITTEES = {"full council", "parish council", "community council", "county council", "cabinet", "council"}

_KINDS = [
    ("extraordinary", r"extra-?ordinary"),
    ("special", r"special"),
    ("annual", r"annual|inaugural"),
    ("adjourned", r"adjourned"),
    ("budget", r"budget(?:ary)?|statutory budget"),
    ("virtual", r"virtual|online|on-line|remote|zoom|teams|webex"),
    ("monthly", r"monthly"),
    ("ordinary", r"ordinary"),
]
_KIND_WORDS = (
    r"monthly|special|annual|inaugural|adjourned|extraordinary|extra ordinary|ordinary|online|on line|virtual|remote"
    r"|budget|budgetary|draft|statutory|full meeting|meeting|minutes|proceedings|held|at|of|the|a|an|to|for"
)
_ABBREVIATIONS = [
    (r"\bspc\b", "strategic policy committee"),
    (r"\bjpc\b", "joint policing committee"),
    (r"\bmd\b", "municipal district"),
    (r"\bsub\s+committee\b|\bsub committee\b", "subcommittee"),
    (r"\bcllr\b", "councillor"),
]


def name_key(name: str) -> str:
    """The form two spellings of one name share: 'Monthly Meeting of the Municipal District of Cappamore
    Kilmallock' and 'Municipal District of Cappamore-Kilmallock' give the same key."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("&", " and ").replace("’", "").replace("'", "")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    for pattern, replacement in _ABBREVIATIONS:
        text = re.sub(pattern, replacement, text)
    words = [w for w in text.split() if not re.fullmatch(_KIND_WORDS, w)]
    return " ".join(words)


@dataclass(frozen=True)
class Committee:
    council: str
    name: str
    keys: tuple[str, ...]

    @property
    def generic(self) -> bool:
        return name_key(self.name) in GENERIC_COMMITTEES


@dataclass(frozen=True)
class Council:
    name: str
    keys: tuple[str, ...]
    committees: tuple[Committee, ...]


@lru_cache(maxsize=1)
def catalog() -> tuple[Council, ...]:
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    councils = []
    for entry in raw["councils"]:
        committees = tuple(
            Committee(
                entry["name"],
                c["name"],
                tuple(dict.fromkeys(k for k in map(name_key, [c["name"], *c["aliases"]]) if k)),
            )
            for c in entry["committees"]
        )
        keys = tuple(dict.fromkeys(k for k in map(name_key, [entry["name"], *entry["aliases"]]) if k))
        councils.append(Council(entry["name"], keys, committees))
    return tuple(councils)


@dataclass
class MeetingNames:
    council: str
    committee: str
    kind: str | None
    notes: list[str]


def meeting_kind(title: str) -> str | None:
    """The kind of meeting the title says: 'Special Meeting of ...' -> 'special'."""
    low = title.lower()
    for kind, pattern in _KINDS:
        if re.search(
            rf"\b(?:{pattern})\b(?:\s+\w+){{0,3}}?\s+meeting|\bmeeting\s+\((?:{pattern})\)|\b(?:{pattern})\s+minutes",
            low,
        ):
            return kind
    return None


def _contains(text_key: str, key: str) -> bool:
    return bool(key) and f" {key} " in f" {text_key} "


def _committee_in(text_key: str, councils: tuple[Council, ...]) -> Committee | None:
    """The committee whose longest name occurs in the text (the longest wins: 'Newcastle West Joint Policing
    Sub-Committee' over 'Municipal District of Newcastle West')."""
    best: tuple[int, Committee] | None = None
    for council in councils:
        for committee in council.committees:
            for key in committee.keys:
                if _contains(text_key, key) and (best is None or len(key) > best[0]):
                    best = (len(key), committee)
    return best[1] if best else None


def _council_in(text_key: str) -> Council | None:
    best: tuple[int, Council] | None = None
    for council in catalog():
        for key in council.keys:
            if _contains(text_key, key) and (best is None or len(key) > best[0]):
                best = (len(key), council)
    return best[1] if best else None


_COUNCIL_TAIL = re.compile(
    r"((?:[A-Z][\w’'\-]+\s+|and\s+|&\s+|of\s+|upon\s+|on\s+)*?(?:(?:City\s+and\s+)?County|Borough|District|City|Parish|"
    r"Community|Town|Metropolitan\s+Borough)\s+Council)$"
)


def _clean_council(raw: str) -> str:
    """'Adjourned Meeting Of Limerick City and County Council' -> 'Limerick City and County Council'."""
    text = " ".join(raw.split())
    found = _COUNCIL_TAIL.search(text)
    text = found.group(1) if found else text
    while True:
        stripped = (
            re.sub(r"^(?:\w+\s+)*?(?:of|on|at)\s+(?=[A-Z])", "", text)
            if re.search(r"\b(?:of|on|at)\s+[A-Z]", text)
            else text
        )
        if stripped == text:
            break
        text = stripped
    return re.sub(r"\bAnd\b", "and", text).strip()


def _title(name: str) -> str:
    small = {"of", "and", "the", "for", "in", "on", "at", "to", "a"}
    words = name.split()
    if not name.isupper() and not name.islower():
        return name
    return " ".join(
        w.lower() if k and w.lower() in small else w[:1].upper() + w[1:].lower() for k, w in enumerate(words)
    )


def canonical_names(
    header: str,
    raw_council: str | None,
    raw_committee: str | None,
    source: str = "",
    given_council: str | None = None,
    given_committee: str | None = None,
) -> MeetingNames:
    """Canonical council and committee, the meeting kind, and notes on what could not be read.

    `header` is the document's opening text, `raw_*` what the header parser read, `source` the file name;
    `given_*` (from `quorum ingest --council/--committee` or the upload form) are used where the document
    says nothing.
    """
    notes: list[str] = []
    title_key = name_key(f"{header[:700]} {Path(source).stem.replace('_', ' ').replace('-', ' ')}")
    committee_key = name_key(raw_committee or "")
    kind = meeting_kind(f"{raw_committee or ''} {header[:400]}")
    councils = catalog()

    committee = _committee_in(committee_key, councils) if committee_key else None
    in_title = _committee_in(title_key, councils)
    if in_title is not None and in_title != committee:
        if committee is None or committee.generic and not in_title.generic:
            committee = in_title
        elif any(key in title for key in committee.keys for title in in_title.keys):
            committee = in_title  # the title names it more precisely: 'Joint Policing Sub-Committee of the District'
    if kind is None:  # a kind the file name gives: 'stoke-ferry-pc_parish-council-extraordinary_2019-04-24.txt'
        stem = Path(source).stem.lower().replace("_", " ").replace("-", " ")
        kind = next((k for k, pattern in _KINDS if re.search(rf"\b(?:{pattern})\b", stem)), None)
    council = None
    if committee is not None and not committee.generic:
        council = next(c for c in councils if c.name == committee.council)
    if council is None:
        council = _council_in(title_key) or (_council_in(name_key(raw_council)) if raw_council else None)
    if council is None and given_council:
        council = _council_in(name_key(given_council))
    if council is not None and (committee is None or committee.council != council.name):
        committee = _committee_in(committee_key, (council,)) or _committee_in(title_key, (council,))

    if council is not None:
        council_name = council.name
    elif raw_council and raw_council != UNKNOWN_COUNCIL:
        council_name = _title(_clean_council(raw_council))
    elif given_council:
        council_name = given_council.strip()
    else:
        council_name = UNKNOWN_COUNCIL
        notes.append("the document does not name its council")

    if committee is not None:
        committee_name = committee.name
    elif given_committee:
        committee_name = given_committee.strip()
    elif committee_key and raw_committee:
        committee_name = _strip_kind(raw_committee, council_name)
    else:
        committee_name = "Meeting"
        notes.append("the document does not name its committee")
    return MeetingNames(council_name, committee_name, kind, notes)


def _strip_kind(raw: str, council: str) -> str:
    """A committee name not in the data file, with meeting-kind words and the council's name taken off."""
    text = " ".join(raw.split())
    text = re.sub(rf"^(?:(?:{_KIND_WORDS})\s+)+", "", text, flags=re.IGNORECASE)
    text = re.sub(rf"^{re.escape(council)}(?:’s|'s|,)?\s+", "", text, flags=re.IGNORECASE)
    text = _title(text.strip(" ,.-"))
    return text or "Meeting"
