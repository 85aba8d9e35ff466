"""The summary reads the modules added after it (民主管理, 维权, 自身建设) as sentences: a phrase for each
key figure, per-kind figures inside their total's sentence, and no metric key or English in the document."""

import re
from datetime import date
from io import BytesIO

from docx import Document

from gonghui.democracy.models import SessionStatus
from gonghui.democracy.tests.factories import SessionFactory as CongressSessionFactory
from gonghui.metrics import registry as metrics
from gonghui.reports.summary.build import AREAS, PHRASES, _area_of, build_summary
from gonghui.reports.summary.document import summary_docx
from gonghui.rights.tests.factories import DisputeCaseFactory
from gonghui.unionwork.models import MeetingKind
from gonghui.unionwork.tests.factories import (
    HonourFactory,
    MeetingFactory,
    NewsReportFactory,
    StudySessionFactory,
)
from gonghui.voice.models import Category as NoticeCategory
from gonghui.voice.tests.factories import NoticeFactory, SuggestionFactory

YEAR = 2026
TODAY = date(2026, 12, 20)


def test_every_phrase_names_a_registered_metric_and_each_new_key_its_area():
    assert [key for key in PHRASES if metrics.get(key) is None] == []
    titles = {key: title for key, title, _ in AREAS}
    expected = {"democracy": "民主管理", "rights": "维权", "unionwork": "自身建设"}
    for m in metrics.all_metrics():
        module = m.key.split(".", 1)[0]
        if module in expected:
            assert titles[_area_of(m.key)[0]] == expected[module], m.key


def test_a_record_of_each_module_reads_as_a_union_writes_it(world):
    union = world.union_a
    CongressSessionFactory(org=union, held_on=date(YEAR, 3, 20), status=SessionStatus.CLOSED)
    NoticeFactory(org=union, category=NoticeCategory.WELFARE)
    NoticeFactory(org=union, category=NoticeCategory.FINANCE)
    SuggestionFactory(org=union)
    DisputeCaseFactory(org=union)
    MeetingFactory(org=union, kind=MeetingKind.COMMITTEE)
    MeetingFactory(org=union, kind=MeetingKind.COMMITTEE, held_on=date(YEAR, 9, 10))
    MeetingFactory(org=union, kind=MeetingKind.CHAIR_OFFICE)
    StudySessionFactory(org=union)
    HonourFactory(org=union)
    NewsReportFactory(org=union)

    summary = build_summary(union, year=YEAR, today=TODAY)
    areas = {area.title: area.sentence for area in summary.areas}
    assert "受理劳动争议 1 件" in areas["维权"]
    democracy = areas["民主管理"]
    assert "召开职代会 1 次" in democracy
    assert "发布厂务（校务）公开事项 2 次（其中财务收支 1 次、福利 1 次）" in democracy
    assert "收集合理化建议 1 条" in democracy
    own = areas["自身建设"]
    assert "召开各类会议 3 次（其中主席办公会 1 次、工会委员会会议 2 次）" in own
    assert "组织集中学习 1 次，累计 2 学时" in own
    assert "报送工作信息 1 篇" in own and "获得各级表彰 1 项" in own
    assert "0 次" not in own  # kinds of meeting not held are not listed

    document = Document(BytesIO(summary_docx(summary)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert democracy in text and own in text
    assert not re.search(r"[A-Za-z]", text), re.findall(r"[A-Za-z_.]+", text)
