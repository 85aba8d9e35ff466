"""The ledgers built through the reports registry: opened and checked."""

import io
from datetime import date

import pytest
from docx import Document
from python_calamine import CalamineWorkbook

from gonghui.plans.services import link_evidence
from gonghui.plans.tests.factories import PlanFactory, ScheduleItemFactory
from gonghui.reports import registry
from gonghui.unionwork.tests.factories import (
    DecisionFactory,
    HonourFactory,
    MeetingFactory,
    NewsReportFactory,
    StudySessionFactory,
)

pytestmark = pytest.mark.django_db


def build(key, org, year, tmp_path, by):
    ledger = registry.ledger(key)
    out = tmp_path / f"{key}.{ledger.formats[0]}"
    ledger.build(orgs=org.subtree(), year=year, fmt=ledger.formats[0], out=out, by=by)
    return out.read_bytes()


def test_minutes_book_has_one_meeting_per_page(uw, tmp_path):
    first = MeetingFactory(
        org=uw.union_a, held_on=date(2026, 3, 10), title="三月例会", minutes="<p>研究三八节</p>"
    )
    first.officers.set([uw.officer_wang])
    DecisionFactory(org=uw.union_a, meeting=first, text="组织登山", owner="李委员", done_on=date(2026, 3, 9))
    MeetingFactory(org=uw.group_a, held_on=date(2026, 4, 10), title="四月例会")
    MeetingFactory(org=uw.union_a, held_on=date(2026, 5, 10), title="未开的会", minutes="")  # not on record
    MeetingFactory(org=uw.union_b, held_on=date(2026, 3, 10), title="乙校例会")
    assert registry.ledger("unionwork.meetings").count(uw.union_a.subtree(), 2026) == 2
    document = Document(io.BytesIO(build("unionwork.meetings", uw.union_a, 2026, tmp_path, uw.chair_a)))
    xml = document.element.xml
    assert xml.count('w:type="page"') == 1  # two meetings, one break between them
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "研究三八节" in text and "三月例会" in cells and "四月例会" in cells and "王主席" in cells
    assert "组织登山" in cells and "2026-03-09 完成" in cells
    assert "乙校例会" not in cells and "未开的会" not in cells


def test_study_record_and_officer_hours(uw, tmp_path):
    StudySessionFactory(org=uw.union_a, held_on=date(2026, 2, 20), topic="学习工会法").officers.set(
        [uw.officer_li]
    )
    StudySessionFactory(org=uw.union_a, held_on=date(2025, 2, 20), topic="去年的学习")
    book = CalamineWorkbook.from_filelike(
        io.BytesIO(build("unionwork.study", uw.union_a, 2026, tmp_path, uw.chair_a))
    )
    rows = book.get_sheet_by_index(0).to_python()
    assert (
        rows[1][:4] == ["序号", "日期", "学习主题", "学时"] and rows[2][2] == "学习工会法" and len(rows) == 3
    )
    hours = book.get_sheet_by_index(1).to_python()
    assert hours[2][:2] == ["李委员", 2.0]


def test_honours_register_lists_awarded_only(uw, tmp_path):
    HonourFactory(
        org=uw.union_a,
        member=uw.zhang,
        title="优秀会员",
        awarded_on=date(2026, 5, 1),
        nominated_by="甲村第一小组（甲会员提交）",
        decision_note="委员会表决 5 票赞成",
        publicity_start=date(2026, 4, 20),
        publicity_end=date(2026, 4, 24),
    )
    HonourFactory(org=uw.union_a, member=uw.zhang, title="只是推荐", status="nominated", awarded_on=None)
    rows = (
        CalamineWorkbook.from_filelike(
            io.BytesIO(build("unionwork.honours", uw.union_a, 2026, tmp_path, uw.chair_a))
        )
        .get_sheet_by_index(0)
        .to_python()
    )
    assert rows[2][2] == "张先进" and rows[2][4] == "优秀会员" and len(rows) == 3
    # the nomination and its approval travel with the award (评先推优 on the record)
    assert rows[2][10:] == ["甲村第一小组（甲会员提交）", "委员会表决 5 票赞成", "2026-04-20 至 2026-04-24"]


def test_a_meeting_proves_a_plan_item(uw):
    meeting = MeetingFactory(org=uw.union_a, held_on=date(2026, 3, 10))
    NewsReportFactory(org=uw.union_a)
    item = ScheduleItemFactory(org=uw.union_a, plan=PlanFactory(org=uw.union_a, year=2026), month=3)
    evidence = link_evidence(item=item, record=meeting, by=uw.chair_a)
    assert evidence.evidence_key == "unionwork.meeting"
    kind = registry.evidence_type("unionwork.news")
    assert registry.evidence_records("unionwork.news", uw.union_a.subtree(), 2026).count() == 1
    assert "信息" in kind.describe(
        registry.evidence_records("unionwork.news", uw.union_a.subtree(), 2026).get()
    )
