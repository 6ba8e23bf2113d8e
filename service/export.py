"""Render a briefing note as Markdown or as a Word document (python-docx), ready to edit."""

from __future__ import annotations

import io
import re
from typing import Any

from index.briefing import Briefing
from index.views import Citation

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Word documents are XML: drop the control characters XML 1.0 cannot hold (from noisy OCR or input)."""
    return _NOT_XML.sub("", text)


def _sources(briefing: Briefing) -> list[Citation]:
    seen: dict[int, Citation] = {}
    for section in briefing.sections:
        seen.setdefault(section.item_id, section.citation)
    for sentence in briefing.overview:
        seen.setdefault(sentence.item_id, sentence.citation)
    return sorted(seen.values(), key=lambda c: (c.date or "", c.item_id))


def _md_escape(text: str) -> str:
    return text.replace("\t", " — ").replace("*", r"\*").replace("_", r"\_").replace("#", r"\#").replace("<", "&lt;")


def to_markdown(briefing: Briefing) -> str:
    lines = [f"# {_md_escape(briefing.title)}", ""]
    filters = ", ".join(f"{k} {v}" for k, v in briefing.filters.items() if v and k != "max_items")
    if filters:
        lines += [f"_Limited to: {filters}_", ""]
    lines += ["## Overview", ""]
    if not briefing.overview:
        lines += ["Nothing in the minutes matches this topic.", ""]
    for sentence in briefing.overview:
        lines.append(f"- {_md_escape(sentence.text)} ({sentence.citation.label})")
    lines.append("")
    for section in briefing.sections:
        citation = section.citation
        lines += [
            f"## {_md_escape(citation.committee)}, {citation.when}: {_md_escape(section.heading)}",
            "",
            f"_{citation.council} · {citation.source}_",
            "",
        ]
        for sentence in section.sentences:
            lines.append(f"- {_md_escape(sentence.text)} ({citation.label})")
        for title, records, field in (
            ("Decisions", section.decisions, "text"),
            ("Actions", section.actions, "text"),
            ("Figures", section.figures, "text"),
        ):
            if records:
                lines += ["", f"**{title}**", ""]
                for record in records:
                    extra = f"{record['owner']}: " if title == "Actions" and record.get("owner") else ""
                    extra = f"{record['value']}: " if title == "Figures" else extra
                    lines.append(f"- {extra}{_md_escape(record[field])} ({citation.label})")
        lines.append("")
    lines += ["## Sources", ""]
    for citation in _sources(briefing):
        lines.append(f"- {citation.council}, {citation.label} ({citation.source}, item {citation.item_id})")
    return "\n".join(lines) + "\n"


def to_docx(briefing: Briefing) -> bytes:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.add_heading(xml_safe(briefing.title), level=0)
    document.add_heading("Overview", level=1)
    if not briefing.overview:
        document.add_paragraph("Nothing in the minutes matches this topic.")
    for sentence in briefing.overview:
        _cited(document, sentence.text, sentence.citation.label)
    for section in briefing.sections:
        citation = section.citation
        document.add_heading(xml_safe(f"{citation.committee}, {citation.when}: {section.heading}"), level=1)
        meta = document.add_paragraph(xml_safe(f"{citation.council} · {citation.source}"))
        meta.runs[0].italic = True
        for sentence in section.sentences:
            _cited(document, sentence.text, citation.label)
        for title, records in (
            ("Decisions", section.decisions),
            ("Actions", section.actions),
            ("Figures", section.figures),
        ):
            if records:
                document.add_heading(title, level=2)
                for record in records:
                    _cited(document, record["text"].replace("\t", " — "), citation.label)
    document.add_heading("Sources", level=1)
    for citation in _sources(briefing):
        document.add_paragraph(
            xml_safe(f"{citation.council}, {citation.label} ({citation.source})"), style="List Bullet"
        )
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            run.font.size = run.font.size or Pt(11)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _cited(document: Any, text: str, label: str) -> None:
    paragraph = document.add_paragraph(style="List Bullet")
    paragraph.add_run(xml_safe(text.replace("\t", " — ")))
    citation = paragraph.add_run(xml_safe(f" ({label})"))
    citation.italic = True
