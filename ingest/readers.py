"""Read minutes files (PDF, DOCX, HTML, text) into lines, marking bold lines and pages.

Bold is carried as a flag on each line (`**` markers in Markdown-ish text, bold runs in DOCX,
<b>/<strong>/<h1-6> in HTML); the segmenter uses it as a heading cue.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from .errors import IngestError
from .records import Line, SourceText

SUPPORTED_SUFFIXES = {".pdf": "pdf", ".txt": "txt", ".md": "md", ".docx": "docx", ".html": "html", ".htm": "html"}
MAX_BYTES = 50 * 1024 * 1024
# Bounds on what one document may unpack to, so a small hostile file cannot take a worker's memory or time:
# the longest real minutes in the archive are a 372 KB text and a few dozen PDF pages.
MAX_PAGES = 1_000
MAX_PARAGRAPHS = 50_000
MAX_UNPACKED_BYTES = 40 * 1024 * 1024  # a DOCX's XML parts, uncompressed
MAX_TEXT_CHARS = 8_000_000

_BOLD_LINE = re.compile(r"^\s*\*\*(.+?)\*\*\s*:?\s*$")
_MD_PAGE_BREAK = re.compile(r"^\s*-{3,}\s*$")


def detect_format(path: Path, data: bytes) -> str:
    """The document format, checked against the content rather than trusted from the name."""
    fmt = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise IngestError(
            f"unsupported file type {path.suffix or '(none)'!r}; expected one of "
            + ", ".join(sorted(SUPPORTED_SUFFIXES))
        )
    if not data.strip():
        raise IngestError("empty file")
    if len(data) > MAX_BYTES:
        raise IngestError(f"file too large ({len(data) // (1024 * 1024)} MB; limit {MAX_BYTES // (1024 * 1024)} MB)")
    if fmt == "pdf" and not data.startswith(b"%PDF-"):
        raise IngestError("not a PDF (no %PDF- header)")
    if fmt == "docx" and not data.startswith(b"PK"):
        raise IngestError("not a DOCX (not a zip container)")
    if fmt in ("txt", "md", "html") and b"\x00" in data[:65536]:
        raise IngestError("binary content in a text file")
    return fmt


def decode_text(data: bytes) -> str:
    """Decode bytes as UTF-8, else the best guess of charset-normalizer, else cp1252."""
    for encoding in ("utf-8-sig",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return str(best)
    return data.decode("cp1252", errors="replace")


def read_document(path: Path, data: bytes) -> SourceText:
    """Read `data` (the bytes of `path`) into a SourceText; raises IngestError with a reason."""
    fmt = detect_format(path, data)
    reader = {"pdf": _read_pdf, "docx": _read_docx, "html": _read_html}.get(fmt, _read_markdown_text)
    try:
        source = reader(data)
    except IngestError:
        raise
    except Exception as exc:  # a library failing on a damaged file
        raise IngestError(f"cannot read {fmt.upper()}: {type(exc).__name__}: {exc}".strip()) from exc
    source.format = fmt
    if not any(line.text.strip() for line in source.lines):
        raise IngestError("no text could be extracted")
    if sum(len(line.text) for line in source.lines) > MAX_TEXT_CHARS:
        raise IngestError(f"too much text (more than {MAX_TEXT_CHARS:,} characters) for one set of minutes")
    return source


def _read_markdown_text(data: bytes) -> SourceText:
    """Plain or Markdown-ish text; `---` lines are page breaks, `**...**` lines are bold."""
    text = decode_text(data)
    lines: list[Line] = []
    page = 1
    for raw in text.splitlines():
        if _MD_PAGE_BREAK.match(raw):
            page += 1
            lines.append(Line("", page))
            continue
        lines.append(_markdown_line(raw, page))
    return SourceText("txt", lines, paged=False)


def _markdown_line(raw: str, page: int | None) -> Line:
    """A Line with `**` markers removed; bold when the whole line was bold."""
    stripped = raw.strip()
    bold = bool(_BOLD_LINE.match(stripped)) or (stripped.startswith("**") and stripped.rstrip(":").endswith("**"))
    text = raw.replace("**", "")
    text = re.sub(r"\*?<small>.*?</small>\*?", "", text)
    return Line(text.rstrip(), page, bold and bool(text.strip()))


def _read_pdf(data: bytes) -> SourceText:
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise IngestError("encrypted PDF")
        if len(reader.pages) > MAX_PAGES:
            raise IngestError(f"too many pages ({len(reader.pages):,}; limit {MAX_PAGES:,})")
        pages = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except Exception as exc:
        raise IngestError(f"corrupt PDF: {exc}") from exc
    from .furniture import strip_page_furniture

    lines: list[Line] = []
    for number, page_lines in enumerate(strip_page_furniture([p.splitlines() for p in pages]), start=1):
        lines.extend(Line(text.rstrip(), number) for text in page_lines)
        lines.append(Line("", number))
    return SourceText("pdf", lines, paged=True)


def _check_docx_container(data: bytes) -> None:
    """Refuse a DOCX whose parts unpack to more than MAX_UNPACKED_BYTES (a decompression bomb) before
    anything parses it: the sizes come from the zip directory."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as container:
            unpacked = sum(info.file_size for info in container.infolist() if info.filename.endswith(".xml"))
            if unpacked > MAX_UNPACKED_BYTES:
                raise IngestError(
                    f"the document unpacks to {unpacked // (1024 * 1024)} MB of XML"
                    f" (limit {MAX_UNPACKED_BYTES // (1024 * 1024)} MB)"
                )
            paragraphs, tail = 0, b""
            with container.open("word/document.xml") as part:  # counted while streaming, before any parsing
                while chunk := part.read(1 << 20):
                    window = tail + chunk
                    paragraphs += window.count(b"<w:p>") + window.count(b"<w:p ")
                    tail = window[-5:]
                    paragraphs -= tail.count(b"<w:p>") + tail.count(b"<w:p ")
            paragraphs += tail.count(b"<w:p>") + tail.count(b"<w:p ")
    except zipfile.BadZipFile as exc:
        raise IngestError(f"corrupt DOCX: {exc}") from exc
    except KeyError as exc:
        raise IngestError("corrupt DOCX: no word/document.xml") from exc
    if paragraphs > MAX_PARAGRAPHS:
        raise IngestError(f"too many paragraphs ({paragraphs:,}; limit {MAX_PARAGRAPHS:,})")


def _read_docx(data: bytes) -> SourceText:
    import docx

    _check_docx_container(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError(f"corrupt DOCX: {exc}") from exc
    paragraphs = document.paragraphs
    if len(paragraphs) > MAX_PARAGRAPHS:
        raise IngestError(f"too many paragraphs ({len(paragraphs):,}; limit {MAX_PARAGRAPHS:,})")
    lines: list[Line] = []
    for paragraph in paragraphs:
        text = paragraph.text
        runs = [run for run in paragraph.runs if run.text.strip()]
        style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
        bold = bool(runs) and (all(run.bold for run in runs) or style.startswith("heading") or style == "title")
        lines.extend(Line(part, None, bold) for part in text.split("\n"))
        lines.append(Line(""))
    for table in document.tables:
        for row in table.rows:
            cells = [cell.text.strip() for cell in row.cells if cell.text.strip()]
            if cells:
                lines.append(Line(" ".join(dict.fromkeys(cells))))
                lines.append(Line(""))
    return SourceText("docx", lines)


_BLOCK_TAGS = ("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "br", "table", "section", "article")


def _read_html(data: bytes) -> SourceText:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(decode_text(data), "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "head"]):
        tag.decompose()
    lines: list[Line] = []
    for block in soup.find_all(["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "pre"]):
        if block.find(["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "pre"]):
            continue  # the inner blocks are visited on their own
        text = block.get_text(" ", strip=True)
        if not text:
            continue
        bold_text = "".join(b.get_text(" ", strip=True) for b in block.find_all(["b", "strong"]))
        bold = block.name.startswith("h") or (bold_text.strip() == text.strip())
        lines.append(Line(text, None, bold))
        lines.append(Line(""))
    if not lines:
        lines = [Line(part) for part in soup.get_text("\n").splitlines()]
    return SourceText("html", lines)


def read_bytes(path: Path) -> bytes:
    """Read a file from disk, refusing oversized ones before loading them."""
    if not path.is_file():
        raise IngestError("not a file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise IngestError(f"file too large ({size // (1024 * 1024)} MB; limit {MAX_BYTES // (1024 * 1024)} MB)")
    return path.read_bytes()
