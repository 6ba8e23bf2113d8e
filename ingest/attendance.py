"""Attendance blocks: who was present, sent apologies, attended as an officer or was also in attendance,
with their title, role and affiliation as the minutes write them, and where each stands in the text.

Minutes list people in a few shapes, read in general terms:
  "Cllr Norma Stephenson (Chair), Clir Steven Nelson"                   name, role in brackets
  "Councillor A. Teskey, An Cathaoirleach"                               name, then a role
  "Director of Service, Housing Directorate (Ms. A. Duke), ..."          a role, then the name in brackets
  "Pat Dowling, Deputy Chief Executive, Christy O'Connor, ..."           names and roles alternating
  "Cllr Martin Storey, Norfolk County Council"                           name, then an organisation
  "Councillors Butler, Collins (B), Sheahan (M)"                         surnames with initials in brackets
A block runs from its label (PRESENT, Members present:, In attendance:, Officials in attendance:,
Apologies ...) to the next label or to the first paragraph that reads as prose.
"""

from __future__ import annotations

import re

from .clean import normalise_ocr_titles, normalise_spaces
from .lexicon import HONORIFICS, STOPWORDS, TITLE_QUALIFIERS, title_pattern
from .records import Attendance, Person

_HONORIFIC = title_pattern((*HONORIFICS, "PCSO", "Det", "Messrs"))
_TITLE = re.compile(
    rf"^(?P<title>(?:(?:{'|'.join(TITLE_QUALIFIERS)}|district|lord|an\s+cathaoirleach)\s+)*(?:{_HONORIFIC})\.?)\s+",
    re.IGNORECASE,
)
_NAMED_IN_BRACKETS = re.compile(rf"\(\s*(?P<name>(?:{_HONORIFIC})\.?\s+[^()]{{2,60}}?)\s*\)", re.IGNORECASE)
_BRACKETED = re.compile(r"\(\s*(?P<name>[^()]{2,60}?)\s*\)")
_BARE_NAME = re.compile(r"(?:[A-Z][\w’'\-]+|[A-Z]\.)(?:\s+(?:[A-Z][\w’'\-]+|[A-Z]\.)){1,3}")
_NAME_PARTICLES = {
    "de",
    "del",
    "della",
    "van",
    "von",
    "der",
    "den",
    "la",
    "le",
    "di",
    "da",
    "du",
    "dos",
    "ter",
    "ó",
    "ui",
}
_INITIALS_IN_BRACKETS = re.compile(r"\s*\(\s*([A-Z]{1,3})\s*\)")
_ROLE_WORDS = re.compile(
    r"\b(officer|executive|director|manager|administrator|engineer|clerk|chair(?:man|person|woman)?|vice[- ]chair\w*"
    r"|cathaoirleach|leas[- ]chathaoirleach|mayor|deputy mayor|secretary|treasurer|analyst|inspector|sergeant"
    r"|superintendent|commissioner|head of|lead|assistant|co-?ordinator|architect|archaeologist|planner|accountant"
    r"|solicitor|librarian|warden|adviser|advisor|consultant|representative|member|cabinet member|leader"
    r"|responsible (?:financial )?officer|rfo|proper officer|minute taker)\b",
    re.IGNORECASE,
)
_ORG_WORDS = re.compile(
    r"\b(council|police|constabulary|service|services|directorate|department|unit|office|partnership|board|authority"
    r"|trust|team|garda|síochána|siochana|association|group|committee|panel|ltd|limited|plc|school|church)\s*$",
    re.IGNORECASE,
)
_POST_NOMINALS = re.compile(r",?\s+(T\.?D\.?|M\.?P\.?|OBE|MBE|CBE|AM|MEP|JP)\.?$")
_NOT_A_NAME = {"none", "n/a", "nil", "vacancy", "members of the public", "public", "press"}

# Words that qualify a list's label: 'Sectoral Representatives present', 'Other Members', 'External Guests'.
_LABEL_PREFIX = (
    "sectoral|other|external|elected|board|co-?opted|community|independent|partner|agency|lay|voting|invited"
)
_REMOTELY = r"(?:virtually|remotely|online|on-line|by\s+(?:zoom|teams|video(?:\s*link)?|phone)|via\s+\w+)"
LABEL = re.compile(
    r"(?:^|(?<=\s))(?P<label>present(?:\s+in\s+the\s+chair)?|in\s+the\s+chair|members(?:\s+present)?"
    r"|councillors\s+present|oireachtas\s+members|apologies(?:\s+for\s+absence)?|(?:accepted\s+)?apologies"
    r"|officers?(?:\s+present|\s+in\s+attendance)?|officials?(?:\s+present|\s+in\s+attendance)?"
    rf"|(?:also,?\s+)?in\s+attendance(?:\s+{_REMOTELY})?|also\s+present|others|garda\s+nominations|public"
    rf"|attending(?:\s+{_REMOTELY})?|present(?:\s+{_REMOTELY})"
    rf"|(?:(?:{_LABEL_PREFIX})\s+)?(?:representatives|reps|guests|members)(?:\s+present)?|(?:{_LABEL_PREFIX})\s+present)"
    r"\s*(?:\([^)]{0,40}\))?\s*(?::-?|;|-\s)\s*",
    re.IGNORECASE,
)
_BARE_LABEL = re.compile(
    rf"^(present(?:\s+in\s+the\s+chair)?|(?:(?:{_LABEL_PREFIX})\s+)?members\s+present|councillors\s+present"
    rf"|(?:also\s+)?in\s+attendance|(?:(?:{_LABEL_PREFIX})\s+)?(?:representatives|reps|guests)(?:\s+present)?"
    r"|also\s+present|officers?(?:\s+present|\s+in\s+attendance)?|officials?(?:\s+present|\s+in\s+attendance)?"
    r"|apologies(?:\s+for\s+absence)?)\s*[:;.]?$",
    re.IGNORECASE,
)
_SHOUTED_LABEL = re.compile(  # 'PRESENT Councillors A, B and C.' when the label's line was joined to its names
    rf"^(?P<label>PRESENT(?: IN THE CHAIR)?|(?:(?:{_LABEL_PREFIX.upper()}) )?MEMBERS PRESENT|COUNCILLORS PRESENT"
    rf"|(?:ALSO )?IN ATTENDANCE|ALSO PRESENT|(?:(?:{_LABEL_PREFIX.upper()}) )?(?:REPRESENTATIVES|REPS|GUESTS)(?: PRESENT)?"
    r"|OFFICIALS?(?: PRESENT| IN ATTENDANCE)?|OFFICERS?(?: PRESENT| IN ATTENDANCE)?|APOLOGIES(?: FOR ABSENCE)?)"
    r"\s*[:;.]?\s+(?P<rest>[A-Z(].*)$"
)
# A full stop after an initial or a title ('Cllrs. K. Davies') does not end the sentence.
_NOT_A_FULL_STOP = "|".join(rf"(?<=\b{re.escape(t)})\." for t in (*HONORIFICS, "Messrs")) + r"|(?<=\b[A-Z])\."
APOLOGIES_SENTENCE = re.compile(
    r"(?:^|(?<=[.:]\s))(?:\w+\s+){0,3}?apologies\b[^.]{0,80}?\b(?:received|tendered|given|noted|accepted)\s+"
    rf"(?:from|by|for)\s*:?\s+(?P<names>(?:[^.]|{_NOT_A_FULL_STOP})+?)(?:(?!{_NOT_A_FULL_STOP})\.|$)",
    re.IGNORECASE,
)


def label_kind(label: str) -> str | None:
    """Which list a label starts: present, officers, apologies or in_attendance (None: not people)."""
    low = " ".join(label.lower().split())
    if "apolog" in low:
        return "apologies"
    if "official" in low or "officer" in low or "garda" in low:
        return "officers"
    if "attendance" in low or "also present" in low or low == "others":
        return "in_attendance"
    if low == "public":
        return None
    return "present"


def _clean(text: str) -> str:
    return normalise_spaces(text).strip(" ,;.:-–")


def _titled(text: str) -> re.Match[str] | None:
    """A title that begins a name ('Mayor Collins'); not one that begins a role ('Mayor of the City')."""
    found = _TITLE.match(text + " ")
    return found if found and text[found.end() :][:1].isupper() else None


def _looks_like_role(text: str) -> bool:
    return bool(_ROLE_WORDS.search(text)) and not _titled(text)


def _looks_like_org(text: str) -> bool:
    words = text.split()
    return len(words) >= 2 and bool(_ORG_WORDS.search(text)) and not _titled(text)


def parse_person(raw: str, title: str | None = None, role: str | None = None) -> Person | None:
    """A person with titles taken off (kept in `title`) and a role in brackets or after a dash kept."""
    as_written = _clean(raw)
    text = normalise_ocr_titles(as_written)
    initials = _INITIALS_IN_BRACKETS.search(text)
    if initials and text[initials.end() :].strip() == "" and len(text[: initials.start()].split()) == 1:
        text = f"{initials.group(1)}. {text[: initials.start()].strip()}"  # 'Sheahan (M)' -> 'M. Sheahan'
    elif initials:
        text = (text[: initials.start()] + text[initials.end() :]).strip()  # 'Stuart Glover (SB)': his initials
    paren = re.search(r"\(([^)]{2,80})\)", text)
    if paren:
        role = role or paren.group(1).strip()
        text = (text[: paren.start()] + text[paren.end() :]).strip(" ,")
    dash = re.search(r"\s+[-–]\s+(.{2,60})$", text)
    if dash:
        role = role or dash.group(1).strip()
        text = text[: dash.start()].strip()
    trailing = re.search(r"\s+((?:vice[- ])?chair(?:man|person)?|cathaoirleach|mayor)$", text, re.IGNORECASE)
    if trailing and len(text.split()) > 2:
        role = role or trailing.group(1)
        text = text[: trailing.start()].strip()
    label = re.match(r"^[A-Z][A-Za-z]+(?:\s+[a-z]+)?:\s*(?=[A-Z])", text)  # 'Virtually: Mr S Jones'
    if label:
        text = text[label.end() :]
    written_title = None  # the entry's own title wins over one shared by the list ('Councillors A, B')
    while (found := _titled(text)) is not None and len(text.split()) > 1:
        written_title = written_title or found.group("title").rstrip(".")
        text = text[found.end() :].strip()
    title = written_title or title
    text = _POST_NOMINALS.sub("", text).strip(" ,.")
    if not text or not re.search(r"[A-Za-z]{2}", text) or len(text.split()) > 6 or text.lower() in _NOT_A_NAME:
        return None
    if re.match(r"^\d", text) or re.fullmatch(r"[A-Z]{2,4}", text) or re.search(r"\bitems?\b|\bmeeting\b", text, re.I):
        return None
    if _looks_like_role(text) or _looks_like_org(text) or not text[:1].isupper():
        return None
    if all(_ORG_WORDS.search(w) for w in text.split()) or (len(text.split()) == 1 and text.lower() in STOPWORDS):
        return None  # 'Garda Siochana', 'Superintendent An (Garda Síochána)'
    if sum(1 for w in text.split() if w[:1].islower() and w.lower() not in _NAME_PARTICLES):
        return None  # a name has no lowercase words but particles ('apologies for absence received from')
    return Person(text, role, title=title, as_written=as_written)


def _names_in_brackets(body: str, group: re.Match[str]) -> bool:
    """'(Ms. C. Curley)' anywhere, or '(Pat Fitzgerald)' after a role ('Senior Executive Officer (Pat Fitzgerald)')."""
    if _NAMED_IN_BRACKETS.fullmatch(group.group(0)):
        return True
    inside = group.group("name")
    before = re.split(r"[,;)]", body[: group.start()])[-1].strip()
    before = re.sub(r"^(?:and|&)\s+", "", before, flags=re.IGNORECASE)
    return (
        bool(_BARE_NAME.fullmatch(inside))
        and not _ROLE_WORDS.search(inside)
        and not _ORG_WORDS.search(inside)
        and bool(before)
        and _looks_like_role(before)
    )


def _people_in_brackets(body: str) -> list[Person] | None:
    """'Director, Regional Services (Ms. C. Curley), Meetings Administrator (Ms. K. Butler)': each role
    before the name it brackets. None when the body is not written so."""
    groups = [g for g in _BRACKETED.finditer(body) if _names_in_brackets(body, g)]
    if not groups:
        return None
    people: list[Person] = []
    last = 0
    for group in groups:
        role = _clean(re.sub(r"^\s*(?:and|&)\s+", "", body[last : group.start()], flags=re.IGNORECASE))
        person = parse_person(group.group("name"), role=role or None)
        if person is not None:
            person.as_written = _clean(body[last : group.end()])
            people.append(person)
        last = group.end()
    rest = _clean(body[last:])
    if rest:
        people += [p for p in _people_in_list(rest) if p is not None]
    return people


_EMBEDDED_TITLE = re.compile(
    r"(?<=[a-z’'.])\s+(?=(?:Chief\s+|Assistant\s+|Acting\s+|Detective\s+)?(?:Superintendent|Inspector|Sergeant|Garda"
    r"|Councillor|Cllr|Mr|Mrs|Ms|Dr)\.?\s+[A-Z])"
)


_NOT_AFTER_TITLE = "".join(rf"(?<!\b{re.escape(t)})" for t in (*HONORIFICS, "Messrs", "Cmhlr"))
_ONLY_QUALIFIERS = re.compile(rf"(?:(?:{'|'.join(TITLE_QUALIFIERS)}|district|lord)\s*)+", re.IGNORECASE)


def _split(text: str) -> list[str]:
    """Entries of a list: at commas, semicolons, 'and', '&', and where a titled name begins without any of them
    (lines joined from a list: 'O’Brien Chief Superintendent David Sheahan')."""
    text = re.sub(r"\s+together with .*$", "", text, flags=re.IGNORECASE)
    parts = re.split(
        rf",(?![^()]*\))|;|\s+&\s+|\s+and\s+(?![^()]*\))|(?<=[a-z]{{2}}){_NOT_AFTER_TITLE}\.\s+(?=[A-Z])", text
    )
    out: list[str] = []
    for part in parts:
        pieces = _EMBEDDED_TITLE.split(part)
        for k, piece in enumerate(pieces):
            if k and _ONLY_QUALIFIERS.fullmatch(pieces[k - 1].strip()):  # 'County' + 'Councillor Joseph Davies'
                out[-1] = f"{out[-1]} {piece}"
            else:
                out.append(piece)
    return [p.strip(" .") for p in out if p and p.strip(" .")]


def _people_in_list(body: str) -> list[Person]:
    """Names separated by commas, 'and' or '&'; a part that is a role or an organisation belongs to the
    person before it ('Pat Dowling, Deputy Chief Executive', 'Cllr Martin Storey, Norfolk County Council')."""
    people: list[Person] = []
    plural = re.match(r"^\s*(?P<title>Councillors|Cllrs\.?|Messrs\.?|Superintendents)\s*:?\s+", body, re.IGNORECASE)
    shared = None
    if plural:
        shared = {
            "councillors": "Councillor",
            "cllrs": "Cllr",
            "cllrs.": "Cllr",
            "messrs": "Mr",
            "messrs.": "Mr",
            "superintendents": "Superintendent",
        }.get(plural.group("title").lower())
        body = body[plural.end() :]
    role_before = False  # the part before gave the person before their role
    pending_role = None  # a role that opens the list names the person after it ('Chief Superintendent, Mr. D. Sheahan')
    for part in _split(body):
        if (
            role_before
            and people[-1].role
            and part[:1].isupper()
            and not _titled(part)
            and re.search(r"\s(?:of|for)\s", part)
        ):
            people[-1].role = f"{people[-1].role} and {_clean(part)}"  # 'Mayor of the City' + 'County of Limerick'
            people[-1].as_written = f"{people[-1].as_written} and {_clean(part)}"
            continue
        role_before = False
        outside = re.sub(r"\([^()]*\)", " ", part).strip() or part
        named = parse_person(part, title=shared)
        if named is not None and named.role is not None:  # 'Paul Bartlett (Vice-Chair)', 'Lorraine Hunt (LH) Chair'
            people.append(named)
            continue
        if people and people[-1].role and shared is None and re.fullmatch(r"[A-Z][a-z]+", part):
            people[-1].role = f"{people[-1].role}, {part}"  # 'Senior Engineer, Housing': the department
            people[-1].as_written = f"{people[-1].as_written}, {part}"
            continue
        if people and not _titled(part):
            if _looks_like_org(outside) and people[-1].affiliation is None and not _looks_like_role(outside):
                people[-1].affiliation = _clean(part)
                people[-1].as_written = f"{people[-1].as_written}, {_clean(part)}"
                continue
            if _looks_like_role(outside) and len(part.split()) <= 10:
                role = _clean(part).strip("()")  # 'Scanlan, (Chairperson)'
                people[-1].role = role if people[-1].role is None else f"{people[-1].role}, {role}"
                people[-1].as_written = f"{people[-1].as_written}, {_clean(part)}"
                role_before = True
                continue
        if not people and named is None and _looks_like_role(outside) and len(part.split()) <= 8:
            pending_role = _clean(part)
            continue
        if named is not None:
            if pending_role and named.role is None:
                named.role, named.as_written = pending_role, f"{pending_role}, {named.as_written}"
            pending_role = None
            people.append(named)
    return people


def people_of(body: str) -> list[Person]:
    """The people a block lists."""
    body = normalise_spaces(body)
    bracketed = _people_in_brackets(body)
    return bracketed if bracketed is not None else _people_in_list(body)


def reads_as_names(paragraph: str) -> bool:
    """A paragraph that is a list of names rather than prose."""
    words = paragraph.split()
    lowercase = sum(1 for w in words if w[:1].islower() and w not in ("and", "of", "the", "for"))
    return len(words) <= 80 and lowercase <= max(2, len(words) // 6)


_MID_ENTRY = re.compile(r"(?:(?:^|\s)[A-Z]\.|,|\s(?:and|&|of|for|the))$")


def _paragraphs(header: str) -> list[tuple[int, str]]:
    """The header's paragraphs with their offsets, an entry broken over a blank line joined up again
    ('Superintendent (Mr. B.' + 'Sugrue), ...'; 'Councillors ... S.' + 'Kiely, ...')."""
    pieces = re.split(r"(\n\s*\n)", header)
    out: list[tuple[int, str]] = []
    offset = 0
    for k in range(0, len(pieces), 2):
        raw, gap = pieces[k], pieces[k + 1] if k + 1 < len(pieces) else ""
        if out and _continues(out[-1][1], raw):
            out[-1] = (out[-1][0], out[-1][1] + raw)
        else:
            out.append((offset, raw))
        offset += len(raw) + len(gap)
        out[-1] = (out[-1][0], out[-1][1] + gap)
    return out


def _continues(before: str, raw: str) -> bool:
    """Whether `raw` carries on the names paragraph `before` (which stops mid-entry)."""
    text, following = normalise_spaces(before.replace("\n", " ")).strip(), normalise_spaces(raw).strip()
    if not text or not following or not reads_as_names(text) or len(text) > 600:
        return False
    if _BARE_LABEL.match(following) or LABEL.match(following) or _SHOUTED_LABEL.match(following):
        return False
    if not following[:1].isalpha() and following[:1] != "(":
        return False
    return text.count("(") > text.count(")") or bool(_MID_ENTRY.search(text)) or following.startswith("(")


def parse_attendance(header: str) -> Attendance:
    """Attendance blocks (present/chair, officers, in attendance, apologies) from the header text, with each
    person's offsets into `header` (`start`, `end`).

    `header` is reflowed text (paragraphs separated by blank lines); a block runs from its label to the
    next label or to the first paragraph that reads as prose rather than a list of names.
    """
    attendance = Attendance()
    current: str | None = None
    open_label = False  # the last label had no names after it yet
    placed = 0  # where the last person was found: blocks of one paragraph are searched in order

    def add(kind: str | None, body: str, offset: int) -> None:
        nonlocal placed
        if kind is None or not body.strip():
            return
        placed = max(placed, offset)
        for person in people_of(body):
            placed = _place(person, header, placed)
            getattr(attendance, kind).append(person)

    for start, raw in _paragraphs(header):
        paragraph = normalise_spaces(raw.replace("\n", " "))
        if not paragraph:
            continue
        shouted = _SHOUTED_LABEL.match(paragraph)
        if shouted and not LABEL.match(paragraph):
            current, open_label = label_kind(shouted.group("label")), False
            add(current, shouted.group("rest"), start)
            continue
        bare = _BARE_LABEL.match(paragraph)
        if bare:  # 'PRESENT' on a line of its own, the names in the paragraph after it
            current, open_label = label_kind(bare.group(1)), True
            continue
        apologies = APOLOGIES_SENTENCE.search(paragraph)
        labels = list(LABEL.finditer(paragraph))
        if apologies and not labels:  # 'Apologies for their inability to attend had been received from X and Y.'
            add("apologies", apologies.group("names"), start)
            current, open_label = None, False
            continue
        if not labels:
            if current and (open_label or reads_as_names(paragraph)):
                add(current, paragraph, start)
                open_label = False
            else:
                current = None
            continue
        before = paragraph[: labels[0].start()]
        add(current if open_label or (current and reads_as_names(before)) else None, before, start)
        for k, label in enumerate(labels):
            current = label_kind(label.group("label"))
            end = labels[k + 1].start() if k + 1 < len(labels) else len(paragraph)
            body = paragraph[label.end() : end].strip()
            add(current, body, start)
            open_label = not body
    return attendance


def apologies_in(text: str) -> list[Person]:
    """People an 'Apologies' agenda item names ('Apologies were received from Cllr A and Cllr B.'), each
    with offsets into `text`."""
    found = APOLOGIES_SENTENCE.search(normalise_spaces(text))
    names = normalise_spaces(text).strip()
    if found:
        people = people_of(found.group("names"))
    else:
        people = people_of(names) if names and reads_as_names(names) and len(names) < 400 else []
    cursor = 0
    for person in people:
        cursor = _place(person, text, cursor)
    return people


def _place(person: Person, header: str, offset: int) -> int:
    """Where the person's name stands in the header, searching on from `offset` (the end of the person
    before); returns where the next search starts."""
    surname = person.name.split()[-1:]
    if not surname:
        return offset
    found = re.compile(rf"\b{re.escape(surname[0])}\b").search(header, offset)
    if not found:
        return offset
    separators = [header.rfind(s, 0, found.start()) + len(s) for s in (",", ";", " and ", " & ", "(", ":")]
    begin = max(*separators, offset)
    at = header.rfind(person.name.split()[0], begin, found.end())  # the name as written, not prose before it
    if at >= 0:
        title = re.search(rf"(?:{_HONORIFIC})\.?\s+$", header[begin:at], re.IGNORECASE)
        begin = begin + title.start() if title else at
    begin += len(header[begin : found.start()]) - len(header[begin : found.start()].lstrip())
    person.start, person.end = begin, found.end()
    return found.end()


def signatory(line: str) -> Person | None:
    """Who signed: 'Councillor Adam Teskey, Chairman' (a titled name, then a role) in a signature block."""
    text = re.sub(r"^\s*(?:minutes\s+)?signed(?:\s+by)?\s*[:.]?", "", line, flags=re.IGNORECASE)
    text = re.sub(r"[_\\.…]{3,}", " ", text).strip(" ,:")
    text = re.sub(r"\bdated?\b.*$", "", text, flags=re.IGNORECASE).strip(" ,")
    if not _TITLE.match(text + " "):
        return None
    name, _, role = text.partition(",")
    person = parse_person(name, role=_clean(role) or None)
    if person is not None:
        person.as_written = _clean(text)
    return person
