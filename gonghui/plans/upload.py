"""Reading and checking uploaded files: plan texts (.txt/.docx) and evidence attachments. No Django imports."""

import io
import zipfile

MAX_PLAN_BYTES = 2 * 1024 * 1024
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

# What may prove a plan item done (checked by gonghui.core.uploads, from the content).
EVIDENCE_KINDS = frozenset({"jpeg", "png", "pdf", "docx", "xlsx"})


class UploadError(ValueError):
    """A file we cannot accept; the message is shown to the user as is."""


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def plan_text(name: str, data: bytes) -> str:
    """The text of an uploaded plan: .txt in UTF-8 or GB18030, or .docx (tables become tab-separated rows)."""
    ext = extension(name)
    if len(data) > MAX_PLAN_BYTES:
        raise UploadError("计划文件不能超过 2MB。")
    if ext == "txt":
        if b"\x00" in data[:65536]:  # a picture or a document renamed .txt: no text file holds NUL bytes
            raise UploadError("这个 .txt 文件的内容不是文字，请上传纯文本或 .docx 文件，或直接粘贴文字。")
        return _decode(data)
    if ext == "docx":
        return _docx_text(data)
    if ext == "doc":
        raise UploadError("暂不支持旧版 .doc 文件，请在 Word 中另存为 .docx 后上传，或直接粘贴文字。")
    raise UploadError("只能上传 .txt 或 .docx 文件。")


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UploadError("无法识别文件的文字编码，请另存为 UTF-8 文本后上传。")


def _docx_text(data: bytes) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UploadError("无法读取该 Word 文件，请确认是 .docx 格式且没有损坏。") from error
    lines = []
    for block in document.element.body.iterchildren():
        if block.tag.endswith("}p"):
            lines.append(Paragraph(block, document).text)
        elif block.tag.endswith("}tbl"):
            for row in Table(block, document).rows:
                lines.append("\t".join(cell.text.strip().replace("\n", " ") for cell in row.cells))
    return "\n".join(lines)
