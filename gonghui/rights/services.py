"""Rights workflows: one keyword-only function per state change, each in one transaction.

The legal rules (rules 18–28) are checked here so pages and the API share them; a broken rule
raises ValidationError with a Chinese message keyed by the offending field.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gonghui.members.models import Gender
from gonghui.rights import clock
from gonghui.rights.models import (
    OPEN_STATUSES,
    Body,
    CareRecord,
    CaseStatus,
    CheckCampaign,
    CheckKind,
    CheckResult,
    Claim,
    CollectiveContract,
    CommitteeMember,
    DisputeCase,
    HealthCheck,
    Meeting,
    Negotiator,
    Period,
    Petition,
    Session,
    negotiator_problems,
)

EARLIEST = date(2000, 1, 1)
MAX_AMOUNT = 10**10  # 元: the columns hold 12 digits with 2 decimals


def _not_future(field, day, label):
    if day and day > timezone.localdate():
        raise ValidationError({field: f"{label}不能晚于今天。"})
    if day and day < EARLIEST:
        raise ValidationError({field: f"{label}不能早于2000年，请检查年份是否填错。"})


def _not_before(field, day, earlier, label, earlier_label):
    if day and earlier and day < earlier:
        raise ValidationError({field: f"{label}不能早于{earlier_label}（{earlier:%Y-%m-%d}）。"})


# --------------------------------------------------------------------------- committees


@transaction.atomic
def add_committee_member(*, org, body, name, side, is_chair=False, is_union_member=True,
                         jointly_elected=False, member=None, since=None) -> CommitteeMember:  # fmt: skip
    if body == Body.MEDIATION and is_chair:
        if CommitteeMember.objects.filter(org=org, body=body, is_chair=True).exists():
            raise ValidationError({"is_chair": "调解委员会已有主任，请先移除原主任。"})
        if not (is_union_member or jointly_elected):
            raise ValidationError(
                {"is_chair": "调解委员会主任须由工会成员或双方推举的人员担任（调解仲裁法第十条）。"}
            )
    return CommitteeMember.objects.create(
        org=org, body=body, name=name, side=side, is_chair=is_chair, is_union_member=is_union_member,
        jointly_elected=jointly_elected, member=member, since=since,
    )  # fmt: skip


@transaction.atomic
def remove_committee_member(*, seat: CommitteeMember):
    seat.delete()


# --------------------------------------------------------------------------- disputes


def _next_number(org, year) -> str:
    prefix = f"{year}-"
    last = DisputeCase.objects.filter(org=org, number__startswith=prefix).aggregate(n=Max("number"))["n"]
    n = int(last.split("-")[1]) + 1 if last else 1
    return f"{prefix}{n:03d}"


@transaction.atomic
def receive_case(*, org, by, applicants, respondent, matter, received_on, oral=False,
                 applicant_member=None, claims=()) -> DisputeCase:  # fmt: skip
    """An application arrives (written, or oral and recorded on the spot); the 15-day clock starts."""
    _not_future("received_on", received_on, "收到申请日期")
    deadline = clock.mediation_deadline(received_on)
    case = DisputeCase.objects.create(
        org=org, number=_next_number(org, received_on.year), applicants=applicants, respondent=respondent,
        matter=matter, oral=oral, received_on=received_on, deadline=deadline.day,
        deadline_provisional=deadline.provisional, applicant_member=applicant_member, recorded_by=by,
    )  # fmt: skip
    for kind, amount, note in claims:
        add_claim(case=case, kind=kind, amount=amount, note=note)
    return case


def add_claim(*, case, kind, amount=None, note="") -> Claim:
    if amount is not None and not 0 <= amount < MAX_AMOUNT:
        raise ValidationError({"amount": "金额应为0至100亿元之间的数。"})
    return Claim.objects.create(org=case.org, case=case, kind=kind, amount=amount, note=note)


def _require_status(case, allowed, doing):
    if case.status not in allowed:
        raise ValidationError(f"案件当前为「{case.get_status_display()}」，不能{doing}。")


@transaction.atomic
def accept_case(*, case, accepted_on, mediator="") -> DisputeCase:
    """Accepting after the clock ran out is allowed (the parties may still want mediation) and flagged."""
    _require_status(case, [CaseStatus.RECEIVED], "受理")
    _not_before("accepted_on", accepted_on, case.received_on, "受理日期", "收到申请日期")
    _not_future("accepted_on", accepted_on, "受理日期")
    case.status, case.accepted_on, case.mediator = CaseStatus.ACCEPTED, accepted_on, mediator
    case.late_acceptance = accepted_on > case.deadline
    case.save()
    return case


@transaction.atomic
def decline_case(*, case, reason, on) -> DisputeCase:
    _require_status(case, [CaseStatus.RECEIVED], "不予受理")
    if not reason.strip():
        raise ValidationError({"reason": "请写明不予受理的理由。"})
    _not_before("on", on, case.received_on, "决定日期", "收到申请日期")
    case.status, case.decline_reason, case.closed_on = CaseStatus.DECLINED, reason.strip(), on
    case.save()
    return case


@transaction.atomic
def hold_session(*, case, held_on, present, minutes) -> Session:
    _require_status(case, [CaseStatus.ACCEPTED], "记录调解会（须先受理）")
    _not_before("held_on", held_on, case.accepted_on, "调解日期", "受理日期")
    _not_future("held_on", held_on, "调解日期")
    return Session.objects.create(org=case.org, case=case, held_on=held_on, present=present, minutes=minutes)


@transaction.atomic
def record_agreement(*, case, on, result, performance_deadline, performance_method, signed_applicant,
                     signed_respondent, signed_mediator, committee_seal) -> DisputeCase:  # fmt: skip
    """Rule 19: the agreement is recorded only when both parties, a mediator and the committee seal are there."""
    _require_status(case, [CaseStatus.ACCEPTED], "记录调解协议（须先受理）")
    _not_before("on", on, case.accepted_on, "协议日期", "受理日期")
    _not_future("on", on, "协议日期")
    _not_before("performance_deadline", performance_deadline, on, "履行期限", "协议日期")
    missing = [
        label
        for ok, label in (
            (signed_applicant, "申请人签名"),
            (signed_respondent, "被申请人签名或盖章"),
            (signed_mediator, "调解员签名"),
            (committee_seal, "调解委员会印章"),
        )
        if not ok
    ]
    if missing:
        raise ValidationError(f"调解协议书须有{'、'.join(missing)}方能生效（调解仲裁法第十四条）。")
    if not result.strip():
        raise ValidationError({"result": "请填写调解结果。"})
    case.status, case.closed_on, case.result = CaseStatus.AGREED, on, result.strip()
    case.performance_deadline, case.performance_method = performance_deadline, performance_method
    case.signed_applicant = case.signed_respondent = case.signed_mediator = case.committee_seal = True
    case.save()
    return case


@transaction.atomic
def record_no_agreement(*, case, on, note="") -> DisputeCase:
    _require_status(case, [CaseStatus.ACCEPTED], "记录调解不成")
    _not_before("on", on, case.accepted_on, "结案日期", "受理日期")
    case.status, case.closed_on, case.close_note = CaseStatus.FAILED, on, note
    case.save()
    return case


@transaction.atomic
def withdraw_case(*, case, on, note="") -> DisputeCase:
    _require_status(case, OPEN_STATUSES, "撤回")
    _not_before("on", on, case.received_on, "撤回日期", "收到申请日期")
    case.status, case.closed_on, case.close_note = CaseStatus.WITHDRAWN, on, note
    case.save()
    return case


@transaction.atomic
def refer_to_arbitration(*, case, on, note="") -> DisputeCase:
    """「当事人可依法申请仲裁」: told after the 15 days ran out without agreement (or mediation failed)."""
    if case.referred_on:
        raise ValidationError("已记录过仲裁告知。")
    if not case.may_refer(on):
        raise ValidationError(
            {"on": f"调解期限至 {case.deadline:%Y-%m-%d} 届满，届满前且调解未终结时尚不能告知申请仲裁。"}
        )
    if case.is_open:  # the clock ran out: mediation ends without agreement
        case.status, case.closed_on = CaseStatus.FAILED, on
    case.referred_on, case.referral_note = on, note
    case.save()
    return case


# --------------------------------------------------------------------------- petitions


@transaction.atomic
def record_petition(*, org, by, received_on, petitioner, matter, people=1, skip_level=False, member=None,
                    handling="", handled_on=None) -> Petition:  # fmt: skip
    _not_future("received_on", received_on, "来信来访日期")
    if people < 1:
        raise ValidationError({"people": "人数至少为1。"})
    _not_before("handled_on", handled_on, received_on, "办结日期", "来信来访日期")
    return Petition.objects.create(
        org=org, recorded_by=by, received_on=received_on, petitioner=petitioner, matter=matter, people=people,
        skip_level=skip_level, member=member, handling=handling, handled_on=handled_on,
    )  # fmt: skip


@transaction.atomic
def handle_petition(*, petition, handling, handled_on) -> Petition:
    _not_before("handled_on", handled_on, petition.received_on, "办结日期", "来信来访日期")
    _not_future("handled_on", handled_on, "办结日期")
    petition.handling, petition.handled_on = handling, handled_on
    petition.save()
    return petition


# --------------------------------------------------------------------------- collective contracts


@transaction.atomic
def start_contract(*, org, kind, title, employer, term_years=3) -> CollectiveContract:
    if not 1 <= term_years <= 3:
        raise ValidationError({"term_years": "集体合同期限为1至3年（集体合同规定第三十八条）。"})
    return CollectiveContract.objects.create(
        org=org, kind=kind, title=title, employer=employer, term_years=term_years
    )


@transaction.atomic
def add_negotiator(*, contract, side, name, is_chief=False, is_outsider=False) -> Negotiator:
    if contract.signed_on:
        raise ValidationError("合同已签订，不能再调整协商代表。")
    if is_chief and is_outsider:
        raise ValidationError({"is_chief": "首席代表不得由外聘人员担任（集体合同规定第二十三条）。"})
    if contract.negotiators.filter(name=name).exclude(side=side).exists():
        raise ValidationError(
            {"name": f"{name}已是对方代表，不得同时担任双方代表（集体合同规定第二十四条）。"}
        )
    return Negotiator.objects.create(
        org=contract.org, contract=contract, side=side, name=name, is_chief=is_chief, is_outsider=is_outsider
    )


@transaction.atomic
def request_negotiation(*, contract, requested_on, answered_on=None) -> CollectiveContract:
    """The written 要约; the other side must answer within ⚙ 20 days (rule 24)."""
    _not_future("requested_on", requested_on, "要约日期")
    _not_before("answered_on", answered_on, requested_on, "应答日期", "要约日期")
    contract.requested_on = requested_on
    contract.answer_due = clock.period_end(requested_on, clock.answer_days()).day
    contract.answered_on = answered_on
    contract.save()
    return contract


@transaction.atomic
def record_meeting(*, contract, held_on, minutes) -> Meeting:
    if not contract.requested_on:
        raise ValidationError({"held_on": "请先记录协商要约。"})
    _not_before("held_on", held_on, contract.requested_on, "协商日期", "要约日期")
    _not_future("held_on", held_on, "协商日期")
    return Meeting.objects.create(org=contract.org, contract=contract, held_on=held_on, minutes=minutes)


def quorum(total: int) -> int:
    return -(-2 * total // 3)  # ceil(2/3 × total), rule 1


def _check_approval(contract, approved_on, delegates_total, delegates_present, votes_yes):
    """Rule 21: ≥ 2/3 of all delegates present and yes ≥ ½ of ALL delegates; else refused."""
    if not contract.requested_on:
        raise ValidationError({"approved_on": "请先记录协商要约与协商过程。"})
    _not_before("approved_on", approved_on, contract.requested_on, "审议日期", "要约日期")
    _not_future("approved_on", approved_on, "审议日期")
    if delegates_total < 1 or delegates_present > delegates_total or votes_yes > delegates_present:
        raise ValidationError({"votes_yes": "人数不合理：赞成票不能多于实到人数，实到人数不能多于应到人数。"})
    if delegates_present < quorum(delegates_total):
        raise ValidationError(
            {"delegates_present": f"实到{delegates_present}人，不足应到{delegates_total}人的三分之二"
             f"（至少{quorum(delegates_total)}人），审议无效（集体合同规定第三十六条）。"}
        )  # fmt: skip
    if votes_yes * 2 < delegates_total:
        raise ValidationError(
            {
                "votes_yes": f"赞成{votes_yes}票，未达全体{delegates_total}名代表的半数，草案未通过（集体合同规定第三十六条）。"
            }
        )


@transaction.atomic
def record_approval(
    *, contract, approved_on, delegates_total, delegates_present, votes_yes
) -> CollectiveContract:
    """The congress vote entered by hand (a union whose congress is not kept in the system)."""
    _check_approval(contract, approved_on, delegates_total, delegates_present, votes_yes)
    contract.approved_on, contract.approval_vote = approved_on, None
    contract.delegates_total, contract.delegates_present, contract.votes_yes = (
        delegates_total, delegates_present, votes_yes,
    )  # fmt: skip
    contract.save()
    return contract


def approval_votes(contract):
    """The democracy votes that can approve this contract: closed motions of the same union, not re-voted."""
    from gonghui.democracy.models import Vote, VoteKind, VoteStatus

    return (
        Vote.objects.filter(
            org_id=contract.org_id, status=VoteStatus.CLOSED, kind=VoteKind.MOTION, revote__isnull=True
        )
        .select_related("session", "item")
        .order_by("-closed_at")
    )


def vote_yes(vote) -> int:
    return next((o.count for o in vote.option_rows() if o.is_yes), 0)


@transaction.atomic
def approve_by_vote(*, contract, vote) -> CollectiveContract:
    """Rule 21 through the congress's own vote: its frozen base, attendance, yes count and result."""
    if not approval_votes(contract).filter(pk=vote.pk).exists():
        raise ValidationError({"vote": "只能选择本单位职代会（会员代表大会）已结束、未重新表决的表决事项。"})
    if not vote.passed:
        raise ValidationError({"vote": f"该表决未通过（{vote.result_text}），草案不能据此签订。"})
    approved_on = timezone.localdate(vote.closed_at)
    _check_approval(contract, approved_on, vote.seated_count, vote.present_count, vote_yes(vote))
    contract.approved_on, contract.approval_vote = approved_on, vote
    contract.delegates_total, contract.delegates_present = vote.seated_count, vote.present_count
    contract.votes_yes = vote_yes(vote)
    contract.save()
    return contract


@transaction.atomic
def sign_contract(*, contract, signed_on, starts_on=None) -> CollectiveContract:
    """The chief negotiators sign an approved draft; negotiators must satisfy rule 24."""
    if not contract.approved_on:
        raise ValidationError({"signed_on": "草案须经职工代表大会或全体职工审议通过后方可签订。"})
    problems = negotiator_problems(list(contract.negotiators.all()))
    if problems:
        raise ValidationError(problems)
    _not_before("signed_on", signed_on, contract.approved_on, "签订日期", "审议通过日期")
    _not_future("signed_on", signed_on, "签订日期")
    contract.signed_on = signed_on
    contract.file_by = signed_on + timedelta(days=clock.FILE_WITHIN_DAYS)
    contract.save()
    return contract


def _set_effective(contract, effective_on):
    contract.effective_on = effective_on
    contract.expires_on = clock.contract_expiry(effective_on, contract.term_years) if effective_on else None
    contract.renewal_from = clock.renewal_opens(contract.expires_on) if contract.expires_on else None


@transaction.atomic
def file_contract(*, contract, filed_on) -> CollectiveContract:
    """Rule 22: filed with the labour department; effective 15 days after unless an objection comes."""
    if not contract.signed_on:
        raise ValidationError({"filed_on": "合同尚未签订，不能报送备案。"})
    _not_before("filed_on", filed_on, contract.signed_on, "报送备案日期", "签订日期")
    _not_future("filed_on", filed_on, "报送备案日期")
    contract.filed_on = filed_on
    if not contract.objection_on:
        _set_effective(contract, filed_on + timedelta(days=clock.OBJECTION_DAYS))
    contract.save()
    return contract


@transaction.atomic
def record_objection(*, contract, on, note) -> CollectiveContract:
    if not contract.filed_on:
        raise ValidationError({"on": "合同尚未报送备案。"})
    _not_before("on", on, contract.filed_on, "审查意见日期", "报送备案日期")
    if on > contract.filed_on + timedelta(days=clock.OBJECTION_DAYS):
        raise ValidationError({"on": "审查期限已过，合同已自行生效（劳动合同法第五十四条）。"})
    contract.objection_on, contract.objection_note = on, note
    _set_effective(contract, None)
    contract.save()
    return contract


@transaction.atomic
def publish_contract(*, contract, published_on) -> CollectiveContract:
    if not contract.effective_on:
        raise ValidationError({"published_on": "合同生效后方可向全体职工公布。"})
    _not_before("published_on", published_on, contract.effective_on, "公布日期", "生效日期")
    contract.published_on = published_on
    contract.save()
    return contract


@transaction.atomic
def set_terms(*, contract, wage_increase_pct=None, minimum_wage=None, covered_workers=None, text=None):
    contract.wage_increase_pct, contract.minimum_wage = wage_increase_pct, minimum_wage
    contract.covered_workers = covered_workers
    if text is not None:  # a core.uploads.StoredFile: checked, named by us
        contract.text.save(text.name, text.content, save=False)
    contract.save()
    return contract


# --------------------------------------------------------------------------- women workers


@transaction.atomic
def record_care(*, member, by, period, consent, started_on, ended_on=None, due_date=None, birth_date=None,
                babies=1, difficult_birth=False, miscarriage_months=None, note="") -> CareRecord:  # fmt: skip
    if member.gender != Gender.FEMALE:
        raise ValidationError({"member": "五期记录只为女职工登记。"})
    if not consent:
        raise ValidationError({"consent": "须经本人同意方可登记。"})
    _not_before("ended_on", ended_on, started_on, "结束日期", "开始日期")
    if period in (Period.MATERNITY, Period.NURSING) and not birth_date and miscarriage_months is None:
        raise ValidationError({"birth_date": "产期、哺乳期请填写分娩日期。"})
    if period == Period.PREGNANCY and not due_date and miscarriage_months is None:
        raise ValidationError({"due_date": "孕期请填写预产期。"})
    _not_before("due_date", due_date, started_on, "预产期", "开始日期")
    _not_future("birth_date", birth_date, "分娩日期")
    if not 1 <= babies <= 9:
        raise ValidationError({"babies": "婴儿数应在1至9之间。"})
    return CareRecord.objects.create(
        org=member.org, member=member, recorded_by=by, period=period, consent=consent, started_on=started_on,
        ended_on=ended_on, due_date=due_date, birth_date=birth_date, babies=babies,
        difficult_birth=difficult_birth, miscarriage_months=miscarriage_months, note=note,
    )  # fmt: skip


def _age_on(member, day: date):
    if not member.birth_date:
        return None
    b = member.birth_date
    return day.year - b.year - ((day.month, day.day) < (b.month, b.day))


@transaction.atomic
def open_campaign(*, org, kind, title, held_from, held_to, members, two_cancer_from_age=35) -> CheckCampaign:
    """A health-check round and who is due: all active members, or the women for the special check."""
    _not_before("held_to", held_to, held_from, "结束日期", "开始日期")
    campaign = CheckCampaign.objects.create(
        org=org, kind=kind, title=title, held_from=held_from, held_to=held_to,
        two_cancer_from_age=two_cancer_from_age,
    )  # fmt: skip
    if kind == CheckKind.WOMEN:
        members = members.filter(gender=Gender.FEMALE)
    rows = []
    for member in members:
        age = _age_on(member, held_from)
        two_cancer = kind == CheckKind.WOMEN and age is not None and age >= two_cancer_from_age
        rows.append(HealthCheck(org=org, campaign=campaign, member=member, two_cancer=two_cancer))
    HealthCheck.objects.bulk_create(rows)
    return campaign


@transaction.atomic
def record_check(*, check, result) -> HealthCheck:
    if result not in CheckResult.values:
        raise ValidationError({"result": "结果只能是已体检、需复查或应检未检。"})
    check.result = result
    check.save()
    return check
