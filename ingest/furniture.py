"""Remove running page headers, footers and page numbers from paged text."""

from __future__ import annotations

import re
from collections import Counter

_PAGE_NUMBER = re.compile(r"^\s*(page\s+)?\d{1,4}(\s*(of|/)\s*\d{1,4})?\s*$|^\s*-\s*\d{1,4}\s*-\s*$", re.IGNORECASE)
_EDGE = 3  # lines examined at the top and bottom of each page
_ITEM_MARKER = re.compile(
    r"^\(\s*item\s+[#a-z.]+\s*\)$"
)  # ModernGov's "(Item 5)": often at a page edge, never furniture


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())


def strip_page_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Drop page numbers and lines repeated at the top or bottom of most pages."""
    edge_counts: Counter[str] = Counter()
    for lines in pages:
        content = [line for line in lines if line.strip()]
        edges = {_shape(line) for line in content[:_EDGE] + content[-_EDGE:]}
        edge_counts.update(edges)
    repeated = {
        shape
        for shape, count in edge_counts.items()
        if len(pages) >= 3 and count >= max(3, len(pages) // 2) and len(shape) < 120 and not _ITEM_MARKER.match(shape)
    }
    cleaned: list[list[str]] = []
    for lines in pages:
        kept = list(lines)
        for edge in ("top", "bottom"):
            removed = 0
            while kept and removed < _EDGE:
                index = 0 if edge == "top" else -1
                line = kept[index]
                if not line.strip():
                    kept.pop(index)
                    continue
                if _PAGE_NUMBER.match(line) or _shape(line) in repeated:
                    kept.pop(index)
                    removed += 1
                    continue
                break
        cleaned.append(kept)
    return cleaned


_SIGNED = re.compile(
    r"^\s*(?:\*\*)?\s*(?:minutes\s+)?signed(?:\s+by\s+(?:the\s+)?chair(?:man|person)?)?\s*(?:\*\*)?\s*[:.]?\s*(?:\*\*)?"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
_RULE = re.compile(r"^[\s_\\.…*=\-–—]*$")  # a line of underscores, dots or dashes to sign on
_SIGNATURE_TAIL = re.compile(
    r"^\s*(?:\*\*)?\s*(?:dated?\b.*|chair(?:man|person|woman)?\b.*|cathaoirleach\b.*|an\s+cathaoirleach\b.*"
    r"|(?:meetings\s+)?administrator\b.*|secretary\b.*|director\s+of\s+services\b.*|mayor\b.*|clerk\b.*"
    r"|(?:councillor|cllr\.?)\s+[A-Z][\w’'.\- ]{1,40},?\s*(?:chair(?:man|person)?|cathaoirleach)?\.?)\s*(?:\*\*)?\s*$",
    re.IGNORECASE,
)
_SIGNATURE_REST = re.compile(
    r"^[\s_\\.…*=\-–—,]*(?:(?:councillor|cllr\.?|mr\.?|mrs\.?|ms\.?)\s+[^.]{0,60})?"
    r"[\s_\\.…*,]*(?:chair(?:man|person)?|cathaoirleach|secretary|date[d]?\b.*)?[\s._*]*$",
    re.IGNORECASE,
)


_SIGNATURE_WORDS = {"by", "the", "of", "and", "on", "this", "day", "date", "dated", "chair", "chairman", "chairperson"}


def _names_and_dates(rest: str) -> bool:
    """'R. Crisp, Chairman Date: 7th October 2014': a name, a role and a date, no prose."""
    words = re.findall(r"[^\W\d_]+", rest)
    return 0 < len(words) <= 12 and all(w[:1].isupper() or w.lower() in _SIGNATURE_WORDS or len(w) <= 2 for w in words)


def is_signature_line(text: str) -> bool:
    """'Signed: ____ Councillor X, Chairman', 'Minutes Signed By Chair:', a bare line to sign on."""
    stripped = text.strip()
    if not stripped:
        return False
    signed = _SIGNED.match(stripped)
    if signed and (_SIGNATURE_REST.match(signed.group("rest")) or _names_and_dates(signed.group("rest"))):
        return True
    return len(stripped) >= 4 and bool(_RULE.match(stripped)) and ("_" in stripped or "…" in stripped)


def blank_signatures(texts: list[str], window: int = 6) -> list[str]:
    """The lines with signature blocks blanked: a signature line and the short role, date and rule lines
    around it ('Cathaoirleach', 'Dated: ____', '____'). Blank lines are kept, so nothing else moves."""
    out = list(texts)
    for index, text in enumerate(texts):
        if not is_signature_line(text):
            continue
        out[index] = ""
        for near in range(index + 1, min(len(texts), index + 1 + window)):
            following = texts[near].strip()
            if not following:
                continue
            if is_signature_line(following) or _SIGNATURE_TAIL.match(following) and len(following.split()) <= 8:
                out[near] = ""
                continue
            break
    return out
