"""Activity workflows: one keyword-only function per state change, each in one transaction.

The audit log (django-auditlog) records every row these functions write, with who and when.
"""

from datetime import date, timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gonghui.activities import uploads
from gonghui.activities.models import (
    QR_MAX_AGE,
    YOUTH_AGE_LIMIT,
    Activity,
    ActivityFile,
    ActivityPhoto,
    Attendance,
    AttendanceStatus,
    Audience,
    CheckInMethod,
    Contest,
    Entrant,
)
from gonghui.members.models import Gender, MemberStatus

QR_SALT = "gonghui.activities.checkin"
QR_EARLIEST = timedelta(hours=2)  # scanning opens this long before the start
AWARD_NAMES = ["一等奖", "二等奖", "三等奖", "四等奖", "五等奖", "六等奖"]


# --- who may take part -------------------------------------------------------------------------


def eligibility_problem(*, activity, member) -> str | None:
    """Why `member` may not take part in `activity`, or None.

    A union's activity is for its own members; a federation's activity is for every union below it.
    """
    if not member.org.path.startswith(activity.org.path):
        return f"{member.name}不是「{activity.org.name}」的会员，不能报名本活动。"
    allowed = {MemberStatus.ACTIVE, MemberStatus.RETIRED}
    if member.status not in allowed:
        return f"{member.name}的会籍状态为“{member.get_status_display()}”，不能报名。"
    audience = activity.audience
    if audience == Audience.GROUP and activity.audience_group_id:
        if not member.org.path.startswith(activity.audience_group.path):
            return f"本活动只面向{activity.audience_group.name}的会员。"
    elif audience == Audience.WOMEN and member.gender != Gender.FEMALE:
        return "本活动只面向女职工。"
    elif audience == Audience.YOUTH and member.birth_date:
        if _age_on(member.birth_date, timezone.localdate(activity.start)) >= YOUTH_AGE_LIMIT:
            return f"本活动只面向{YOUTH_AGE_LIMIT}周岁以下的青年职工。"
    elif audience == Audience.RETIREES and member.status != MemberStatus.RETIRED:
        return "本活动只面向退休职工。"
    elif audience != Audience.RETIREES and member.status != MemberStatus.ACTIVE:
        return f"{member.name}的会籍状态为“{member.get_status_display()}”，不能报名。"
    return None


def _age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _locked(activity) -> Activity:
    # Lock the activity row so two sign-ups for the last seat are decided one after the other.
    return (
        Activity.objects.select_for_update(of=("self",))
        .select_related("org", "audience_group")
        .get(pk=activity.pk)
    )


# --- sign-up and the waiting list -----------------------------------------------------------------


@transaction.atomic
def sign_up(*, activity, member, by) -> Attendance:
    """Sign `member` up; when the activity is full they join the waiting list instead."""
    activity = _locked(activity)
    now = timezone.now()
    if now > activity.end:
        raise ValidationError("活动已经结束，不能再报名。")
    if activity.signup_deadline and now > activity.signup_deadline:
        deadline = timezone.localtime(activity.signup_deadline)
        raise ValidationError(f"报名已于 {deadline:%Y-%m-%d %H:%M} 截止，如需参加请联系工会。")
    problem = eligibility_problem(activity=activity, member=member)
    if problem:
        raise ValidationError(problem)
    attendance = Attendance.objects.filter(activity=activity, member=member).first()
    if attendance and attendance.status != AttendanceStatus.CANCELLED:
        raise ValidationError(f"{member.name}已经{attendance.get_status_display()}，无需重复报名。")
    full = activity.capacity is not None and activity.registered_count() >= activity.capacity
    attendance = attendance or Attendance(activity=activity, member=member, org_id=member.org_id)
    attendance.status = AttendanceStatus.WAITING if full else AttendanceStatus.REGISTERED
    attendance.signed_up_at = now
    attendance.signed_up_by = by
    attendance.cancelled_at = None
    attendance.save()
    return attendance


@transaction.atomic
def cancel_sign_up(*, attendance, by) -> list[Attendance]:
    """Cancel a sign-up; a freed seat goes to the first on the waiting list. Returns those promoted."""
    activity = _locked(attendance.activity)
    attendance.refresh_from_db()
    if attendance.status == AttendanceStatus.CANCELLED:
        raise ValidationError("该报名已经取消。")
    if attendance.attended_at:
        raise ValidationError(f"{attendance.member.name}已签到，不能取消报名。")
    freed = attendance.status == AttendanceStatus.REGISTERED
    attendance.status = AttendanceStatus.CANCELLED
    attendance.cancelled_at = timezone.now()
    attendance.save(update_fields=["status", "cancelled_at", "updated_at"])
    return promote_from_waiting_list(activity=activity) if freed else []


@transaction.atomic
def promote_from_waiting_list(*, activity) -> list[Attendance]:
    """Move people from the waiting list into free seats, first come first served."""
    activity = _locked(activity)
    seats = activity.seats_left()
    waiting = activity.attendances.waiting_in_order()
    promoted = list(waiting if seats is None else waiting[:seats])
    now = timezone.now()
    for attendance in promoted:
        attendance.status = AttendanceStatus.REGISTERED
        attendance.promoted_at = now
        attendance.save(update_fields=["status", "promoted_at", "updated_at"])
    return promoted


# --- attendance on the day ------------------------------------------------------------------------


@transaction.atomic
def check_in(*, activity, member, method, by, at=None) -> Attendance:
    """Mark `member` present. Someone who did not sign up but came (and may take part) is added."""
    activity = _locked(activity)
    attendance = Attendance.objects.filter(activity=activity, member=member).first()
    if attendance is None or attendance.status != AttendanceStatus.REGISTERED:
        problem = eligibility_problem(activity=activity, member=member)
        if problem:
            raise ValidationError(problem)
    if attendance and attendance.attended_at:
        return attendance
    attendance = attendance or Attendance(
        activity=activity, member=member, org_id=member.org_id, signed_up_by=by
    )
    attendance.status = AttendanceStatus.REGISTERED
    attendance.attended_at = at or timezone.now()
    attendance.check_in_method = method
    attendance.checked_in_by = by
    attendance.save()
    return attendance


@transaction.atomic
def undo_check_in(*, attendance, by) -> Attendance:
    """Take back a check-in tapped by mistake."""
    attendance.attended_at = None
    attendance.check_in_method = ""
    attendance.checked_in_by = by
    attendance.save(update_fields=["attended_at", "check_in_method", "checked_in_by", "updated_at"])
    return attendance


def check_in_token(activity) -> str:
    """The signed, time-stamped token the activity's QR code carries."""
    return signing.TimestampSigner(salt=QR_SALT).sign(str(activity.pk))


def verify_check_in_token(*, activity, token) -> None:
    try:
        activity_id = signing.TimestampSigner(salt=QR_SALT).unsign(token, max_age=QR_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError("二维码已过期，请请工作人员刷新签到二维码后重新扫码。")
    except signing.BadSignature:
        raise ValidationError("二维码无效，请重新扫描现场的签到二维码。")
    if activity_id != str(activity.pk):
        raise ValidationError("这是其他活动的签到二维码，不能用于本活动。")


def check_in_by_qr(*, activity, token, member, by) -> Attendance:
    verify_check_in_token(activity=activity, token=token)
    now = timezone.now()
    if now < activity.start - QR_EARLIEST:
        start = timezone.localtime(activity.start)
        raise ValidationError(f"活动将于 {start:%Y-%m-%d %H:%M} 开始，开始前两小时内才能扫码签到。")
    if now > activity.end + QR_MAX_AGE:
        raise ValidationError("活动已经结束，不能再扫码签到，请联系工会补录。")
    return check_in(activity=activity, member=member, method=CheckInMethod.QR, by=by)


@transaction.atomic
def record_paper_attendance(*, activity, members, by, on=None) -> list[Attendance]:
    """Enter the ticks of a paper sign-in sheet after the day. Those already checked in are kept as they are."""
    at = on or activity.start
    return [check_in(activity=activity, member=m, method=CheckInMethod.PAPER, by=by, at=at) for m in members]


# --- photos and files -------------------------------------------------------------------------------


@transaction.atomic
def add_photo(*, activity, upload, caption="", by) -> ActivityPhoto:
    """Keep the photo (`upload`: a core.uploads.StoredFile, re-encoded) with the display copy and
    the thumbnail pages show."""
    photo = ActivityPhoto(activity=activity, org_id=activity.org_id, caption=caption, uploaded_by=by)
    photo.image.save(upload.name, upload.content, save=False)
    stem = upload.name.rsplit(".", 1)[0]
    for field, size, suffix in (
        (photo.display, uploads.DISPLAY_SIZE, "display"),
        (photo.thumbnail, uploads.THUMBNAIL_SIZE, "thumb"),
    ):
        field.save(
            f"{stem}-{suffix}.jpg", ContentFile(uploads.resized_jpeg(upload.content, size)), save=False
        )
    photo.save()
    return photo


@transaction.atomic
def add_file(*, activity, upload, by) -> ActivityFile:
    """Keep a document (`upload`: a core.uploads.StoredFile) under our name; its own name is for display."""
    record = ActivityFile(
        activity=activity,
        org_id=activity.org_id,
        name=upload.display_name()[-200:],
        content_type=upload.content_type,
        size=upload.size,
        uploaded_by=by,
    )
    record.file.save(upload.name, upload.content, save=False)
    record.save()
    return record


# --- contests --------------------------------------------------------------------------------------


@transaction.atomic
def add_entrant(*, contest, member=None, team_name="", team_members="", by) -> Entrant:
    if member is None and not team_name:
        raise ValidationError("请选择参赛会员或填写队名。")
    if member is not None:
        problem = eligibility_problem(activity=contest.activity, member=member)
        if problem:
            raise ValidationError(problem)
        if contest.entrants.filter(member=member).exists():
            raise ValidationError(f"{member.name}已经报名该项目。")
    return Entrant.objects.create(
        contest=contest, org_id=contest.org_id, member=member, team_name=team_name, team_members=team_members
    )


@transaction.atomic
def record_result(*, entrant, score=None, placement=None, by) -> Entrant:
    """Enter one entrant's score (or placement), then re-rank the whole contest."""
    contest = entrant.contest
    if contest.scoring == Contest.Scoring.PLACEMENT:
        if placement is None or placement < 1:
            raise ValidationError("请填写名次（正整数）。")
        entrant.placement, entrant.score = placement, None
    else:
        if score is None:
            raise ValidationError("请填写成绩。")
        entrant.score, entrant.placement = score, None
    entrant.save(update_fields=["score", "placement", "updated_at"])
    rank_contest(contest=contest)
    entrant.refresh_from_db()
    return entrant


def competition_ranks(values: list, *, higher_is_better: bool) -> list[int]:
    """Standard competition ranking ("1224"): equal results share a rank and the next rank is skipped."""
    ranks = []
    for value in values:
        better = sum(1 for other in values if (other > value if higher_is_better else other < value))
        ranks.append(better + 1)
    return ranks


def award_for(rank: int, quota: list[int]) -> str:
    """Awards by rank, so entrants tied on a boundary all get the higher award."""
    ceiling = 0
    for name, count in zip(AWARD_NAMES, quota, strict=False):
        ceiling += count
        if rank <= ceiling:
            return name
    return ""


@transaction.atomic
def rank_contest(*, contest) -> list[Entrant]:
    entrants = list(contest.entrants.select_for_update())
    if contest.scoring == Contest.Scoring.PLACEMENT:
        scored = [e for e in entrants if e.placement is not None]
        ranks = competition_ranks([e.placement for e in scored], higher_is_better=False)
    else:
        scored = [e for e in entrants if e.score is not None]
        ranks = competition_ranks(
            [e.score for e in scored], higher_is_better=contest.scoring == Contest.Scoring.HIGHER
        )
    quota = contest.award_quota()
    by_id = {e.pk: r for e, r in zip(scored, ranks, strict=True)}
    for entrant in entrants:
        entrant.rank = by_id.get(entrant.pk)
        entrant.award = award_for(entrant.rank, quota) if entrant.rank else ""
    Entrant.objects.bulk_update(entrants, ["rank", "award"])
    return entrants
