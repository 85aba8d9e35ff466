"""Stream the rows of a large .xlsx sheet with constant memory.

calamine (used for ordinary files) is several times faster but loads a whole
sheet into memory: about 1.4 GB for a million-row roster. Above
``roster.STREAM_XLSX_ABOVE`` bytes of sheet XML the roster reader switches to
this module, which walks the sheet XML with lxml's iterparse and drops every
row once it has been read. Cell values come out as calamine gives them: str,
float, bool, datetime.date / datetime.datetime for date-formatted numbers.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
import sys
import zipfile
from collections.abc import Iterator
from functools import cache
from typing import Any

from lxml import etree

from gonghui.core import pipes

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
T_TAG = NS + "t"
PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# Built-in number formats that show dates (ECMA-376 18.8.30, plus the CJK ones).
DATE_FORMAT_IDS = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def _is_date_code(code: str) -> bool:
    code = _QUOTED.sub("", code).lower()
    return any(ch in code for ch in "ymdhs")


def sheet_xml_size(path: str) -> int:
    with zipfile.ZipFile(path) as zf:
        return zf.getinfo(_first_sheet(zf)).file_size


def _first_sheet(zf: zipfile.ZipFile) -> str:
    workbook = etree.fromstring(zf.read("xl/workbook.xml"))
    rels = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(PKG_REL_NS + "Relationship")}
    sheets = list(workbook.iter(NS + "sheet"))
    visible = [s for s in sheets if s.get("state", "visible") == "visible"] or sheets
    target = targets[visible[0].get(REL_NS + "id")]
    return target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)


def _shared_strings(zf: zipfile.ZipFile) -> list[str]:
    try:
        fh = zf.open("xl/sharedStrings.xml")
    except KeyError:
        return []
    strings: list[str] = []
    with fh:
        for _, si in etree.iterparse(fh, events=("end",), tag=NS + "si", huge_tree=True):
            # rich text runs: concatenate <t> of every <r>, skip phonetic <rPh>
            strings.append(
                "".join(t.text or "" for t in si.iter(NS + "t") if t.getparent().tag != NS + "rPh")
            )
            si.clear()
    return strings


def _date_styles(zf: zipfile.ZipFile) -> set[int]:
    try:
        styles = etree.fromstring(zf.read("xl/styles.xml"))
    except KeyError:
        return set()
    custom = {int(f.get("numFmtId")): f.get("formatCode", "") for f in styles.iter(NS + "numFmt")}
    dates = set()
    cell_xfs = styles.find(NS + "cellXfs")
    for index, xf in enumerate(cell_xfs if cell_xfs is not None else []):
        fmt = int(xf.get("numFmtId", 0))
        if fmt in DATE_FORMAT_IDS or (fmt in custom and _is_date_code(custom[fmt])):
            dates.add(index)
    return dates


_DIGITS = "0123456789"


def _column(ref: str) -> int:
    """'AB12' → 27."""
    return _column_of_letters(ref.rstrip(_DIGITS))


@cache  # a million rows share a few dozen column letters
def _column_of_letters(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def _inline_text(c) -> str:
    """<c t="inlineStr"><is><t>text</t></is></c>: by position, 8× faster than joining
    itertext(); rich text (<is><r><t>…</t></r>…</is>) takes the slow way."""
    try:
        t = c[0][0]
    except IndexError:
        return ""
    if t.tag == T_TAG and len(c[0]) == 1:
        return t.text or ""
    return "".join(c.itertext())


def _as_date(serial: float) -> dt.date | dt.datetime:
    moment = EXCEL_EPOCH + dt.timedelta(days=serial)
    return moment.date() if serial.is_integer() else moment


def iter_rows(path: str) -> Iterator[tuple[int, list[Any]]]:
    """(sheet row number, cells) of the first visible sheet, row by row."""
    with zipfile.ZipFile(path) as zf:
        strings = _shared_strings(zf)
        date_styles = _date_styles(zf)
        row_tag, v_tag = NS + "row", NS + "v"
        with zf.open(_first_sheet(zf)) as fh:
            number = 0
            for _, row in etree.iterparse(fh, events=("end",), tag=row_tag, huge_tree=True):
                number = int(row.get("r") or number + 1)
                cells: list[Any] = []
                for c in row:
                    ref = c.get("r")
                    if ref:
                        col = _column(ref)
                        if col > len(cells):
                            cells.extend([""] * (col - len(cells)))
                    kind = c.get("t")
                    if kind == "inlineStr":  # what xlsxwriter's constant_memory mode writes
                        cells.append(_inline_text(c))
                        continue
                    text = c.findtext(v_tag) or ""
                    if kind == "s":
                        cells.append(strings[int(text)] if text else "")
                    elif kind in ("str", "e"):
                        cells.append(text)
                    elif kind == "b":
                        cells.append(text == "1")
                    elif text == "":
                        cells.append("")
                    else:
                        value = float(text)
                        style = c.get("s")
                        if style and int(style) in date_styles:
                            cells.append(_as_date(value))
                        else:
                            cells.append(value)
                yield number, cells
                row.clear()
                parent = row.getparent()
                while row.getprevious() is not None:
                    del parent[0]


# ---- parsing beside the import
#
# Parsing the sheet XML is ~40% of a million-row import's time, and the import itself is
# single-threaded Python. A second process (`python -m gonghui.members.xlsx_stream PATH`)
# parses while the importer checks and writes (see gonghui.core.pipes).

PARSE_BATCH = 2000


def iter_rows_parallel(path: str) -> Iterator[tuple[int, list[Any]]]:
    """`iter_rows`, parsed in a child process (its failures raise pipes.ChildFailed)."""
    return pipes.items_from_child("gonghui.members.xlsx_stream", os.path.abspath(path))


if __name__ == "__main__":
    pipes.send_to_parent(iter_rows(sys.argv[1]), PARSE_BATCH)
