"""Each rule at its boundary: rules 19–26 and the bad input the issue lists."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from gonghui.care.tests.factories import member_in
from gonghui.members.models import Gender
from gonghui.rights import services
from gonghui.rights.models import (
    Body,
    CaseStatus,
    ClaimKind,
    CommitteeMember,
    Side,
    mediation_roster_problems,
)
from gonghui.rights.tests.factories import CollectiveContractFactory, DisputeCaseFactory

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def _case(world, received=date(2026, 6, 1)):
    return services.receive_case(
        org=world.union_a, by=world.chair_a, applicants="李申请", respondent="某公司", matter="欠薪",
        received_on=received, claims=[(ClaimKind.WAGES, 6000, "3—4月工资")],
    )  # fmt: skip


def _sign(case, **overrides):
    fields = dict(signed_applicant=True, signed_respondent=True, signed_mediator=True, committee_seal=True)
    return {**fields, **overrides}


def test_a_case_gets_its_number_and_deadline(world):
    case = _case(world)
    second = _case(world)
    assert (case.number, second.number) == ("2026-001", "2026-002")
    assert case.deadline == date(2026, 6, 16) and case.claims.count() == 1


def test_agreement_needs_every_signature_and_the_seal(world):
    case = services.accept_case(case=_case(world), accepted_on=date(2026, 6, 2), mediator="赵调解")
    with pytest.raises(ValidationError, match="调解委员会印章"):
        services.record_agreement(
            case=case, on=date(2026, 6, 10), result="支付工资6000元", performance_deadline=date(2026, 6, 30),
            performance_method="银行转账", **_sign(case, committee_seal=False),
        )  # fmt: skip
    services.record_agreement(
        case=case, on=date(2026, 6, 10), result="支付工资6000元", performance_deadline=date(2026, 6, 30),
        performance_method="银行转账", **_sign(case),
    )  # fmt: skip
    assert case.status == CaseStatus.AGREED and case.agreement_effective


def test_performance_deadline_before_the_agreement_is_refused(world):
    case = services.accept_case(case=_case(world), accepted_on=date(2026, 6, 2))
    with pytest.raises(ValidationError) as error:
        services.record_agreement(
            case=case, on=date(2026, 6, 10), result="x", performance_deadline=date(2026, 6, 9),
            performance_method="现金", **_sign(case),
        )  # fmt: skip
    assert "performance_deadline" in error.value.error_dict


def test_accepted_after_the_clock_ran_out_is_allowed_and_flagged(world):
    case = services.accept_case(case=_case(world, date(2026, 5, 1)), accepted_on=date(2026, 5, 19))
    assert case.deadline == date(2026, 5, 18) and case.late_acceptance
    on_time = services.accept_case(case=_case(world, date(2026, 6, 1)), accepted_on=date(2026, 6, 3))
    assert not on_time.late_acceptance


def test_arbitration_referral_only_after_the_deadline(world):
    case = services.accept_case(case=_case(world, date(2026, 5, 25)), accepted_on=date(2026, 5, 26))
    # deadline: 5-25 + 15 = 6-9
    with pytest.raises(ValidationError, match="届满"):
        services.refer_to_arbitration(case=case, on=date(2026, 6, 9))
    services.refer_to_arbitration(case=case, on=date(2026, 6, 10), note="已告知双方")
    assert case.status == CaseStatus.FAILED and case.referred_on == date(2026, 6, 10)


def test_dates_out_of_order_are_refused(world):
    case = _case(world)
    with pytest.raises(ValidationError, match="不能早于"):
        services.accept_case(case=case, accepted_on=date(2026, 5, 30))
    with pytest.raises(ValidationError, match="须先受理"):
        services.hold_session(case=case, held_on=date(2026, 6, 2), present="双方", minutes="x")


def test_mediation_roster_rule_20(world):
    seats = [CommitteeMember(body=Body.MEDIATION, name="甲", side=Side.WORKER, is_chair=True)]
    assert any("企业代表" in p for p in mediation_roster_problems(seats))
    seats.append(CommitteeMember(body=Body.MEDIATION, name="乙", side=Side.EMPLOYER))
    assert mediation_roster_problems(seats) == []
    seats[0].is_union_member = False
    assert any("双方推举" in p for p in mediation_roster_problems(seats))
    seats[0].jointly_elected = True
    assert mediation_roster_problems(seats) == []
    with pytest.raises(ValidationError, match="第十条"):
        services.add_committee_member(
            org=world.union_a, body=Body.MEDIATION, name="丙", side=Side.EMPLOYER, is_chair=True,
            is_union_member=False,
        )  # fmt: skip


def _negotiate(contract, workers=3, employers=3, outsiders=0, outsider_chief=False):
    for side, n in ((Side.WORKER, workers), (Side.EMPLOYER, employers)):
        for i in range(n):
            outsider = side == Side.WORKER and i >= n - outsiders
            chief = i == 0
            if chief and outsider_chief:
                with pytest.raises(ValidationError, match="第二十三条"):
                    services.add_negotiator(contract=contract, side=side, name=f"{side}{i}", is_chief=True,
                                            is_outsider=True)  # fmt: skip
                outsider = False
            services.add_negotiator(contract=contract, side=side, name=f"{side}{i}", is_chief=chief,
                                    is_outsider=outsider)  # fmt: skip


def _approved(world, **negotiation):
    contract = services.start_contract(org=world.union_a, kind="general", title="集体合同", employer="某公司")
    _negotiate(contract, **negotiation)
    services.request_negotiation(contract=contract, requested_on=date(2026, 1, 5))
    services.record_approval(
        contract=contract,
        approved_on=date(2026, 2, 2),
        delegates_total=30,
        delegates_present=20,
        votes_yes=15,
    )
    return contract


def test_answer_due_twenty_days_after_the_request(world):
    contract = CollectiveContractFactory(org=world.union_a)
    services.request_negotiation(contract=contract, requested_on=date(2026, 3, 2))
    assert contract.answer_due == date(2026, 3, 23)  # 3-22 is a Sunday


def test_approval_needs_quorum_and_half_of_all_delegates(world):
    contract = CollectiveContractFactory(org=world.union_a, requested_on=date(2026, 1, 5))
    with pytest.raises(ValidationError, match="三分之二"):
        services.record_approval(
            contract=contract,
            approved_on=date(2026, 2, 2),
            delegates_total=30,
            delegates_present=19,
            votes_yes=19,
        )
    with pytest.raises(ValidationError, match="半数"):
        services.record_approval(
            contract=contract,
            approved_on=date(2026, 2, 2),
            delegates_total=30,
            delegates_present=20,
            votes_yes=14,
        )
    services.record_approval(
        contract=contract,
        approved_on=date(2026, 2, 2),
        delegates_total=30,
        delegates_present=20,
        votes_yes=15,
    )
    assert contract.approved_on == date(2026, 2, 2)


@pytest.mark.parametrize(
    ("negotiation", "quoted"),
    [
        ({"workers": 2, "employers": 2}, "不少于3人"),
        ({"workers": 4, "employers": 3}, "对等"),
        ({"workers": 3, "employers": 3, "outsiders": 2}, "三分之一"),
    ],
)
def test_negotiators_breaking_rule_24_block_signing(world, negotiation, quoted):
    contract = _approved(world, **negotiation)
    with pytest.raises(ValidationError, match=quoted):
        services.sign_contract(contract=contract, signed_on=date(2026, 2, 3))


def test_an_outsider_is_never_chief_and_no_one_sits_on_both_sides(world):
    contract = CollectiveContractFactory(org=world.union_a)
    _negotiate(contract, outsider_chief=True)
    with pytest.raises(ValidationError, match="第二十四条"):
        services.add_negotiator(contract=contract, side=Side.EMPLOYER, name=f"{Side.WORKER}1")


def test_filing_clock_effect_and_renewal(world):
    contract = _approved(world, workers=3, employers=3, outsiders=1)
    services.sign_contract(contract=contract, signed_on=date(2026, 2, 3))
    assert contract.file_by == date(2026, 2, 13)
    with pytest.raises(ValidationError, match="不能早于签订日期"):
        services.file_contract(contract=contract, filed_on=date(2026, 2, 2))
    services.file_contract(contract=contract, filed_on=date(2026, 2, 10))
    assert contract.effective_on == date(2026, 2, 25)
    assert contract.expires_on == date(2029, 2, 24) and contract.renewal_from == date(2028, 11, 24)
    with pytest.raises(ValidationError, match="生效"):
        services.record_objection(contract=contract, on=date(2026, 2, 26), note="x")
    services.record_objection(contract=contract, on=date(2026, 2, 25), note="工时条款违法")
    assert contract.effective_on is None


def test_term_is_one_to_three_years(world):
    with pytest.raises(ValidationError, match="1至3年"):
        services.start_contract(org=world.union_a, kind="general", title="x", employer="y", term_years=4)


def test_five_period_record_refused_for_a_man(world):
    man = member_in(world.union_a, gender=Gender.MALE)
    with pytest.raises(ValidationError) as error:
        services.record_care(member=man, by=world.chair_a, period="pregnancy", consent=True,
                             started_on=date(2026, 1, 1), due_date=date(2026, 9, 1))  # fmt: skip
    assert "member" in error.value.error_dict


def test_five_period_record_needs_consent(world):
    woman = member_in(world.union_a, gender=Gender.FEMALE)
    with pytest.raises(ValidationError, match="本人同意"):
        services.record_care(member=woman, by=world.chair_a, period="pregnancy", consent=False,
                             started_on=date(2026, 1, 1), due_date=date(2026, 9, 1))  # fmt: skip


@pytest.mark.time_machine(datetime(2026, 6, 15, 10, tzinfo=SH))
def test_no_overtime_from_the_seventh_month_and_while_nursing(world):
    woman = member_in(world.union_a, gender=Gender.FEMALE)
    pregnant = services.record_care(member=woman, by=world.chair_a, period="pregnancy", consent=True,
                                    started_on=date(2026, 1, 1), due_date=date(2026, 9, 7))  # fmt: skip
    assert pregnant.no_overtime(date(2026, 6, 15)) and not pregnant.no_overtime(date(2026, 6, 14))
    nursing = services.record_care(member=woman, by=world.chair_a, period="nursing", consent=True,
                                   started_on=date(2025, 6, 20), birth_date=date(2025, 6, 20), babies=2)  # fmt: skip
    assert nursing.no_overtime(date(2026, 6, 19)) and not nursing.no_overtime(date(2026, 6, 20))
    assert "哺乳时间每天 2 小时" in " ".join(nursing.entitlements(date(2026, 6, 15)))
    assert "产假 113 天" in " ".join(nursing.entitlements(date(2026, 6, 15)))


def test_health_check_campaign_marks_two_cancer_screening_from_35(world):
    from gonghui.members.models import Member

    older = member_in(world.union_a, gender=Gender.FEMALE, birth_date=date(1990, 3, 1))
    younger = member_in(world.union_a, gender=Gender.FEMALE, birth_date=date(1991, 5, 1))
    member_in(world.union_a, gender=Gender.MALE)
    campaign = services.open_campaign(
        org=world.union_a, kind="women", title="两癌筛查", held_from=date(2026, 4, 1), held_to=date(2026, 4, 30),
        members=Member.objects.in_subtree(world.union_a).filter(pk__in=[older.pk, younger.pk]),
    )  # fmt: skip
    screening = {c.member_id: c.two_cancer for c in campaign.checks.all()}
    assert screening == {older.pk: True, younger.pk: False}


def test_withdrawn_case_closes(world):
    case = DisputeCaseFactory(org=world.union_a, recorded_by=world.chair_a)
    services.withdraw_case(case=case, on=date(2026, 5, 8))
    assert case.status == CaseStatus.WITHDRAWN and case.closed_on == date(2026, 5, 8)
