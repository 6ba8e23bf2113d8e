"""Turning read models into HTML and plain text: the only place markup is made from council text.

Council text is always escaped; the only tag added to it is <mark>, around the match spans a snippet
carries or the surface of a mention.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

from index.views import SearchHit, Snippet, long_date

__all__ = [
    "long_date",
    "plain",
    "paragraphs",
    "snippet_markup",
    "snippet_html",
    "snippet_plain",
    "highlight",
    "hit_json",
]

_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")  # symbol-font bullets from PDFs/Word (render as boxes)


def plain(text: str | None) -> str:
    """Council text for display: symbol-font bullets shown as bullets."""
    return _PRIVATE_USE.sub("\u2022", text or "")


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", plain(text)) if p.strip()]


def _spans_markup(text: str, spans: list[tuple[int, int]]) -> Markup:
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last or end <= start or end > len(text):
            continue
        out.append(escape(text[last:start]))
        out.append(Markup("<mark>") + escape(text[start:end]) + Markup("</mark>"))
        last = end
    out.append(escape(text[last:]))
    return Markup("").join(out)


def snippet_markup(snippet: Snippet) -> Markup:
    """The snippet escaped, its matches in <mark>."""
    return _spans_markup(plain(snippet.text), snippet.spans)


def snippet_html(snippet: Snippet) -> str:
    """The API's `snippet`: escaped HTML whose only tags are <mark>."""
    return str(_spans_markup(snippet.text, snippet.spans))


def snippet_plain(snippet: Snippet, marker: str = "*") -> str:
    """For a terminal: matches wrapped in `marker`."""
    out, last = [], 0
    for start, end in sorted(snippet.spans):
        if start < last:
            continue
        out += [snippet.text[last:start], marker, snippet.text[start:end], marker]
        last = end
    return "".join(out) + snippet.text[last:]


def highlight(sentence: str, surface: str) -> Markup:
    """The sentence, escaped, with each occurrence of `surface` (whitespace-tolerant) in <mark>."""
    words = [re.escape(w) for w in surface.split()]
    if not words:
        return escape(sentence)
    pattern = re.compile(r"\s+".join(words), re.IGNORECASE)
    return _spans_markup(sentence, [m.span() for m in pattern.finditer(sentence)])


def hit_json(hit: SearchHit, summary: list[str] | None = None) -> dict[str, Any]:
    """A search result as the API (and `quorum search --json`) give it."""
    body: dict[str, Any] = {
        "kind": "item",
        "item_id": hit.item_id,
        "score": hit.score,
        "relevance": hit.relevance,
        "heading": hit.heading,
        "text": hit.text,
        "snippet": snippet_html(hit.snippet),
        "snippet_text": hit.snippet.text,
        "highlights": [list(span) for span in hit.snippet.spans],
        "meeting": hit.meeting.to_dict(),
    }
    if summary is not None:
        body["summary"] = summary
    return body
