"""Rows read and checked in a second process are exactly the rows read and checked in this one."""

import datetime as dt
import os
from pathlib import Path

import pytest

from bench.gen_roster import write_csv, write_xlsx
from gonghui.core import pipes
from gonghui.members import roster, roster_check
from gonghui.members.importer import import_file
from gonghui.members.models import Member
from gonghui.members.roster import RosterError

FILES = Path(__file__).parent / "files"
TODAY = dt.date(2026, 6, 1)


def results(sheet):
    return [(r.row, r.data, r.errors) for r in sheet]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rosters")
    write_xlsx(folder / "g.xlsx", 3000, seed=11, bad_rate=0.1)
    write_csv(folder / "g.csv", 3000, seed=12, bad_rate=0.1, encoding="gbk")
    return folder


@pytest.mark.parametrize("name", ["ugly_roster.xlsx", "ugly_roster_gbk.csv", "g.xlsx", "g.csv"])
def test_the_child_reads_and_checks_like_this_process(name, generated):
    path = FILES / name if (FILES / name).exists() else generated / name
    here = roster.open_roster(path, today=TODAY)
    beside = roster_check.open_roster_beside(path, today=TODAY)
    assert (beside.header_row, beside.headers, beside.mapping) == (
        here.header_row,
        here.headers,
        here.mapping,
    )
    expected = results(here)
    assert len(expected) > 5 and any(errors for _, _, errors in expected)
    assert results(beside) == expected


def test_a_mapping_fixed_by_the_user_reaches_the_child():
    path = FILES / "ugly_roster.xlsx"
    here = roster.open_roster(path, today=TODAY)
    phone_column = next(i for i, f in here.mapping.items() if f == "phone")
    fixed = {phone_column: ""}  # the user says: ignore this column
    beside = roster_check.open_roster_beside(path, mapping=fixed, today=TODAY)
    assert "phone" not in beside.mapping.values()
    assert results(beside) == results(roster.open_roster(path, mapping=fixed, today=TODAY))


def test_the_readers_messages_come_through_unchanged(tmp_path):
    no_header = tmp_path / "notes.csv"
    no_header.write_text("会议记录\n今天开会\n", encoding="utf-8")
    with pytest.raises(RosterError) as here:
        roster.open_roster(no_header)
    with pytest.raises(RosterError) as beside:
        roster_check.open_roster_beside(no_header)
    assert str(beside.value) == str(here.value)

    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(RosterError, match="无法读取这个表格文件"):
        roster_check.open_roster_beside(broken)


def test_a_child_that_dies_is_a_message_not_a_hang(tmp_path):
    with pytest.raises(pipes.ChildFailed, match="子进程意外退出"):
        list(pipes.items_from_child("gonghui.core.tests.dying_child"))


def children() -> set[int]:
    tasks = Path(f"/proc/{os.getpid()}/task")
    return {int(pid) for task in tasks.iterdir() for pid in (task / "children").read_text().split()}


def test_stopping_early_ends_the_child(generated):
    before = children()
    rows = iter(roster_check.open_roster_beside(generated / "g.csv", today=TODAY))
    next(rows)
    assert len(children() - before) == 1
    rows.close()  # the import stopped (an exception in the parent): the child is killed and reaped
    assert children() == before


@pytest.mark.django_db
@pytest.mark.parametrize("commit", [False, True])
def test_import_gives_the_same_outcome_either_way(world, generated, commit):
    path = str(generated / "g.xlsx")
    outcomes = {}
    for beside in (False, True):
        errors = []
        outcome = import_file(
            path, org=world.union_a, commit=commit, skip_errors=True, on_error=errors.append, beside=beside
        )
        outcomes[beside] = (outcome.counts.as_dict(), outcome.message, errors)
        if commit and not beside:
            assert outcome.counts.created > 2000
            Member.objects.filter(org__path__startswith=world.union_a.path).delete()  # start again
    assert outcomes[True] == outcomes[False]


def test_big_files_are_checked_beside(generated, monkeypatch):
    monkeypatch.setattr(roster_check, "CHECK_BESIDE_ABOVE", 10_000)
    assert roster_check.worth_a_process(generated / "g.csv")
    monkeypatch.setattr(roster_check, "CHECK_BESIDE_ABOVE", 10**9)
    assert not roster_check.worth_a_process(generated / "g.csv")


def test_a_path_relative_to_where_the_command_runs_reaches_the_helper(generated, monkeypatch):
    # `manage.py import_members roster.csv` from the folder holding the file; the helper runs
    # in the project folder
    monkeypatch.chdir(generated)
    assert results(roster_check.open_roster_beside("g.csv", today=TODAY)) == results(
        roster.open_roster("g.csv", today=TODAY)
    )
