"""Seed plan 01's 「工会主席会议坚持每月研究工作和每季集中学习一次制度」: two frequency targets, measured
month by month and quarter by quarter with this app's metrics, and the meetings still owed on the calendar."""

from datetime import date
from pathlib import Path

import pytest

from gonghui.plans import services as plan_services
from gonghui.plans.calendar import entries_for
from gonghui.plans.dashboard import target_progress
from gonghui.plans.frequency import frequency_of
from gonghui.plans.models import TargetPeriod
from gonghui.plans.parser import suggest_metric_key
from gonghui.unionwork.models import MeetingKind
from gonghui.unionwork.planning import rhythms
from gonghui.unionwork.tests.factories import MeetingFactory, StudySessionFactory

pytestmark = pytest.mark.django_db
SEED = Path(__file__).resolve().parents[2] / "plans" / "tests" / "seed" / "01-village.txt"


@pytest.mark.parametrize(
    ("words", "key"),
    [
        ("研究工作", "unionwork.meetings.committee"),
        ("工会委员会会议", "unionwork.meetings.committee"),
        ("集中学习", "unionwork.study_sessions"),
        ("理论学习", "unionwork.study_sessions"),
        ("业务培训", "activities.count.study"),  # training of workers stays with activities
        ("信息报送", "unionwork.reports_submitted"),
        ("会员大会", "unionwork.meetings.assembly"),
        ("职工代表大会", "democracy.congress_held"),
    ],
)
def test_target_words_name_our_metrics(words, key):
    assert suggest_metric_key(words) == key


def test_frequency_is_read_from_the_unit():
    assert frequency_of("次/月") == "month" and frequency_of("次/季") == "quarter"
    assert frequency_of("次") is None and frequency_of("%") is None and frequency_of("") is None


@pytest.fixture
def plan01(uw):
    plan = plan_services.create_plan_from_text(
        org=uw.union_a, text=SEED.read_text(), by=uw.chair_a, year=2026
    )
    plan_services.confirm_plan(plan=plan, by=uw.chair_a)
    targets = {t.metric_key: t for t in plan.targets.filter(metric_key__startswith="unionwork.")}
    uw.monthly = targets["unionwork.meetings.committee"]
    uw.quarterly = targets["unionwork.study_sessions"]
    return uw


def test_plan_01_binds_its_two_frequency_targets(plan01):
    assert (plan01.monthly.period, plan01.monthly.value) == (TargetPeriod.EVERY_MONTH, 1)
    assert (plan01.quarterly.period, plan01.quarterly.value) == (TargetPeriod.EVERY_QUARTER, 1)


def test_a_committee_meeting_every_month_is_met_and_a_missed_month_is_not(plan01):
    for month in (1, 2, 4, 5):
        MeetingFactory(org=plan01.union_a, held_on=date(2026, month, 10))
    MeetingFactory(org=plan01.union_a, held_on=date(2026, 3, 10), kind=MeetingKind.FORUM)  # not a committee
    MeetingFactory(org=plan01.union_a, held_on=date(2026, 3, 20), minutes="")  # planned, never minuted
    progress = target_progress(plan01.monthly, today=date(2026, 6, 15))
    assert progress.met is False and progress.display.startswith("4/6 达标")  # March is over and missed
    MeetingFactory(org=plan01.group_a, held_on=date(2026, 3, 25))  # a group's committee counts for the union
    progress = target_progress(plan01.monthly, today=date(2026, 6, 15))
    assert progress.met is None and progress.display.startswith("5/6 达标")  # June may still have one
    MeetingFactory(org=plan01.union_a, held_on=date(2026, 6, 12))
    progress = target_progress(plan01.monthly, today=date(2026, 6, 15))
    assert progress.met is True and progress.display.startswith("6/6 达标")
    # The year over: July to December missed.
    progress = target_progress(plan01.monthly, today=date(2027, 1, 1))
    assert progress.met is False and progress.display.startswith("6/12 达标")


def test_study_every_quarter(plan01):
    StudySessionFactory(org=plan01.union_a, held_on=date(2026, 2, 20))
    assert target_progress(plan01.quarterly, today=date(2026, 6, 15)).met is None  # Q2 still open
    progress = target_progress(plan01.quarterly, today=date(2026, 7, 1))
    assert progress.met is False and progress.display.startswith("1/3 达标")  # Q2 ended without one
    StudySessionFactory(org=plan01.union_a, held_on=date(2026, 6, 30))
    progress = target_progress(plan01.quarterly, today=date(2026, 7, 1))
    assert progress.met is None and progress.display.startswith("2/3 达标")  # Q3 has just begun


def test_months_without_a_meeting_are_due_on_the_calendar(plan01):
    MeetingFactory(org=plan01.union_a, held_on=date(2026, 5, 10))
    may = entries_for(plan01.chair_a, plan01.union_a, date(2026, 5, 1), date(2026, 5, 31))
    june = entries_for(plan01.chair_a, plan01.union_a, date(2026, 6, 1), date(2026, 6, 30))
    owed = [e for e in june if e.title.startswith("应召开工会委员会会议")]
    assert not [e for e in may if e.title.startswith("应召开工会委员会会议")]
    assert len(owed) == 1 and owed[0].day == date(2026, 6, 1) and owed[0].end == date(2026, 6, 30)
    assert "kind=committee" in owed[0].url
    studies = [e for e in june if "集中学习" in e.title]
    assert len(studies) == 1 and studies[0].day == date(2026, 4, 1)
    # Members see what the union publishes, not the plan's internal rhythm.
    member_view = entries_for(plan01.member_a, plan01.union_a, date(2026, 6, 1), date(2026, 6, 30))
    assert not [e for e in member_view if "应召开" in e.title]


def test_rhythms_list_each_period(plan01):
    found = {r.target.metric_key: r for r in rhythms(plan01.union_a, 2026, today=date(2026, 6, 15))}
    assert len(found["unionwork.meetings.committee"].progress.results) == 6
    assert found["unionwork.study_sessions"].heading == "每季度集中学习至少1次"
