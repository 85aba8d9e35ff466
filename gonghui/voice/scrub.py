"""What an anonymous letter's attachments must not carry: the document's own record of who wrote it.

A PDF keeps an Info dictionary (Author, Creator, Producer, Title...) and an XMP packet, and its
trailer /ID fingerprints the file on the writer's computer; an Office file keeps docProps/core.xml
(creator, lastModifiedBy), docProps/app.xml (Company, Manager, template) and docProps/custom.xml,
and Word writes reviewers' names into comments, tracked changes and word/people.xml. Images need
nothing here: core.uploads re-encodes them as pixels only (no EXIF, no GPS).

Pure functions over bytes, no Django: `scrub(kind, data) -> bytes`, or ScrubRefused with the reason.
"""

import io
import zipfile

from lxml import etree
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import NameObject

OFFICE = {"docx", "xlsx", "pptx"}
IMAGES = {"jpeg", "png", "webp", "gif"}  # re-encoded already by core.uploads

CORE_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
    b' xmlns:dc="http://purl.org/dc/elements/1.1/"/>'
)
APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"/>'
)
CUSTOM_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"/>'
)
EMPTY_PARTS = {"docProps/core.xml": CORE_XML, "docProps/app.xml": APP_XML, "docProps/custom.xml": CUSTOM_XML}
# Attributes naming a person inside Word's and PowerPoint's parts (comments, revisions, people.xml);
# `name` also names fonts and styles, so it is blanked only on the elements that describe a person.
PERSON_ATTRIBUTES = {"author", "initials", "userId", "providerId"}
PERSON_ELEMENTS = {"person", "cmAuthor", "author"}
PERSON_PARTS = ("word/comments", "word/people", "word/document", "word/footnotes", "word/endnotes",
                "word/header", "word/footer", "ppt/commentAuthors", "ppt/authors")  # fmt: skip


class ScrubRefused(ValueError):
    """The file cannot be made anonymous; the message says what to upload instead."""


def scrub(kind: str, data: bytes) -> bytes:
    if kind == "pdf":
        return scrub_pdf(data)
    if kind in OFFICE:
        return scrub_office(data)
    if kind in IMAGES:
        return data
    # .doc/.xls keep the author in an OLE property stream we do not rewrite; CSV is plain text.
    if kind == "csv":
        return data
    raise ScrubRefused(
        "匿名来信的附件不能是旧版 Word/Excel 文件（无法去除其中的作者信息），请另存为 .docx/.xlsx 或 PDF 后再上传。"
    )


def scrub_pdf(data: bytes) -> bytes:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ScrubRefused("匿名来信的附件不能是加密的 PDF，请去掉密码后再上传。")
        writer = PdfWriter(clone_from=reader)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        if isinstance(error, ScrubRefused):
            raise
        raise ScrubRefused("PDF 文件已损坏或无法读取，请重新导出后再上传。") from None
    writer.metadata = None  # no Info dictionary at all (pypdf would otherwise add its Producer)
    writer._ID = None  # a new, random file identifier instead of the one made on the writer's computer
    for holder in (writer._root_object, *writer.pages):
        for key in ("/Metadata", "/PieceInfo"):  # XMP packets, and application data naming the program
            holder.pop(NameObject(key), None)
    writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)  # the old Info, XMP
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def scrub_office(data: bytes) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
                for item in source.infolist():
                    target.writestr(_neutral(item), _part(item.filename, source.read(item)))
    except (zipfile.BadZipFile, OSError, etree.XMLSyntaxError):
        raise ScrubRefused("文件已损坏或无法读取，请重新保存后再上传。") from None
    return out.getvalue()


def _neutral(item: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """The entry's name only: no timestamps of the writer's last save, no host system or comment."""
    return zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))


def _part(name: str, content: bytes) -> bytes:
    if name in EMPTY_PARTS:
        return EMPTY_PARTS[name]
    if name.endswith(".xml") and name.startswith(PERSON_PARTS):
        return _without_people(content)
    return content


def _without_people(content: bytes) -> bytes:
    markers = [f"{a}=".encode() for a in PERSON_ATTRIBUTES]
    if not any(marker in content for marker in markers) and b"person" not in content:
        return content
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    root = etree.fromstring(content, parser)
    for element in root.iter(tag=etree.Element):
        person = etree.QName(element).localname in PERSON_ELEMENTS
        for attribute in element.attrib:
            local = etree.QName(attribute).localname
            if local in PERSON_ATTRIBUTES or (person and local == "name"):
                element.set(attribute, "")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
