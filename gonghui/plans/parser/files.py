"""Plan files people have: .txt (UTF-8 or GB18030) and .docx with its tables."""

from __future__ import annotations

import re
from pathlib import Path

from .headings import heading_marker
from .lines import ITEM_MARK, Line
from .normalise import fold


def read_plan_text(path: str | Path) -> str:
    """The text of a .txt (UTF-8, else GB18030) or .docx plan; docx tables become tab-separated rows."""
    path = Path(path)
    if path.suffix.lower() == ".docx":
        return _docx_text(path)
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _docx_text(path: Path) -> str:
    import docx  # python-docx, only needed for uploads
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    lines = []
    for block in document.element.body.iterchildren():
        if block.tag.endswith("}p"):
            lines.append(_docx_paragraph_line(Paragraph(block, document)))
        elif block.tag.endswith("}tbl"):
            for row in Table(block, document).rows:
                cells = [_docx_cell_text(cell.text) for cell in row.cells]
                # a merged cell repeats across the grid: keep it once per row
                lines.append("\t".join(c for i, c in enumerate(cells) if i == 0 or c != cells[i - 1]))
    return "\n".join(lines)


_HEADING_STYLE = re.compile(r"^(?:Heading|标题)\s*(?P<level>[12])$")


def _docx_paragraph_line(paragraph) -> str:
    """Word's automatic numbering is not in the text: give headings and list items their markers back."""
    text = paragraph.text.strip()
    if not text or heading_marker(Line(0, text, fold(text), False)) or ITEM_MARK.match(fold(text)):
        return text
    style = paragraph.style.name if paragraph.style is not None else ""
    if heading := _HEADING_STYLE.match(style):
        return ("一、" if heading["level"] == "1" else "（一）") + text
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    return f"- {text}" if numbered or style.startswith("List") else text


def _docx_cell_text(text: str) -> str:
    """One line per cell: the cell's own lines become "；"-separated tasks."""
    return "；".join(part.strip() for part in text.splitlines() if part.strip())
