"""State changes of the union's own work: one keyword-only function each, in one transaction.
The audit log (models.py) keeps the history of every row."""

import re
from datetime import date, timedelta
from decimal import Decimal

import nh3
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import OrgKind
from gonghui.unionwork.models import (
    Decision,
    Honour,
    HonourKind,
    HonourObjection,
    HonourRound,
    HonourStatus,
    Meeting,
    NewsReport,
    ReportStatus,
    StudySession,
)

EARLIEST = date(2000, 1, 1)
# What minutes may keep of what a rich-text editor or a pasted Word page brings: structure, not style.
MINUTES_TAGS = {
    "p",
    "br",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ol",
    "ul",
    "li",
    "h3",
    "h4",
    "table",
    "tr",
    "td",
    "th",
}

HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")


def clean_minutes(html: str) -> str:
    """Minutes as safe HTML: scripts, handlers, styles and links removed; plain text kept as paragraphs."""
    text = (html or "").strip()
    if not HTML_TAG.search(text):  # typed as plain text: keep its lines, escape the rest
        return "".join(f"<p>{nh3.clean_text(line)}</p>" for line in text.splitlines() if line.strip())
    return nh3.clean(text, tags=MINUTES_TAGS, attributes={}, link_rel=None).strip()


def _not_future(day, what):
    if day > timezone.localdate():
        raise ValidationError({"held_on": f"{what}日期在今天之后，会议尚未召开，不能登记{what}。"})


def _files(row, **files):
    for field, stored in files.items():
        if stored is not None:
            getattr(row, field).save(stored.name, stored.content, save=False)


# ---- meetings --------------------------------------------------------------------------------


@transaction.atomic
def record_meeting(
    *, org, by, kind, title, held_on, officers=(), minutes="", minutes_scan=None, **fields
) -> Meeting:
    """A meeting: planned ahead with its agenda, or on record with minutes (only once it has been held)."""
    if held_on < EARLIEST:
        raise ValidationError({"held_on": "日期不能早于 2000 年，请检查年份。"})
    minutes = clean_minutes(minutes)
    if minutes or minutes_scan is not None:
        _not_future(held_on, "会议记录")
    meeting = Meeting(
        org=org, recorded_by=by, kind=kind, title=title, held_on=held_on, minutes=minutes, **fields
    )
    _files(meeting, minutes_scan=minutes_scan)
    meeting.save()
    meeting.officers.set(officers)
    return meeting


@transaction.atomic
def update_meeting(*, meeting, by, officers=None, minutes=None, minutes_scan=None, **fields) -> Meeting:
    for name, value in fields.items():
        setattr(meeting, name, value)
    if minutes is not None:
        meeting.minutes = clean_minutes(minutes)
    if meeting.has_minutes or minutes_scan is not None:
        _not_future(meeting.held_on, "会议记录")
    _files(meeting, minutes_scan=minutes_scan)
    meeting.save()
    if officers is not None:
        meeting.officers.set(officers)
    return meeting


@transaction.atomic
def add_decision(*, meeting, by, text, owner, due_on) -> Decision:
    """A decision the meeting took; nobody follows up a decision nobody owns."""
    if not (owner or "").strip():
        raise ValidationError({"owner": "请填写责任人：没有责任人的决定无法跟踪落实。"})
    if not (text or "").strip():
        raise ValidationError({"text": "请填写决定事项。"})
    if due_on < meeting.held_on:
        raise ValidationError({"due_on": "完成期限不能早于会议日期。"})
    return Decision.objects.create(
        org=meeting.org, meeting=meeting, text=text.strip(), owner=owner.strip(), due_on=due_on
    )


@transaction.atomic
def complete_decision(*, decision, by, note="", done_on=None) -> Decision:
    if decision.done_on:
        raise ValidationError("该决定事项已标记完成。")
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": "完成日期不能晚于今天。"})
    if done_on < decision.meeting.held_on:
        raise ValidationError({"done_on": "完成日期不能早于会议日期。"})
    decision.done_on, decision.done_note, decision.done_by = done_on, note.strip(), by
    decision.save()
    return decision


# ---- study --------------------------------------------------------------------------------


@transaction.atomic
def record_study(
    *, org, by, topic, held_on, hours, officers=(), materials_file=None, **fields
) -> StudySession:
    """A study session is recorded after it took place, with the hours each participant earned."""
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "学习日期不能晚于今天：学习结束后再登记。"})
    if held_on < EARLIEST:
        raise ValidationError({"held_on": "日期不能早于 2000 年，请检查年份。"})
    if not Decimal("0.5") <= hours <= 24:
        raise ValidationError({"hours": "学时应在 0.5 到 24 之间。"})
    session = StudySession(org=org, recorded_by=by, topic=topic, held_on=held_on, hours=hours, **fields)
    _files(session, materials_file=materials_file)
    session.save()
    session.officers.set(officers)
    return session


# ---- honours ------------------------------------------------------------------------------


@transaction.atomic
def open_round(
    *, org, by, name, year, opens_on, closes_on, publicity_days=5, self_nomination=False
) -> HonourRound:
    if closes_on < opens_on:
        raise ValidationError({"closes_on": "推荐截止日期不能早于开始日期。"})
    if not 1 <= publicity_days <= 30:
        raise ValidationError({"publicity_days": "公示天数应在 1 到 30 天之间。"})
    return HonourRound.objects.create(
        org=org,
        name=name,
        year=year,
        opens_on=opens_on,
        closes_on=closes_on,
        publicity_days=publicity_days,
        self_nomination=self_nomination,
    )


def _check_window(round, today):
    if not round.open_on(today):
        raise ValidationError(
            f"“{round.name}”的推荐时间为 {round.opens_on:%Y-%m-%d} 至 {round.closes_on:%Y-%m-%d}，现在不能推荐。"
        )


def _holder(member, group_name):
    if member is None and not (group_name or "").strip():
        raise ValidationError({"member": "请选择受表彰的会员，或填写集体名称。"})


@transaction.atomic
def nominate(*, round, by, kind, title, member=None, group_name="", nominated_by="", citation="") -> Honour:
    """A nomination in an open round (评先推优): only while the round takes nominations."""
    today = timezone.localdate()
    _check_window(round, today)
    _holder(member, group_name)
    return Honour.objects.create(
        org=round.org,
        round=round,
        kind=kind,
        title=title,
        year=round.year,
        member=member,
        group_name=group_name.strip(),
        nominated_by=nominated_by,
        nominated_on=today,
        citation=citation,
        status=HonourStatus.NOMINATED,
        awarded_by=round.org.name,
        recorded_by=by,
    )


def member_record(user, org) -> Member:
    """The user's own active member record in the org's union: who nominates or objects."""
    union = org.union() or org
    found = Member.objects.active().in_subtree(union).filter(user=user).select_related("org").first()
    if found is None:
        raise ValidationError("您的账号没有关联本工会的会员档案，请联系工会。")
    return found


def _nominee(round, nominator, member, group):
    """The colleague or group nominated, checked against the round: (member, group name)."""
    if (member is None) == (group is None):
        raise ValidationError({"member": "请选择一位会员，或选择一个集体（小组），二者选一。"})
    if group is not None:
        if group.kind != OrgKind.GROUP or not group.path.startswith(round.org.path):
            raise ValidationError({"group": "只能推荐本工会的小组。"})
        return None, group.name
    if member.status != MemberStatus.ACTIVE or not member.org.path.startswith(round.org.path):
        raise ValidationError({"member": "只能推荐本工会的在册会员。"})
    if member.pk == nominator.pk and not round.self_nomination:
        raise ValidationError({"member": f"“{round.name}”不接受自荐，请推荐其他会员。"})
    return member, ""


def _refuse_second(round, nominator, for_group, member, group_name):
    found = Honour.objects.filter(round=round, member=member)
    if member is None:
        found = found.filter(group_name=group_name)
    holder = member.name if member else group_name
    if found.filter(nominator=nominator).exists():
        raise ValidationError(f"您已在“{round.name}”中推荐过{holder}，同一对象只能推荐一次。")
    if for_group is not None and found.filter(nominating_group=for_group).exists():
        raise ValidationError(f"{for_group.name}已在“{round.name}”中推荐过{holder}，同一对象只能推荐一次。")


@transaction.atomic
def member_nominate(*, round, by, kind, citation, member=None, group=None, for_group=False) -> Honour:
    """A member's own nomination (评先推优 online), of a colleague or a group, for themselves or in the
    name of their group (小组). It then goes through the committee's decision like any other."""
    today = timezone.localdate()
    _check_window(round, today)
    nominator = member_record(by, round.org)
    member, group_name = _nominee(round, nominator, member, group)
    citation = (citation or "").strip()
    if not citation:
        raise ValidationError({"citation": "请简要写明推荐理由（主要事迹）。"})
    if for_group and nominator.org.kind != OrgKind.GROUP:
        raise ValidationError({"for_group": "您不在工会小组中，只能以个人名义推荐。"})
    group_of = nominator.org if for_group else None
    _refuse_second(round, nominator, group_of, member, group_name)
    kind = HonourKind.ADVANCED_GROUP if member is None else kind
    try:
        with transaction.atomic():
            return Honour.objects.create(
                org=round.org,
                round=round,
                kind=kind,
                title=f"{round.year}年度{HonourKind(kind).label}",
                year=round.year,
                member=member,
                group_name=group_name,
                nominator=nominator,
                nominating_group=group_of,
                nominated_by=f"{group_of.name}（{nominator.name}提交）" if group_of else nominator.name,
                nominated_on=today,
                citation=citation,
                status=HonourStatus.NOMINATED,
                awarded_by=round.org.name,
                recorded_by=by,
            )
    except IntegrityError:  # the same nomination sent twice at once (a double tap)
        raise ValidationError(f"您已在“{round.name}”中推荐过该对象，同一对象只能推荐一次。") from None


@transaction.atomic
def decide(*, honour, by, approved: bool, note) -> Honour:
    """The committee's vote or decision on a nomination."""
    if honour.status != HonourStatus.NOMINATED:
        raise ValidationError("只能对已推荐、尚未评议的对象作出评议。")
    if not (note or "").strip():
        raise ValidationError({"note": "请写明评议结果，如“委员会表决 7 票赞成”。"})
    honour.status = HonourStatus.APPROVED if approved else HonourStatus.REJECTED
    honour.decision_note, honour.decided_on = note.strip(), timezone.localdate()
    honour.save()
    return honour


@transaction.atomic
def publicise(*, honour, by, start) -> Honour:
    """Post the result for the round's publicity period (公示) before the award."""
    if honour.status != HonourStatus.APPROVED:
        raise ValidationError("评议通过后才能公示。")
    if honour.decided_on and start < honour.decided_on:
        raise ValidationError({"start": "公示开始日期不能早于评议日期。"})
    days = honour.round.publicity_days if honour.round_id else 5
    honour.status, honour.publicity_start = HonourStatus.PUBLICITY, start
    honour.publicity_end = start + timedelta(days=days - 1)
    honour.save()
    return honour


@transaction.atomic
def award(*, honour, by, awarded_on) -> Honour:
    if honour.status != HonourStatus.PUBLICITY:
        raise ValidationError("公示结束后才能表彰。")
    if awarded_on <= honour.publicity_end:
        raise ValidationError(
            {"awarded_on": f"公示期至 {honour.publicity_end:%Y-%m-%d}，公示期满后才能表彰。"}
        )
    if awarded_on > timezone.localdate():
        raise ValidationError({"awarded_on": "表彰日期不能晚于今天。"})
    waiting = honour.objections.unanswered().count()
    if waiting:
        raise ValidationError(f"公示期间收到 {waiting} 条异议尚未核实，请先登记核实情况再表彰。")
    honour.status, honour.awarded_on = HonourStatus.AWARDED, awarded_on
    honour.save()
    return honour


@transaction.atomic
def lodge_objection(*, honour, by, text) -> HonourObjection:
    """A member objects to an honour on publicity (公示), only while it is on show; the committee
    must check every objection before it awards."""
    today = timezone.localdate()
    if honour.status != HonourStatus.PUBLICITY or not honour.publicity_start <= today <= honour.publicity_end:
        raise ValidationError("只能在公示期内对公示对象提出异议。")
    member = member_record(by, honour.org)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "请写明异议的具体内容。"})
    if honour.objections.filter(member=member).exists():
        raise ValidationError("您已对该公示对象提出过异议，工会核实后会处理。")
    return HonourObjection.objects.create(
        org=honour.org, honour=honour, member=member, text=text, lodged_on=today
    )


@transaction.atomic
def answer_objection(*, objection, by, answer) -> HonourObjection:
    """The committee writes down what it found when it checked an objection (核实情况)."""
    if objection.answered_on:
        raise ValidationError("该异议已登记核实情况。")
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": "请写明核实情况。"})
    objection.answer, objection.answered_on, objection.answered_by = answer, timezone.localdate(), by
    objection.save()
    return objection


@transaction.atomic
def record_honour(
    *, org, by, kind, title, level, year, awarded_on, member=None, group_name="", **fields
) -> Honour:
    """An honour already conferred (by the union or from above). A member who has since left keeps
    it: the record is history."""
    _holder(member, group_name)
    if awarded_on > timezone.localdate():
        raise ValidationError({"awarded_on": "表彰日期不能晚于今天。"})
    if awarded_on.year < year:
        raise ValidationError({"year": "年度不能晚于表彰日期所在年份。"})
    return Honour.objects.create(
        org=org,
        kind=kind,
        title=title,
        level=level,
        year=year,
        member=member,
        group_name=(group_name or "").strip(),
        awarded_on=awarded_on,
        status=HonourStatus.AWARDED,
        recorded_by=by,
        **fields,
    )


# ---- news reports -------------------------------------------------------------------------


@transaction.atomic
def write_report(*, org, by, title, body, activity=None, photo=None) -> NewsReport:
    report = NewsReport(org=org, written_by=by, title=title, body=body, activity=activity)
    _files(report, photo=photo)
    report.save()
    return report


@transaction.atomic
def edit_report(*, report, by, title, body, activity=None, photo=None) -> NewsReport:
    """Edit a report. One the federation adopted is kept as adopted: the edit is a new version,
    sent again for the federation to see."""
    if report.status == ReportStatus.ADOPTED:
        if hasattr(report, "next_version"):
            raise ValidationError("该报送已有新版本，请修改最新版本。")
        fresh = NewsReport(
            org=report.org,
            written_by=by,
            title=title,
            body=body,
            activity=activity,
            version=report.version + 1,
            previous=report,
            photo=report.photo.name,
        )
        _files(fresh, photo=photo)
        fresh.save()
        return fresh
    report.title, report.body, report.activity = title, body, activity
    _files(report, photo=photo)
    report.save()
    return report


@transaction.atomic
def submit_report(*, report, by) -> NewsReport:
    if report.status != ReportStatus.DRAFT:
        raise ValidationError("该信息已报送。")
    report.status, report.submitted_on = ReportStatus.SUBMITTED, timezone.localdate()
    report.save()
    return report


@transaction.atomic
def adopt_report(*, report, by, level, note="") -> NewsReport:
    """The upper federation adopts (采用) a report, saying at which level it was used."""
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError("只能采用已报送、尚未采用的信息。")
    if hasattr(report, "next_version"):
        raise ValidationError("该信息已有新版本，请采用最新版本。")
    report.status, report.adopted_level, report.adoption_note = ReportStatus.ADOPTED, level, note.strip()
    report.adopted_on, report.adopted_by = timezone.localdate(), by
    report.save()
    return report
