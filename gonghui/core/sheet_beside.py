"""A one-sheet .xlsx written by a second process, for exports of up to a million rows.

xlsxwriter spends four fifths of a big export building cell XML; reading the rows from the
database (and masking them) is the other fifth. Here a child process (`python -m
gonghui.core.sheet_beside PATH`) writes the workbook, in xlsxwriter's constant-memory mode,
from rows this process sends it over a pipe (gonghui.core.pipes), so the two overlap on two
cores and memory stays flat. Cells: text, numbers, dates; None and "" stay empty.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import Any

from gonghui.core import pipes
from gonghui.core.workbooks import workbook


class SheetBeside:
    """with SheetBeside(path, sheet_name="…", columns=[("姓名", 10), …]) as sheet: sheet.add_row(…)"""

    def __init__(self, path: str | os.PathLike, *, sheet_name: str, columns: list[tuple[str, int]]):
        self.pipe = pipes.ItemsToChild("gonghui.core.sheet_beside", os.path.abspath(path))
        self.pipe.send((sheet_name, columns))

    def add_row(self, values: tuple | list) -> None:
        self.pipe.send(values)

    def __enter__(self) -> SheetBeside:
        return self

    def __exit__(self, *exc_info) -> None:
        self.pipe.__exit__(*exc_info)


def write_workbook(path: str, items) -> None:
    """In the child: the header item, then one row per item, into `path`."""
    sheet_name, columns = next(items)
    book = workbook(path, {"constant_memory": True})
    sheet = book.add_worksheet(sheet_name)
    bold = book.add_format({"bold": True})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for col, (title, width) in enumerate(columns):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, title, bold)
    for row, values in enumerate(items, start=1):
        for col, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                sheet.write_string(row, col, value)
            elif isinstance(value, dt.datetime):
                sheet.write_datetime(row, col, value.replace(tzinfo=None), moment)
            elif isinstance(value, dt.date):
                sheet.write_datetime(row, col, value, date)
            elif isinstance(value, bool):
                sheet.write_boolean(row, col, value)
            else:
                sheet.write_number(row, col, value)
    book.close()


def _main(path: str, items: Any) -> None:
    try:
        write_workbook(path, items)
    except Exception as exc:  # the parent raises it as ChildFailed
        pipes.report_failure(exc)


if __name__ == "__main__":
    _main(sys.argv[1], pipes.items_from_parent())
