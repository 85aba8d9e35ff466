"""Rights in the daily digest: each reminder on the first day it shows, the last day it shows as due,
and the day after (overdue, or gone), with the clock pinned; women's entries only for the viewers who
may see women's records, on the page and in the e-mail."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from gonghui.care.tests.factories import member_in
from gonghui.core.middleware import SESSION_KEY
from gonghui.members.models import Gender
from gonghui.plans.digest import HORIZON_DAYS, build_digests, collect
from gonghui.plans.models import Digest
from gonghui.rights import clock
from gonghui.rights.models import CheckKind, CheckResult, Period
from gonghui.rights.tests.factories import (
    CareRecordFactory,
    CheckCampaignFactory,
    CollectiveContractFactory,
    DisputeCaseFactory,
    HealthCheckFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(date(2026, 6, 15), tick=False)]
WEEK = timedelta(days=HORIZON_DAYS)
DAY = timedelta(days=1)


def entries(org, day, kind=None):
    """{"overdue": [texts], "due_soon": [texts]} of the union's digest for that day."""
    found = collect(day).get(org.pk, {"overdue": [], "due_soon": []})
    return {
        bucket: [e["text"] for e in rows if kind is None or e["kind"] == kind]
        for bucket, rows in found.items()
    }


def shows(org, day, needle, kind=None):
    """ "overdue", "due_soon" or None: where the entry containing `needle` is that day."""
    for bucket, texts in entries(org, day, kind).items():
        if any(needle in text for text in texts):
            return bucket
    return None


def test_a_case_shows_a_week_before_its_clock_runs_out_and_then_as_overdue(world):
    case = DisputeCaseFactory(org=world.union_a, received_on=date(2026, 5, 6), number="2026-007")
    assert case.deadline == date(2026, 5, 21)  # 15 days counted from the next day, a working Thursday
    assert shows(world.union_a, case.deadline - WEEK - DAY, "2026-007") is None
    assert shows(world.union_a, case.deadline - WEEK, "2026-007") == "due_soon"
    assert shows(world.union_a, case.deadline, "2026-007") == "due_soon"
    assert "今日届满" in entries(world.union_a, case.deadline)["due_soon"][0]
    assert shows(world.union_a, case.deadline + DAY, "2026-007") == "overdue"
    assert "可依法申请仲裁" in entries(world.union_a, case.deadline + DAY)["overdue"][0]
    case.status = "agreed"
    case.save()
    assert shows(world.union_a, case.deadline + DAY, "2026-007") is None


def test_a_case_across_national_day_counts_to_the_next_working_day(world):
    DisputeCaseFactory(org=world.union_a, received_on=date(2026, 9, 20), number="2026-008")
    # The 15th day, 10-05, falls in the National Day holiday: the clock runs to Thursday 10-08.
    assert shows(world.union_a, date(2026, 9, 30), "2026-008") is None
    assert shows(world.union_a, date(2026, 10, 1), "2026-008") == "due_soon"
    assert shows(world.union_a, date(2026, 10, 6), "2026-008") == "due_soon"
    assert shows(world.union_a, date(2026, 10, 8), "2026-008") == "due_soon"
    assert shows(world.union_a, date(2026, 10, 9), "2026-008") == "overdue"


def test_filing_is_due_ten_days_after_signing(world):
    contract = CollectiveContractFactory(
        org=world.union_a, title="甲合同", signed_on=date(2026, 6, 1), file_by=date(2026, 6, 11)
    )
    assert shows(world.union_a, contract.file_by - WEEK - DAY, "报送劳动保障行政部门") is None
    assert shows(world.union_a, contract.file_by - WEEK, "报送劳动保障行政部门") == "due_soon"
    assert shows(world.union_a, contract.file_by, "报送劳动保障行政部门") == "due_soon"
    assert shows(world.union_a, contract.file_by + DAY, "报送劳动保障行政部门") == "overdue"
    contract.filed_on = date(2026, 6, 12)
    contract.save()
    assert shows(world.union_a, contract.file_by + DAY, "报送劳动保障行政部门") is None


def test_the_renewal_opens_three_months_before_expiry(world):
    expires = clock.contract_expiry(date(2023, 9, 1), 3)
    opens = clock.renewal_opens(expires)
    assert (expires, opens) == (date(2026, 8, 31), date(2026, 5, 31))
    CollectiveContractFactory(
        org=world.union_a,
        title="甲合同",
        effective_on=date(2023, 9, 1),
        expires_on=expires,
        renewal_from=opens,
    )
    assert shows(world.union_a, opens - WEEK - DAY, "续签协商") is None
    assert shows(world.union_a, opens - WEEK, "续签协商") == "due_soon"
    assert shows(world.union_a, opens, "续签协商") == "due_soon"
    assert shows(world.union_a, opens + DAY, "续签协商") is None  # the dashboards keep saying it from here


def test_the_answer_to_a_negotiation_request_is_due_in_twenty_days(world):
    requested = date(2026, 5, 6)
    due = clock.period_end(requested, clock.answer_days()).day
    contract = CollectiveContractFactory(
        org=world.union_a, title="甲合同", requested_on=requested, answer_due=due
    )
    assert shows(world.union_a, due - WEEK - DAY, "应答") is None
    assert shows(world.union_a, due - WEEK, "应答") == "due_soon"
    assert shows(world.union_a, due, "应答") == "due_soon"
    assert shows(world.union_a, due + DAY, "应答") == "overdue"
    contract.answered_on = due
    contract.save()
    assert shows(world.union_a, due + DAY, "应答") is None


def test_the_seventh_month_of_pregnancy(world):
    woman = member_in(world.group_a, gender=Gender.FEMALE, name="孕期甲")
    record = CareRecordFactory(org=world.group_a, member=woman, due_date=date(2026, 9, 20))
    start = clock.seventh_month_from(record.due_date)
    assert start == date(2026, 6, 28)
    assert shows(world.union_a, start - WEEK - DAY, "孕期甲") is None
    assert (
        shows(world.union_a, start - WEEK, "孕期甲") == "due_soon"
    )  # a group's record, in its union's digest
    assert "不得安排延长工作时间和夜班劳动" in entries(world.union_a, start)["due_soon"][0]
    assert shows(world.union_a, start + DAY, "孕期甲") is None


@pytest.mark.parametrize(
    "babies, difficult, miscarriage, days", [(1, False, None, 98), (2, True, None, 128), (None, False, 3, 15)]
)
def test_the_end_of_maternity_or_miscarriage_leave(world, babies, difficult, miscarriage, days):
    woman = member_in(world.union_a, gender=Gender.FEMALE, name="产假乙")
    started = date(2026, 3, 1)
    CareRecordFactory(
        org=world.union_a, member=woman, period=Period.MATERNITY, started_on=started, due_date=None,
        birth_date=None if miscarriage else started, babies=babies or 1, difficult_birth=difficult,
        miscarriage_months=miscarriage,
    )  # fmt: skip
    ends = started + timedelta(days=days - 1)
    label = "流产假" if miscarriage else "产假"
    assert shows(world.union_a, ends - WEEK - DAY, f"{label}（{days}天）") is None
    assert shows(world.union_a, ends - WEEK, f"{label}（{days}天）") == "due_soon"
    assert shows(world.union_a, ends, f"{label}（{days}天）") == "due_soon"
    assert shows(world.union_a, ends + DAY, f"{label}（{days}天）") is None


def test_nursing_ends_when_the_youngest_turns_one(world):
    woman = member_in(world.union_a, gender=Gender.FEMALE, name="哺乳丙")
    born = date(2025, 7, 3)
    # Her 产期 and 哺乳期 records name the same birth: one reminder, not two.
    CareRecordFactory(org=world.union_a, member=woman, period=Period.MATERNITY, started_on=born,
                      due_date=None, birth_date=born, babies=2)  # fmt: skip
    CareRecordFactory(org=world.union_a, member=woman, period=Period.NURSING, started_on=born,
                      due_date=None, birth_date=born, babies=2)  # fmt: skip
    birthday = date(2026, 7, 3)
    assert shows(world.union_a, birthday - WEEK - DAY, "哺乳丙的婴儿") is None
    assert shows(world.union_a, birthday - WEEK, "哺乳丙的婴儿") == "due_soon"
    soon = [t for t in entries(world.union_a, birthday)["due_soon"] if "哺乳丙的婴儿" in t]
    assert len(soon) == 1 and "每天2小时哺乳时间" in soon[0]
    assert shows(world.union_a, birthday + DAY, "哺乳丙的婴儿") is None


def test_a_womans_special_check_lapses_after_the_interval(world):
    woman = member_in(world.union_a, gender=Gender.FEMALE, name="体检丁")
    campaign = CheckCampaignFactory(org=world.union_a, kind=CheckKind.WOMEN, held_from=date(2024, 7, 1))
    HealthCheckFactory(org=world.union_a, campaign=campaign, member=woman, result=CheckResult.ATTENDED)
    lapses = date(2026, 7, 1)  # ⚙ every 2 years
    assert shows(world.union_a, lapses - WEEK - DAY, "体检丁") is None
    assert shows(world.union_a, lapses - WEEK, "体检丁") == "due_soon"
    assert shows(world.union_a, lapses, "体检丁") == "due_soon"
    assert entries(world.union_a, lapses, kind="women")["overdue"] == []
    # From the next day she is counted (no names) among the union's women overdue for the check.
    assert shows(world.union_a, lapses + DAY, "体检丁") is None
    assert entries(world.union_a, lapses + DAY, kind="women")["overdue"] == [
        "1 名女职工近2年未参加女职工专项体检（妇科、乳腺），请安排体检"
    ]


def test_women_overdue_for_a_check_are_counted_per_union_with_its_groups(world):
    member_in(world.union_a, gender=Gender.FEMALE)
    member_in(world.group_a, gender=Gender.FEMALE)
    member_in(world.group_a, gender=Gender.MALE)
    member_in(world.union_b, gender=Gender.FEMALE)
    day = date(2026, 6, 15)
    assert entries(world.union_a, day, kind="women")["overdue"] == [
        "2 名女职工近2年未参加女职工专项体检（妇科、乳腺），请安排体检"
    ]
    assert len(entries(world.union_b, day, kind="women")["overdue"]) == 1


# --------------------------------------------------------------------------- masking


@pytest.fixture
def digest_with_women(rights):
    woman = member_in(rights.union_a, gender=Gender.FEMALE, name="保密孕妇")
    CareRecordFactory(org=rights.union_a, member=woman, due_date=date(2026, 9, 20))  # 7th month from 6-28
    DisputeCaseFactory(org=rights.union_a, received_on=date(2026, 6, 10), number="2026-021")
    CheckCampaignFactory(org=rights.union_a)  # nobody attended: she is overdue for the check
    build_digests(day=date(2026, 6, 22))
    return Digest.objects.get(org=rights.union_a, day=date(2026, 6, 22))


WOMEN_VIEWERS = {"chair_a", "women_officer", "fed_admin"}
OTHERS = {"rights_officer", "plain_officer", "officer_a", "fed_viewer"}


@pytest.mark.parametrize("role", sorted(WOMEN_VIEWERS | OTHERS))
def test_the_digest_page_shows_womens_entries_only_to_who_may_see_them(
    rights, digest_with_women, login, role
):
    client = login(getattr(rights, role))
    session = client.session
    session[SESSION_KEY] = rights.union_a.pk
    session.save()
    response = client.get(reverse("plans:digest"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "2026-021" in body  # the case clock: for everyone who sees the union's work
    if role in WOMEN_VIEWERS:
        assert "保密孕妇" in body and "未参加女职工专项体检" in body
    else:
        assert "保密孕妇" not in body and "女职工" not in body


def test_the_email_sends_womens_entries_as_a_count_to_who_may_see_them(rights, settings):
    settings.GONGHUI_DIGEST_EMAIL = True
    for user in (rights.chair_a, rights.women_officer, rights.plain_officer):
        user.email = f"{user.username}@example.cn"
        user.save()
    woman = member_in(rights.union_a, gender=Gender.FEMALE, name="保密孕妇")
    CareRecordFactory(org=rights.union_a, member=woman, due_date=date(2026, 9, 20))
    DisputeCaseFactory(org=rights.union_a, received_on=date(2026, 6, 10), number="2026-021")
    build_digests(day=date(2026, 6, 22))
    by_recipient = {to: m for m in mail.outbox for to in m.to}
    assert set(by_recipient) == {"chair_a@example.cn", "women_officer@example.cn", "plain_officer@example.cn"}
    for message in mail.outbox:
        assert "保密孕妇" not in message.body and "2026-021" in message.body
    assert "【女职工保护】1 条提醒涉及个人信息" in by_recipient["chair_a@example.cn"].body
    assert "【女职工保护】" in by_recipient["women_officer@example.cn"].body
    assert "女职工" not in by_recipient["plain_officer@example.cn"].body
    digest = Digest.objects.get(org=rights.union_a, day=date(2026, 6, 22))
    assert len(digest.emailed_to) == 3
    build_digests(day=date(2026, 6, 22))  # a second run the same day sends nothing again
    assert len(mail.outbox) == 2
