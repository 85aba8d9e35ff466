"""Assessment and summary pages per role: the union fills in, the federation reviews and publishes,
members only rate, nobody reaches another union's sheet; evidence opened is logged."""

from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from python_calamine import CalamineWorkbook

from gonghui.activities.tests.factories import ActivityFactory
from gonghui.core.models import SensitiveAccess
from gonghui.reports.assessment import services
from gonghui.reports.assessment.models import (
    Assessment,
    AssessmentStatus,
    RatingMarker,
    RatingTally,
    RoundStatus,
    Rubric,
)
from gonghui.reports.summary.models import SummaryText

YEAR = 2026
TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def pinned_clock():
    with time_machine.travel(datetime(YEAR, 12, 1, 10, tzinfo=TZ), tick=False):
        yield


@pytest.fixture
def round_(world):
    ActivityFactory(org=world.union_a, start=datetime(YEAR, 5, 1, 9, tzinfo=TZ))
    rubric = services.load_shipped_rubric(org=world.fed, key="model_home", year=YEAR, by=world.fed_admin)
    return services.open_round(rubric=rubric, title="2026年模范职工之家考核", year=YEAR, by=world.fed_admin,
                               today=date(YEAR, 12, 1))  # fmt: skip


def url(name, *args):
    from django.urls import reverse

    return reverse(f"reports:{name}", args=args)


def test_federation_loads_a_shipped_rubric_and_opens_a_round(world, login):
    client = login(world.fed_admin)
    response = client.post(url("rubric_load", "fed"), {"key": "county_annual", "year": YEAR})
    rubric = Rubric.objects.get(org=world.fed)
    assert response.status_code == 302 and rubric.total == 100
    page = client.get(url("rubric", rubric.pk)).content.decode()
    assert "组建与入会" in page and "必备" in page and "members.membership_rate" not in page  # rules in words
    response = client.post(url("round_open", rubric.pk), {"title": "2026年度考核", "year": YEAR})
    assert response.status_code == 302
    assert Assessment.objects.filter(round__rubric=rubric).count() == 2


def test_bad_year_is_a_message_not_an_error(world, login):
    client = login(world.fed_admin)
    response = client.post(url("rubric_load", "fed"), {"key": "county_annual", "year": "abc"}, follow=True)
    assert response.status_code == 200 and "年度应为四位数字，如 2026。" in response.content.decode()
    assert not Rubric.objects.exists()


@pytest.mark.parametrize("role", ["fed_viewer", "chair_a", "officer_a", "member_a"])
def test_only_the_federation_admin_manages(world, login, round_, role):
    client = login(getattr(world, role))
    assert client.post(url("rubric_load", "fed"), {"key": "county_annual", "year": YEAR}).status_code in (
        403,
        404,
    )
    assert client.post(url("round_publish", round_.pk)).status_code in (403, 404)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.OPEN


def test_union_fills_in_and_submits_federation_reviews_and_publishes(world, login, round_):
    a = round_.assessments.get(org=world.union_a)
    chair = login(world.chair_a)
    page = chair.get(url("assessment_detail", a.pk)).content.decode()
    assert "自动得分" in page and "查看记录" in page and "保存自评" in page and "评分</button>" not in page
    for score in a.scores.select_related("item"):
        if score.claimed_points is None:
            chair.post(
                url("score_self", score.pk), {f"{score.pk.hex}-points": "1", f"{score.pk.hex}-note": "有材料"}
            )
    chair.post(url("assessment_submit", a.pk))
    a.refresh_from_db()
    assert a.status == AssessmentStatus.SUBMITTED
    # The union may not review its own sheet.
    score = a.scores.first()
    assert chair.post(url("score_review", score.pk), {f"{score.pk.hex}-points": "0"}).status_code == 403
    fed = login(world.fed_admin)
    assert "save-review" in fed.get(url("assessment_detail", a.pk)).content.decode()
    for score in a.scores.all():
        fed.post(url("score_review", score.pk), {f"{score.pk.hex}-points": str(score.claimed_points)})
    fed.post(url("round_publish", round_.pk))
    round_.refresh_from_db()
    a.refresh_from_db()
    assert round_.status == RoundStatus.PUBLISHED and a.rank == 1
    response = fed.get(url("round_results", round_.pk))
    rows = CalamineWorkbook.from_filelike(BytesIO(response.content)).get_sheet_by_index(0).to_python()
    # One point per manual item keeps every 必备 item above 0, but the total is far below the 85 pass line.
    assert rows[0][1] == "工会" and rows[1][1] == "甲村工会" and rows[1][-1] == "不合格"
    # After publishing nothing can be scored any more.
    score = a.scores.first()
    response = fed.post(
        url("score_review", score.pk),
        {f"{score.pk.hex}-points": "0", f"{score.pk.hex}-comment": "x"},
        follow=True,
    )
    assert "本轮考核已结束" in response.content.decode()


def test_another_union_cannot_see_the_sheet(world, login, round_):
    a = round_.assessments.get(org=world.union_a)
    client = login(world.chair_b)
    assert client.get(url("assessment_detail", a.pk)).status_code == 404
    score = a.scores.first()
    assert client.get(url("score_evidence", score.pk)).status_code == 404
    assert client.post(url("score_self", score.pk), {f"{score.pk.hex}-points": "1"}).status_code == 404


def test_opening_evidence_is_checked_and_logged(world, login, round_):
    a = round_.assessments.get(org=world.union_a)
    score = next(s for s in a.scores.select_related("item") if s.item.title == "文体活动")
    activity = ActivityFactory(org=world.union_a, start=datetime(YEAR, 6, 1, 9, tzinfo=TZ))
    client = login(world.fed_admin)
    listing = client.get(url("score_evidence", score.pk)).content.decode()
    assert activity.title in listing
    opened = client.get(url("evidence_open", score.pk) + f"?type=activities.activity&id={activity.pk}")
    assert opened.status_code == 302 and str(activity.pk) in opened["Location"]
    assert SensitiveAccess.objects.filter(user=world.fed_admin, object_id=str(activity.pk)).exists()
    foreign = ActivityFactory(org=world.union_b, start=datetime(YEAR, 6, 1, 9, tzinfo=TZ))
    response = client.get(url("evidence_open", score.pk) + f"?type=activities.activity&id={foreign.pk}")
    assert response.status_code == 404  # union_b's record is not union_a's evidence
    assert (
        client.get(url("evidence_open", score.pk) + "?type=activities.activity&id=nonsense").status_code
        == 404
    )


def test_members_rate_once_and_see_nothing_else(world, login, round_):
    client = login(world.member_a)
    assert client.get(url("assessment", "union-a")).status_code == 403
    page = client.get(url("rate", "union-a")).content.decode()
    assert "不记名" in page and round_.title in page
    client.post(url("rate", "union-a"), {"round": str(round_.pk), "choice": "satisfied"})
    response = client.post(
        url("rate", "union-a"), {"round": str(round_.pk), "choice": "dissatisfied"}, follow=True
    )
    assert "您已评价" in response.content.decode()
    tally = RatingTally.objects.get(round=round_, org=world.union_a)
    assert (tally.satisfied, tally.dissatisfied) == (1, 0)
    assert RatingMarker.objects.filter(user=world.member_a).count() == 1
    assert login(world.chair_b).get(url("rate", "union-a")).status_code == 404
    assert login(world.chair_a).get(url("rate", "union-a")).status_code == 403  # officers are not raters here


def test_summary_page_saves_prose_only(world, login):
    client = login(world.chair_a)
    page = client.get(url("summary", "union-a") + f"?year={YEAR}").content.decode()
    assert "没有已确认的年度工作计划" in page and "总体情况" in page
    client.post(
        url("summary_save", "union-a") + f"?year={YEAR}",
        {"overview": "全年工作有序。", "area:culture": "丰富多彩"},
    )
    saved = SummaryText.objects.get(org=world.union_a, year=YEAR)
    assert saved.texts == {"overview": "全年工作有序。", "area:culture": "丰富多彩"}
    response = client.get(url("summary_docx", "union-a") + f"?year={YEAR}")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert login(world.fed_viewer).post(url("summary_save", "union-a"), {"overview": "x"}).status_code == 403
    assert login(world.member_a).get(url("summary", "union-a")).status_code == 403
    assert login(world.chair_b).get(url("summary", "union-a")).status_code == 404


def test_summary_api_gives_figures_with_keys(world, login):
    client = login(world.fed_viewer)
    data = client.get(f"/api/reports/orgs/fed/summary?year={YEAR}").json()
    assert data["org"] == "fed" and data["targets"] is None
    assert all("key" in f for f in data["figures"])
    assert login(world.chair_b).get(f"/api/reports/orgs/union-a/summary?year={YEAR}").status_code == 404


def test_api_scores_and_refuses_strangers_before_reading_the_body(world, login, round_):
    a = round_.assessments.get(org=world.union_a)
    score = next(s for s in a.scores.select_related("item") if s.item.title == "共建领导小组")
    client = login(world.chair_a)
    response = client.post(f"/api/reports/scores/{score.pk}/self", {"points": "2", "note": "有文件"},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 200 and response.json()["self_points"] == "2"
    response = client.post(
        f"/api/reports/scores/{score.pk}/self", {"points": "9"}, content_type="application/json"
    )
    assert response.status_code == 422 and response.json()["detail"] == "分数应在 0 到 3 分之间。"
    stranger = login(world.chair_b)
    assert stranger.post(f"/api/reports/scores/{score.pk}/self").status_code == 404
    assert login(world.chair_a).get(f"/api/reports/assessments/{a.pk}").json()["org_code"] == "union-a"


def test_a_federation_imports_its_own_rubric_and_sees_every_problem(world, login):
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.reports.assessment.services import shipped_rubrics

    data = shipped_rubrics()["county_annual"]
    data["sections"][0]["items"][0]["rule"]["bands"][1]["min"] = 85  # overlaps the band below
    upload = SimpleUploadedFile("rubric.json", json.dumps(data, ensure_ascii=False).encode())
    client = login(world.fed_admin)
    response = client.post(url("rubric_import", "fed"), {"year": YEAR, "data": upload}, follow=True)
    page = response.content.decode()
    assert "分档有重叠" in page and not Rubric.objects.exists()
    bad = SimpleUploadedFile("rubric.json", b"{not json")
    page = client.post(url("rubric_import", "fed"), {"year": YEAR, "data": bad}, follow=True).content.decode()
    assert "文件不是有效的 JSON" in page
    data["sections"][0]["items"][0]["rule"]["bands"][1]["min"] = 90
    upload = SimpleUploadedFile("rubric.json", json.dumps(data, ensure_ascii=False).encode())
    response = client.post(url("rubric_import", "fed"), {"year": YEAR, "data": upload})
    assert response.status_code == 302 and Rubric.objects.get().total == 100
