"""Reading and checking uploaded files: plan texts (.txt/.docx/.pdf/.doc/.wps) and evidence attachments. No Django imports."""

import tempfile
from pathlib import Path

MAX_PLAN_BYTES = 10 * 1024 * 1024  # a 50-page text PDF is well under this
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

# What may prove a plan item done (checked by gonghui.core.uploads, from the content).
EVIDENCE_KINDS = frozenset({"jpeg", "png", "pdf", "docx", "xlsx"})


class UploadError(ValueError):
    """A file we cannot accept; the message is shown to the user as is."""


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


PLAN_EXTENSIONS = ("txt", "docx", "pdf", "doc", "wps")
# What each kind of file starts with: a renamed picture is refused before any reader sees it.
_MAGIC = {
    "docx": (b"PK",),
    "pdf": (b"%PDF",),
    "doc": (b"\xd0\xcf\x11\xe0",),
    "wps": (b"\xd0\xcf\x11\xe0", b"PK"),
}


def plan_text(name: str, data: bytes) -> str:
    """The text of an uploaded plan through the parser's file reader (`parser.read_plan_text`):
    .txt in UTF-8 or GBK/GB18030, .docx with its tables as rows, a text .pdf (a scanned one is
    refused with a message), .doc/.wps through LibreOffice when the server has it."""
    from gonghui.plans.parser import PlanFileError, read_plan_text

    ext = extension(name)
    if len(data) > MAX_PLAN_BYTES:
        raise UploadError(f"计划文件不能超过 {MAX_PLAN_BYTES // (1024 * 1024)}MB。")
    if ext not in PLAN_EXTENSIONS:
        raise UploadError("只能上传 .txt、.docx、.pdf、.doc 或 .wps 文件。")
    if ext == "txt":
        if b"\x00" in data[:65536]:  # a picture or a document renamed .txt: no text file holds NUL bytes
            raise UploadError("这个 .txt 文件的内容不是文字，请上传纯文本或 .docx 文件，或直接粘贴文字。")
        return _decode(data)
    if not data.startswith(_MAGIC[ext]):
        raise UploadError(f"这个文件不是有效的 .{ext} 文件，无法读取。请确认文件没有损坏，或直接粘贴文字。")
    with tempfile.TemporaryDirectory(prefix="plan-upload-") as folder:
        path = Path(folder) / f"plan.{ext}"
        path.write_bytes(data)
        try:
            return read_plan_text(path)
        except PlanFileError as error:
            raise UploadError(str(error)) from error


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UploadError("无法识别文件的文字编码，请另存为 UTF-8 文本后上传。")
