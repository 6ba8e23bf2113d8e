"""Remove running page headers, footers and page numbers from paged text."""

from __future__ import annotations

import re
from collections import Counter

_PAGE_NUMBER = re.compile(r"^\s*(page\s+)?\d{1,4}(\s*(of|/)\s*\d{1,4})?\s*$|^\s*-\s*\d{1,4}\s*-\s*$", re.IGNORECASE)
_EDGE = 3  # lines examined at the top and bottom of each page


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
        if len(pages) >= 3 and count >= max(3, len(pages) // 2) and len(shape) < 120
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
