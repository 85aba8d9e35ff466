from datetime import date
from io import BytesIO

import pytest
from django.utils import timezone
from docx import Document
from python_calamine import CalamineWorkbook

from gonghui.activities import exports, services
from gonghui.activities.models import Activity, Category, CheckInMethod
from gonghui.activities.tests.conftest import image_upload
from gonghui.activities.tests.factories import ActivityFactory, ContestFactory
from gonghui.core.uploads import PHOTOS, accept_upload
from gonghui.metrics import registry

pytestmark = pytest.mark.django_db


def _year_bounds(activity):
    year = timezone.localdate(activity.start).year
    return date(year, 1, 1), date(year, 12, 31)


def accepted(upload):
    return accept_upload(upload, allowed=PHOTOS, max_bytes=10 * 1024 * 1024)


def test_participation_rate_counts_distinct_attendees_over_active_members(world, past_activity, members):
    start, end = _year_bounds(past_activity)
    before = registry.compute("activities.participation_rate", world.union_a, start, end)
    assert before.numerator == 0 and before.denominator == 4  # 甲会员 plus the three
    services.check_in(activity=past_activity, member=members[0], method=CheckInMethod.TAP, by=world.chair_a)
    services.check_in(activity=past_activity, member=members[1], method=CheckInMethod.TAP, by=world.chair_a)
    second = ActivityFactory(org=world.union_a, start=past_activity.start, end=past_activity.end)
    services.check_in(activity=second, member=members[0], method=CheckInMethod.TAP, by=world.chair_a)
    after = registry.compute("activities.participation_rate", world.union_a, start, end)
    assert (after.numerator, after.denominator) == (2, 4)
    assert after.display() == "50%"
    assert registry.compute("activities.attendance", world.union_a, start, end).value == 3
    # union B has nobody: no data, not 0%
    assert registry.compute("activities.participation_rate", world.union_b, start, end).display() == "无数据"


def test_count_and_cost_metrics(world, past_activity):
    past_activity.actual_cost = 1200
    past_activity.category = Category.FESTIVAL
    past_activity.save()
    ActivityFactory(org=world.union_b, start=past_activity.start, end=past_activity.end, actual_cost=300)
    start, end = _year_bounds(past_activity)
    assert registry.compute("activities.count", world.union_a, start, end).value == 1
    assert registry.compute("activities.count", world.fed, start, end).value == 2
    assert registry.compute("activities.count.festival", world.union_a, start, end).value == 1
    assert registry.compute("activities.count.sports", world.union_a, start, end).value == 0
    assert registry.compute("activities.cost", world.fed, start, end).value == 1500


def test_ledger_xlsx_lists_activities_and_sign_in_sheets(world, past_activity, members):
    past_activity.actual_cost = 860.5
    past_activity.place = "村委会广场"
    past_activity.save()
    for m in members[:2]:
        services.check_in(activity=past_activity, member=m, method=CheckInMethod.TAP, by=world.chair_a)
    year = timezone.localdate(past_activity.start).year
    content = exports.ledger_xlsx(
        org=world.union_a,
        year=year,
        activities=Activity.objects.in_subtree(world.union_a),
        user=world.chair_a,
    )
    book = CalamineWorkbook.from_filelike(BytesIO(content))
    assert book.sheet_names[0] == "活动台帐"
    rows = book.get_sheet_by_name("活动台帐").to_python()
    row = next(r for r in rows if r[1] == "三八节活动")
    assert row[4] == "村委会广场" and row[7] == 2 and row[9] == 860.5
    sheet = book.get_sheet_by_name(book.sheet_names[1]).to_python()
    names = {r[1] for r in sheet[4:]}
    assert names == {"张三", "李四"}


def test_record_docx_has_the_facts_and_the_photos(world, past_activity, members):
    services.add_photo(
        activity=past_activity, upload=accepted(image_upload()), caption="合影", by=world.chair_a
    )
    services.check_in(activity=past_activity, member=members[0], method=CheckInMethod.TAP, by=world.chair_a)
    document = Document(BytesIO(exports.record_docx(activity=past_activity, attended=1)))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert "甲村工会活动记录" in text and "合影" in text
    assert "三八节活动" in cells and "签到人数" in cells
    assert len(document.inline_shapes) == 1


def test_contest_export_has_results_and_certificates(world, activity, members):
    contest = ContestFactory(org=world.union_a, activity=activity, name="书法", award_counts="1,1")
    for member, score in zip(members, [88, 95, 88], strict=True):
        entrant = services.add_entrant(contest=contest, member=member, by=world.chair_a)
        services.record_result(entrant=entrant, score=score, by=world.chair_a)
    book = CalamineWorkbook.from_filelike(BytesIO(exports.contest_xlsx(contest=contest)))
    results = book.get_sheet_by_name("成绩表").to_python()
    assert [(r[0], r[1], r[6]) for r in results[1:]] == [
        (1, "李四", "一等奖"),
        (2, "张三", "二等奖"),
        (2, "王五", "二等奖"),
    ]
    certificates = book.get_sheet_by_name("获奖名单").to_python()
    assert len(certificates) == 4 and certificates[1][4] == "书法"


def test_photo_is_resized_for_display(world, activity):
    photo = services.add_photo(
        activity=activity, upload=accepted(image_upload(size=(4000, 3000))), by=world.chair_a
    )
    from PIL import Image

    with photo.display.open("rb") as handle, Image.open(handle) as shown:
        assert max(shown.size) == 1600
    with photo.thumbnail.open("rb") as handle, Image.open(handle) as thumb:
        assert max(thumb.size) == 480
