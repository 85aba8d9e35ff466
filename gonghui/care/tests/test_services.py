"""The care services: visits, the case workflow in its published order, and the money rules."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from gonghui.care import services
from gonghui.care.models import AidKind, CaseEvent, CaseStatus, Occasion, Step
from gonghui.care.tests.factories import HardshipCaseFactory, OnFileCaseFactory, VisitFactory

# Dates here count from "today" (not after today, a year after filing): the module runs at a fixed instant.
NOW = datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = NOW.date()
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=True)]


def messages_of(error):
    return " ".join(error.value.messages)


def aid(care, case=None, **changes):
    values = dict(
        case=case,
        kind=AidKind.LIVING,
        amount=Decimal("800"),
        paid_on=TODAY,
        fund_source="工会经费",
        approved_by="王主席",
        by=care.officer_a,
    )
    values.update(changes)
    return services.record_aid(**values)


# ---- visits ----


def test_a_visit_dated_in_the_future_is_refused(care):
    with pytest.raises(ValidationError) as error:
        services.record_visit(
            member=care.patient,
            occasion=Occasion.HOSPITALISED,
            visited_on=TODAY + timedelta(days=1),
            by=care.officer_a,
        )
    assert "不能晚于今天" in messages_of(error)


def test_visit_money_over_the_ceiling_needs_the_chair_and_a_reason(care):
    kwargs = dict(
        member=care.patient, occasion=Occasion.HOSPITALISED, visited_on=TODAY, money=Decimal("2500")
    )
    with pytest.raises(ValidationError) as error:
        services.record_visit(by=care.officer_a, **kwargs)
    assert "超过单次上限 2,000.00 元" in messages_of(error) and "工会主席" in messages_of(error)
    with pytest.raises(ValidationError) as error:
        services.record_visit(by=care.chair_a, **kwargs)
    assert "请填写超限说明" in messages_of(error)
    visit = services.record_visit(by=care.chair_a, override_reason="重病手术，委员会同意", **kwargs)
    assert visit.override_reason == "重病手术，委员会同意"


def test_the_org_ceiling_is_inherited_from_above(care):
    care.fed.aid_ceiling = Decimal("1000")
    care.fed.save()
    assert services.effective_ceiling(care.group_a, "aid_ceiling") == Decimal("1000")
    care.union_a.aid_ceiling = Decimal("3000")
    care.union_a.save()
    assert services.effective_ceiling(care.group_a, "aid_ceiling") == Decimal("3000")
    assert services.effective_ceiling(care.union_b, "festival_gift_ceiling") == Decimal("2200")


def test_festival_gifts_are_capped_per_member_per_year(care):
    services.record_visit(
        member=care.patient,
        occasion=Occasion.SPRING_FESTIVAL,
        visited_on=TODAY,
        money=Decimal("1500"),
        by=care.officer_a,
    )
    with pytest.raises(ValidationError) as error:
        aid(
            care,
            member=care.patient,
            kind=AidKind.WARMTH,
            amount=Decimal("800"),
            emergency=True,
            emergency_reason="春节困难",
        )
    assert "年度上限 2,200.00 元" in messages_of(error)
    aid(
        care,
        member=care.patient,
        kind=AidKind.WARMTH,
        amount=Decimal("700"),
        emergency=True,
        emergency_reason="春节困难",
    )


def test_a_negative_visit_amount_is_refused(care):
    with pytest.raises(ValidationError):
        services.record_visit(
            member=care.patient,
            occasion=Occasion.HOSPITALISED,
            visited_on=TODAY,
            money=Decimal("-1"),
            by=care.officer_a,
        )


# ---- the case workflow ----


def open_needy(care, **changes):
    values = dict(
        member=care.needy,
        by=care.officer_a,
        origin="application",
        income_per_head=Decimal("600"),
        causes=["illness"],
        level="deep",
        household_size=3,
    )
    values.update(changes)
    return services.open_case(**values)


def walk_to_on_file(care, case, by=None):
    by = by or care.officer_a
    case = services.check_case(case=case, by=by, note="初核属实")
    case = services.record_home_visit(case=case, by=by, note="家中两位病人", visited_on=TODAY)
    case = services.committee_review(case=case, by=by, note="同意", approved=True)
    case = services.start_notice(
        case=case, by=by, note="公示栏", start=TODAY - timedelta(days=8), end=TODAY - timedelta(days=2)
    )
    return services.file_case(case=case, by=by, note="无异议")


def test_the_full_workflow_records_every_step(care):
    case = walk_to_on_file(care, open_needy(care))
    assert case.status == CaseStatus.ON_FILE
    assert case.filed_on == TODAY and case.next_review_on == services._a_year_after(TODAY)
    steps = list(CaseEvent.objects.filter(case=case).values_list("step", "by__username"))
    assert [s for s, _ in steps] == [
        Step.OPEN,
        Step.CHECK,
        Step.HOME_VISIT,
        Step.COMMITTEE,
        Step.NOTICE,
        Step.FILE,
    ]
    assert {u for _, u in steps} == {"officer_a"}
    case = services.review_case(case=case, by=care.chair_a, note="仍困难")
    case = services.exit_case(case=case, by=care.chair_a, reason="子女就业")
    assert case.status == CaseStatus.EXITED and case.exit_reason == "子女就业"


@pytest.mark.parametrize(
    ("step", "kwargs"),
    [
        (services.record_home_visit, {"note": "x", "visited_on": TODAY}),
        (services.committee_review, {"note": "x", "approved": True}),
        (services.file_case, {"note": "x"}),
        (services.exit_case, {"reason": "x"}),
        (services.start_notice, {"note": "", "start": TODAY, "end": TODAY + timedelta(days=6)}),
    ],
)
def test_out_of_order_steps_are_refused_with_the_next_step_named(care, step, kwargs):
    case = open_needy(care)
    with pytest.raises(ValidationError) as error:
        step(case=case, by=care.officer_a, **kwargs)
    assert "当前状态为「待初核」" in messages_of(error)
    assert "下一步应为「基层初核」" in messages_of(error)
    case.refresh_from_db()
    assert case.status == CaseStatus.FOUND


def test_upper_review_is_required_where_the_org_says_so(care):
    care.union_a.upper_review_required = True
    care.union_a.save()
    case = open_needy(care)
    case = services.check_case(case=case, by=care.officer_a, note="")
    case = services.record_home_visit(case=case, by=care.officer_a, note="属实", visited_on=TODAY)
    case = services.committee_review(case=case, by=care.officer_a, note="", approved=True)
    with pytest.raises(ValidationError) as error:
        services.start_notice(
            case=case, by=care.officer_a, note="", start=TODAY, end=TODAY + timedelta(days=6)
        )
    assert "上级工会审核" in messages_of(error)
    case = services.upper_review(case=case, by=care.fed_admin, note="同意", approved=True)
    case = services.start_notice(
        case=case, by=care.officer_a, note="", start=TODAY, end=TODAY + timedelta(days=6)
    )
    assert case.status == CaseStatus.IN_NOTICE


def test_upper_review_is_refused_where_not_configured(care):
    case = HardshipCaseFactory(org=care.group_a, status=CaseStatus.COMMITTEE_APPROVED)
    with pytest.raises(ValidationError) as error:
        services.upper_review(case=case, by=care.fed_admin, note="", approved=True)
    assert "未要求上级工会审核" in messages_of(error)


def test_notice_period_must_end_before_filing_and_objections_need_an_answer(care):
    case = HardshipCaseFactory(org=care.group_a, member=care.needy, status=CaseStatus.COMMITTEE_APPROVED)
    with pytest.raises(ValidationError) as error:
        services.start_notice(
            case=case, by=care.officer_a, note="", start=TODAY, end=TODAY + timedelta(days=1)
        )
    assert "不能少于 5 天" in messages_of(error)
    with pytest.raises(ValidationError):
        services.start_notice(
            case=case, by=care.officer_a, note="", start=TODAY, end=TODAY - timedelta(days=1)
        )
    case = services.start_notice(
        case=case, by=care.officer_a, note="", start=TODAY, end=TODAY + timedelta(days=6)
    )
    with pytest.raises(ValidationError) as error:
        services.file_case(case=case, by=care.officer_a, note="")
    assert "期满后才能建档" in messages_of(error)
    services.record_objection(case=case, by=care.officer_a, note="有人反映其家中有商铺")
    with pytest.raises(ValidationError) as error:
        services.file_case(case=case, by=care.officer_a, note="", filed_on=TODAY + timedelta(days=7))
    assert "异议的处理结果" in messages_of(error)
    case = services.file_case(
        case=case, by=care.officer_a, note="经核实商铺已转让", filed_on=TODAY + timedelta(days=7)
    )
    assert case.status == CaseStatus.ON_FILE


def test_rejection_needs_a_reason_and_closes_the_case(care):
    case = HardshipCaseFactory(org=care.group_a, member=care.needy, status=CaseStatus.HOME_VISITED)
    with pytest.raises(ValidationError):
        services.committee_review(case=case, by=care.chair_a, note="", approved=False)
    case = services.committee_review(case=case, by=care.chair_a, note="收入超过标准", approved=False)
    assert case.status == CaseStatus.REJECTED
    assert open_needy(care).status == CaseStatus.FOUND  # a closed case does not block a new one


def test_a_second_open_case_is_refused_with_a_link(care):
    first = open_needy(care)
    with pytest.raises(services.CaseAlreadyOpen) as error:
        open_needy(care)
    assert error.value.case == first
    assert f"/care/cases/{first.pk}/" in messages_of(error)


def test_exit_requires_a_reason(care):
    case = OnFileCaseFactory(org=care.group_a)
    with pytest.raises(ValidationError) as error:
        services.exit_case(case=case, by=care.chair_a, reason="  ")
    assert "解困必须写明原因" in messages_of(error)


def test_review_due_lists_cases_whose_yearly_review_is_near(care):
    soon = OnFileCaseFactory(org=care.group_a, next_review_on=TODAY + timedelta(days=10))
    OnFileCaseFactory(org=care.group_a, next_review_on=TODAY + timedelta(days=200))
    from gonghui.care.models import HardshipCase

    assert list(HardshipCase.objects.review_due(TODAY)) == [soon]


# ---- aid ----


def test_aid_to_a_case_not_on_file_needs_an_emergency_reason(care):
    case = HardshipCaseFactory(org=care.group_a)
    with pytest.raises(ValidationError) as error:
        aid(care, case)
    assert "尚未建档" in messages_of(error)
    with pytest.raises(ValidationError) as error:
        aid(care, case, emergency=True)
    assert "紧急救助必须写明理由" in messages_of(error)
    paid = aid(care, case, emergency=True, emergency_reason="突发火灾")
    assert paid.emergency and paid.member == case.member


@pytest.mark.parametrize(
    ("amount", "message"),
    [(Decimal("-100"), "必须大于 0"), (Decimal("0"), "必须大于 0"), (Decimal("5000000"), "明显不合理")],
)
def test_negative_and_absurd_amounts_are_refused_even_for_the_chair(care, amount, message):
    case = OnFileCaseFactory(org=care.group_a)
    with pytest.raises(ValidationError) as error:
        aid(care, case, amount=amount, by=care.chair_a, override_reason="委员会同意")
    assert message in messages_of(error)


def test_aid_over_the_ceiling_needs_an_override(care):
    case = OnFileCaseFactory(org=care.group_a)
    with pytest.raises(ValidationError) as error:
        aid(care, case, amount=Decimal("3000"))
    assert "超过单次上限" in messages_of(error)
    paid = aid(
        care, case, amount=Decimal("3000"), by=care.chair_a, override_reason="大病医疗，委员会研究同意"
    )
    assert paid.overridden_by == care.chair_a


def test_schooling_aid_needs_school_and_grade(care):
    case = OnFileCaseFactory(org=care.group_a)
    with pytest.raises(ValidationError) as error:
        aid(care, case, kind=AidKind.SCHOOLING, student_school="县一中")
    assert "学校和年级" in messages_of(error)
    paid = aid(care, case, kind=AidKind.SCHOOLING, student_school="县一中", student_grade="高二")
    assert (paid.student_school, paid.student_grade) == ("县一中", "高二")


def test_aid_totals_per_case_per_year(care):
    case = OnFileCaseFactory(org=care.group_a)
    aid(care, case, amount=Decimal("500"), paid_on=date(TODAY.year - 1, 12, 30))
    aid(care, case, amount=Decimal("800"))
    aid(care, case, amount=Decimal("200"))
    from gonghui.care import ledgers

    assert ledgers.totals_by_year(case.aids.all()) == [
        (TODAY.year, Decimal("1000.00"), 2),
        (TODAY.year - 1, Decimal("500.00"), 1),
    ]


# ---- pairing, occurrences, campaigns ----


def test_pairing_and_contacts(care):
    case = OnFileCaseFactory(org=care.group_a)
    pairing = services.pair_officer(
        case=case, officer=care.officer_record, by=care.chair_a, started_on=TODAY - timedelta(days=3)
    )
    with pytest.raises(ValidationError):
        services.pair_officer(case=case, officer=care.officer_record, by=care.chair_a)
    contact = services.record_contact(
        pairing=pairing, by=care.officer_a, contacted_on=TODAY, way="phone", note="询问近况"
    )
    assert contact.org == case.org
    with pytest.raises(ValidationError):
        services.record_contact(
            pairing=pairing, by=care.officer_a, contacted_on=TODAY - timedelta(days=10), way="phone", note="x"
        )


def test_an_officer_of_another_union_cannot_be_paired(care):
    from gonghui.orgs.tests.factories import OfficerFactory

    case = OnFileCaseFactory(org=care.group_a)
    with pytest.raises(ValidationError):
        services.pair_officer(case=case, officer=OfficerFactory(org=care.union_b), by=care.chair_a)


def test_a_visit_after_an_occurrence_takes_it_off_the_list(care):
    from gonghui.care.models import Occurrence

    occurrence = services.report_occurrence(
        member=care.patient,
        kind=Occasion.HOSPITALISED,
        occurred_on=TODAY - timedelta(days=2),
        by=care.officer_a,
    )
    assert list(Occurrence.objects.awaiting_visit()) == [occurrence]
    VisitFactory(org=care.group_a, member=care.patient, occasion=Occasion.BIRTHDAY, visited_on=TODAY)
    assert list(Occurrence.objects.awaiting_visit()) == [occurrence]  # a birthday visit does not count
    VisitFactory(org=care.group_a, member=care.patient, occasion=Occasion.HOSPITALISED, visited_on=TODAY)
    assert not Occurrence.objects.awaiting_visit().exists()
