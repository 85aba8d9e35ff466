"""Plan files people have: .txt (UTF-8 or GB18030), .docx with its tables, text .pdf, and .doc/.wps
through LibreOffice when it is installed. A file that cannot be read raises PlanFileError with a
message the user can act on."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from .headings import heading_marker
from .lines import ITEM_MARK, Line
from .normalise import fold


class PlanFileError(ValueError):
    """A plan file that cannot be read; the message says in Chinese what to do."""


CONVERT_TIMEOUT = 120  # seconds LibreOffice may take for one .doc
_SCANNED = 20  # fewer readable characters per page than this: the PDF is pictures of pages


def read_plan_text(path: str | Path) -> str:
    """The text of a plan file; docx tables become tab-separated rows, one row a line."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _docx_text(path)
    if suffix == ".pdf":
        return pdf_text(path)
    if suffix in (".doc", ".wps"):
        with tempfile.TemporaryDirectory(prefix="plan-doc-") as folder:
            return _docx_text(converted_to_docx(path, Path(folder)))
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def pdf_text(path: Path) -> str:
    """The text of a PDF made from a document, page after page (normalise drops the page numbers
    and joins the lines the page width wrapped)."""
    import pypdf  # only needed for PDF uploads

    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PlanFileError("这个 PDF 设了密码，读不出内容。请去掉密码后再上传，或上传 Word/文本文件。")
        pages = [page.extract_text() or "" for page in reader.pages]
    except pypdf.errors.PdfReadError as error:
        raise PlanFileError(
            "这个 PDF 文件已损坏或不完整，读不出内容。请重新导出 PDF，或上传 Word/文本文件。"
        ) from error
    readable = sum(len(re.sub(r"\s", "", page)) for page in pages)
    if readable < _SCANNED * max(len(pages), 1):
        raise PlanFileError(
            "这个 PDF 是扫描的图片，没有可读的文字。请上传文字版 PDF 或 Word 文件，或把计划文字直接粘贴进来。"
        )
    return "\n".join(page.rstrip("\n") for page in pages)


def converted_to_docx(path: Path, folder: Path) -> Path:
    """A .doc or .wps converted to .docx by LibreOffice (Debian: libreoffice-writer-nogui) into
    `folder` (the caller's temporary folder, removed once the text is read)."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise PlanFileError(
            "服务器没有安装 LibreOffice，读不了 .doc/.wps 文件。请在 Word 或 WPS 中“另存为” .docx 后再上传。"
        )
    try:
        subprocess.run(
            # a profile of its own: a second conversion does not wait on another's lock
            [
                office,
                f"-env:UserInstallation=file://{folder}/profile",
                "--headless",
                "--convert-to",
                "docx",
                "--outdir",
                str(folder),
                str(path),
            ],
            check=True,
            capture_output=True,
            timeout=CONVERT_TIMEOUT,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        raise PlanFileError(
            "这个文件转换失败，读不出内容。请在 Word 或 WPS 中“另存为” .docx 后再上传。"
        ) from error
    result = folder / (path.stem + ".docx")
    if not result.exists():
        raise PlanFileError("这个文件转换失败，读不出内容。请在 Word 或 WPS 中“另存为” .docx 后再上传。")
    return result


def _docx_text(path: Path) -> str:
    import docx  # python-docx, only needed for uploads
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise PlanFileError(
            "无法读取该 Word 文件，请确认是 .docx 格式且没有损坏，或直接粘贴文字。"
        ) from error
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
