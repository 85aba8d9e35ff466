"""Work beside the request's process: rows to a child that writes a workbook, and failures."""

import datetime as dt
import os
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from gonghui.core import pipes
from gonghui.core.sheet_beside import SheetBeside


def children() -> set[int]:
    tasks = Path(f"/proc/{os.getpid()}/task")
    return {int(pid) for task in tasks.iterdir() for pid in (task / "children").read_text().split()}


def test_a_sheet_written_beside_reads_back_cell_for_cell(tmp_path):
    path = tmp_path / "out.xlsx"
    rows = [
        ("张三", dt.date(1990, 3, 7), 12.5, None, "", True),
        ('<李四> & "王五"', dt.datetime(2026, 1, 2, 8, 30), 3, "  前后空格  ", "x", False),
    ]
    many = [(f"会员{i}", dt.date(2020, 1, 1) + dt.timedelta(days=i), i, None, "", False) for i in range(5000)]
    with SheetBeside(
        path,
        sheet_name="名册",
        columns=[("姓名", 10), ("日期", 11), ("数", 6), ("空", 4), ("文", 4), ("是", 4)],
    ) as sheet:
        for row in rows + many:
            sheet.add_row(row)
    workbook = CalamineWorkbook.from_path(str(path))
    assert workbook.sheet_names == ["名册"]
    read = workbook.get_sheet_by_index(0).to_python()
    assert read[0] == ["姓名", "日期", "数", "空", "文", "是"]
    assert read[1] == ["张三", dt.date(1990, 3, 7), 12.5, "", "", True]
    assert read[2] == ['<李四> & "王五"', dt.datetime(2026, 1, 2, 8, 30), 3, "  前后空格  ", "x", False]
    assert len(read) == 1 + len(rows) + len(many)
    assert read[-1][:3] == ["会员4999", dt.date(2020, 1, 1) + dt.timedelta(days=4999), 4999]


def test_a_child_that_fails_is_reported_with_its_reason(tmp_path):
    with (
        pytest.raises(pipes.ChildFailed) as failed,
        SheetBeside(tmp_path / "missing" / "out.xlsx", sheet_name="名册", columns=[("姓名", 10)]) as sheet,
    ):
        sheet.add_row(("张三",))
    assert failed.value.kind == "FileCreateError" and "missing" in failed.value.detail


def test_a_failure_in_this_process_ends_the_child(tmp_path):
    before = children()
    with (
        pytest.raises(RuntimeError, match="数据库断开"),
        SheetBeside(tmp_path / "out.xlsx", sheet_name="名册", columns=[("姓名", 10)]) as sheet,
    ):
        sheet.add_row(("张三",))
        assert len(children() - before) == 1
        raise RuntimeError("数据库断开")
    assert children() == before
    assert not (tmp_path / "out.xlsx").exists()  # no half-written workbook is left


def test_a_child_that_dies_while_receiving_stops_the_sender():
    with (
        pytest.raises(pipes.ChildFailed, match="子进程意外退出"),
        pipes.ItemsToChild("gonghui.core.tests.dying_child", batch_size=10) as pipe,
    ):
        for i in range(100_000):  # far more than the pipe and the queue hold
            pipe.send(("一行", i))


def test_a_relative_path_is_written_where_this_process_means_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with SheetBeside("out.xlsx", sheet_name="名册", columns=[("姓名", 10)]) as sheet:
        sheet.add_row(("张三",))
    assert (tmp_path / "out.xlsx").exists()
