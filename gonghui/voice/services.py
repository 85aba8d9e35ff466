"""Open affairs and the members' voice: one keyword-only function per state change, each in one
transaction. A broken rule raises ValidationError with a Chinese message keyed by the field."""

import io
from datetime import date, timedelta

import chinese_calendar
import nh3
from auditlog.context import disable_auditlog
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.core import uploads
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import Org, OrgKind
from gonghui.voice import params, scrub
from gonghui.voice.models import (
    Audience,
    Channel,
    Notice,
    NoticeAttachment,
    NoticeRead,
    NoticeStatus,
    Opinion,
    PublishingRule,
    Suggestion,
    SuggestionAttachment,
    SuggestionStatus,
    new_reference,
    posted_days,
)

MAX_ATTACHMENTS = 9
MAX_ATTACHMENT_BYTES = 10 * uploads.MB
ATTACHMENT_TYPES = uploads.DOCUMENTS - {"gif"}
# What a notice's body may contain: text formatting, lists, tables and links; no script, style,
# frames, forms or event handlers (nh3 strips those and their content).
BODY_TAGS = {
    "p", "br", "b", "strong", "i", "em", "u", "s", "h3", "h4", "ul", "ol", "li", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "a", "span", "hr",
}  # fmt: skip
BODY_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}


def clean_body(html: str) -> str:
    """The notice body as stored and shown: sanitised by nh3 (scripts, handlers, javascript: gone)."""
    return nh3.clean(
        html or "",
        tags=BODY_TAGS,
        attributes=BODY_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    ).strip()


def accept_attachment(upload) -> uploads.StoredFile:
    return uploads.accept_upload(
        upload, allowed=ATTACHMENT_TYPES, max_bytes=MAX_ATTACHMENT_BYTES, what="附件"
    )


def add_working_days(start: date, days: int) -> date:
    """The day `days` working days after `start` (statutory holidays and 调休 from chinese-calendar;
    beyond the years it knows, Saturdays and Sundays only)."""
    day, left = start, days
    while left > 0:
        day += timedelta(days=1)
        try:
            working = chinese_calendar.is_workday(day)
        except NotImplementedError:
            working = day.weekday() < 5
        if working:
            left -= 1
    return day


def member_of(user) -> Member | None:
    if user is None or not user.is_authenticated:
        return None
    return Member.objects.filter(user=user, status=MemberStatus.ACTIVE).select_related("org").first()


# ---- notices -----------------------------------------------------------------------------


def _check_window(publish_from, publish_to):
    if publish_to < publish_from:
        raise ValidationError({"publish_to": "公开截止日期不能早于开始日期。"})
    minimum = params.min_posting_days()
    if posted_days(publish_from, publish_to) < minimum:
        raise ValidationError(
            {
                "publish_to": f"公开期不得少于{minimum}天（含首尾两日），请把截止日期延后到 {publish_from + timedelta(days=minimum - 1):%Y-%m-%d} 或以后。"
            }
        )


def _check_audience(org, audience, audience_group):
    if audience == Audience.GROUP:
        if audience_group is None:
            raise ValidationError({"audience_group": "公开范围为工会小组时，请选择小组。"})
        if audience_group.kind != OrgKind.GROUP or not audience_group.path.startswith(org.path):
            raise ValidationError({"audience_group": "只能选择本组织下的工会小组。"})
    elif audience_group is not None:
        raise ValidationError({"audience_group": "只有公开范围为工会小组时才选择小组。"})


def _checked(org, publish_from, publish_to, audience, audience_group, body) -> str:
    """The posting window and audience checked, and the body as it will be stored."""
    _check_window(publish_from, publish_to)
    _check_audience(org, audience, audience_group)
    cleaned = clean_body(body)
    if not nh3.clean(cleaned, tags=set()).strip():
        raise ValidationError({"body": "请填写公开内容（只含脚本或空标签的内容不算）。"})
    return cleaned


@transaction.atomic
def create_notice(
    *,
    org: Org,
    by,
    kind,
    category,
    title,
    body,
    publish_from,
    publish_to,
    audience=Audience.ALL,
    audience_group=None,
    attachments=(),
    publish=False,
) -> Notice:
    cleaned = _checked(org, publish_from, publish_to, audience, audience_group, body)
    notice = Notice.objects.create(
        org=org,
        kind=kind,
        category=category,
        title=title.strip(),
        body=cleaned,
        audience=audience,
        audience_group=audience_group,
        publish_from=publish_from,
        publish_to=publish_to,
        created_by=by,
    )
    _attach(notice, attachments, NoticeAttachment, "notice")
    if publish:
        publish_notice(notice=notice, by=by)
    return notice


@transaction.atomic
def update_draft(
    *,
    notice: Notice,
    by,
    kind,
    category,
    title,
    body,
    publish_from,
    publish_to,
    audience=Audience.ALL,
    audience_group=None,
    attachments=(),
    publish=False,
) -> Notice:
    """Change a draft (a published notice is changed only by withdrawing it and publishing anew)."""
    if notice.status != NoticeStatus.DRAFT:
        raise ValidationError("已发布的公开事项不能修改；如有错误请撤回后重新发布。")
    cleaned = _checked(notice.org, publish_from, publish_to, audience, audience_group, body)
    if notice.attachments.count() + len(list(attachments or ())) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": f"附件最多{MAX_ATTACHMENTS}个。"})
    notice.kind, notice.category, notice.title, notice.body = kind, category, title.strip(), cleaned
    notice.audience, notice.audience_group = audience, audience_group
    notice.publish_from, notice.publish_to = publish_from, publish_to
    notice.save()
    _attach(notice, attachments, NoticeAttachment, "notice")
    if publish:
        publish_notice(notice=notice, by=by)
    return notice


def _attach(row, attachments, model, field):
    attachments = list(attachments or ())
    if len(attachments) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": f"附件最多{MAX_ATTACHMENTS}个。"})
    for stored in attachments:  # core.uploads.StoredFile: checked, re-encoded, named by us
        attachment = model(org=row.org, name=stored.display_name(), size=stored.size, **{field: row})
        attachment.file.save(stored.name, stored.content, save=False)
        attachment.save()


@transaction.atomic
def publish_notice(*, notice: Notice, by) -> Notice:
    if notice.status != NoticeStatus.DRAFT:
        raise ValidationError("该公开事项已发布或已撤回。")
    _check_window(notice.publish_from, notice.publish_to)
    notice.status = NoticeStatus.PUBLISHED
    notice.published_at = timezone.now()
    notice.published_by = by
    notice.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    return notice


@transaction.atomic
def withdraw_notice(*, notice: Notice, by, reason: str, on: date | None = None) -> Notice:
    """Take a notice down early; it stays on the record with the reason and, if up for fewer than
    the minimum days, does not count as published (rule 15)."""
    if notice.status != NoticeStatus.PUBLISHED:
        raise ValidationError("只有已发布的公开事项才能撤回。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写撤回原因。"})
    on = on or timezone.localdate()
    if on < notice.publish_from:
        on = notice.publish_from
    notice.status = NoticeStatus.WITHDRAWN
    notice.withdrawn_on = on
    notice.withdraw_reason = reason[:200]
    notice.save(update_fields=["status", "withdrawn_on", "withdraw_reason", "updated_at"])
    return notice


def audience_members(notice: Notice):
    """The active members a notice is for (those with an account can open it and count in the read rate)."""
    members = Member.objects.active().filter(org__path__startswith=notice.org.path)
    if notice.audience == Audience.GROUP and notice.audience_group_id:
        members = members.filter(org__path__startswith=notice.audience_group.path)
    elif notice.audience == Audience.WOMEN:
        members = members.filter(gender="F")
    elif notice.audience == Audience.DELEGATES:
        members = members.filter(pk__in=delegate_ids(notice.org))
    return members


_DELEGATE_SOURCES = []


def register_delegates(source):
    """How the congress module tells which members are delegates: `source(org) -> member ids`."""
    _DELEGATE_SOURCES[:] = [s for s in _DELEGATE_SOURCES if s.__qualname__ != source.__qualname__]
    _DELEGATE_SOURCES.append(source)
    return source


def delegate_ids(org) -> set:
    ids = set()
    for source in _DELEGATE_SOURCES:
        ids |= set(source(org))
    return ids


def in_audience(notice: Notice, member: Member | None) -> bool:
    if member is None:
        return False
    return audience_members(notice).filter(pk=member.pk).exists()


def audience_check(member: Member | None):
    """`in_audience` for many notices and one member without a query per notice: the same rules in
    Python, with the delegates of each notice's org read once (a member's home lists up to 60)."""
    delegates: dict = {}

    def check(notice: Notice) -> bool:
        if member is None or not member.org.path.startswith(notice.org.path):
            return False
        if notice.audience == Audience.GROUP and notice.audience_group_id:
            return member.org.path.startswith(notice.audience_group.path)
        if notice.audience == Audience.WOMEN:
            return member.gender == "F"
        if notice.audience == Audience.DELEGATES:
            if notice.org_id not in delegates:
                delegates[notice.org_id] = delegate_ids(notice.org)
            return member.pk in delegates[notice.org_id]
        return True

    return check


def record_read(*, notice: Notice, user) -> NoticeRead | None:
    """The first time someone in the audience opens a published notice (later opens change nothing)."""
    if not notice.is_published:
        return None
    member = member_of(user)
    if not in_audience(notice, member):
        return None
    existing = NoticeRead.objects.filter(notice=notice, user=user).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return NoticeRead.objects.create(
                org=notice.org, notice=notice, user=user, member=member, read_at=timezone.now()
            )
    except IntegrityError:  # opened twice at once
        return NoticeRead.objects.get(notice=notice, user=user)


def read_stats(notice: Notice) -> dict:
    """Audience size (members with an account), readers and the read rate; the unread by name."""
    audience = audience_members(notice).filter(user__isnull=False)
    read_users = set(NoticeRead.objects.filter(notice=notice).values_list("user_id", flat=True))
    total = audience.count()
    unread = [m for m in audience.select_related("org").order_by("name") if m.user_id not in read_users]
    read = total - len(unread)
    return {
        "total": total,
        "read": read,
        "rate": round(100 * read / total, 1) if total else None,
        "unread": unread,
        "without_account": audience_members(notice).filter(user__isnull=True).count(),
    }


@transaction.atomic
def remind_unread(*, notice: Notice, by) -> int:
    """Remind those in the audience who have not opened it: it is flagged on their phone page."""
    if notice.status != NoticeStatus.PUBLISHED:
        raise ValidationError("只有正在公开的事项才能提醒。")
    unread = len(read_stats(notice)["unread"])
    if unread == 0:
        raise ValidationError("公开范围内的职工都已阅读，无需提醒。")
    notice.reminded_at = timezone.now()
    notice.reminders += 1
    notice.save(update_fields=["reminded_at", "reminders", "updated_at"])
    return unread


@transaction.atomic
def add_opinion(*, notice: Notice, by, body: str, kind="opinion") -> Opinion:
    if not notice.is_published:
        raise ValidationError("该公开事项尚未发布。")
    member = member_of(by)
    if not in_audience(notice, member):
        raise ValidationError("您不在该公开事项的范围内，不能提意见。")
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "请填写意见内容。"})
    today = timezone.localdate()
    return Opinion.objects.create(
        org=notice.org,
        notice=notice,
        author=by,
        member=member,
        kind=kind,
        body=body,
        due_on=today + timedelta(days=params.opinion_reply_days()),
    )


@transaction.atomic
def reply_opinion(*, opinion: Opinion, by, reply: str) -> Opinion:
    reply = (reply or "").strip()
    if not reply:
        raise ValidationError({"reply": "请填写答复内容。"})
    if opinion.replied_at is not None:
        raise ValidationError("该意见已答复。")
    opinion.reply = reply
    opinion.replied_at = timezone.now()
    opinion.replied_by = by
    opinion.save(update_fields=["reply", "replied_at", "replied_by", "updated_at"])
    return opinion


@transaction.atomic
def save_rule(*, org: Org, by, kind, category, frequency, note="") -> PublishingRule:
    if org.kind != OrgKind.UNION:
        raise ValidationError("公开计划按基层工会制定。")
    rule, _ = PublishingRule.objects.update_or_create(
        org=org, kind=kind, category=category or "", defaults={"frequency": frequency, "note": note}
    )
    return rule


@transaction.atomic
def delete_rule(*, rule: PublishingRule, by) -> None:
    rule.delete()


# ---- suggestions and the mailbox ------------------------------------------------------------


def reply_due(channel, submitted_on: date) -> date:
    if channel == Channel.MAILBOX:
        return add_working_days(submitted_on, params.letter_reply_workdays())
    return submitted_on + timedelta(days=params.suggestion_reply_days())


def submit_suggestion(*, by, channel, title, body, anonymous=False, attachments=(), org=None) -> Suggestion:
    """A member's suggestion or letter. An anonymous letter stores no user, no member and writes no
    audit entry (an entry would carry the user and the IP address); its reference is the only key."""
    member = member_of(by)
    if member is None and org is None:
        raise ValidationError("您的账号没有关联会员档案，请联系工会。")
    if anonymous and channel != Channel.MAILBOX:
        raise ValidationError({"anonymous": "合理化建议需要署名（以便评审和奖励），匿名请使用工会信箱。"})
    title, body = (title or "").strip(), (body or "").strip()
    if not title or not body:
        raise ValidationError({"body": "请填写标题和内容。"})
    today = timezone.localdate()
    fields = {
        # To the union, never a group: a letter filed under a five-person group would half name its writer.
        "org": (member.org.union() or member.org) if member else org,
        "channel": channel,
        "title": title,
        "body": body,
        "anonymous": anonymous,
        "author": None if anonymous else by,
        "member": None if anonymous else member,
        "submitted_on": today,
        "due_on": reply_due(channel, today),
    }
    if anonymous:
        attachments = [_anonymised(stored, n) for n, stored in enumerate(attachments or (), start=1)]
        with disable_auditlog(), transaction.atomic():
            return _store_suggestion(fields, attachments)
    with transaction.atomic():
        return _store_suggestion(fields, attachments)


def _anonymised(stored: uploads.StoredFile, number: int) -> uploads.StoredFile:
    """An anonymous letter's attachment without what names its writer: the document's metadata
    (scrub.py) and the file's own name (「张三的材料.docx」 becomes 「附件1.docx」)."""
    stored.content.seek(0)
    data = stored.content.read()
    try:
        if stored.kind in scrub.OFFICE:
            uploads.check_archive(io.BytesIO(data), error=scrub.ScrubRefused)
        data = scrub.scrub(stored.kind, data)
    except scrub.ScrubRefused as refused:
        raise ValidationError({"attachments": f"「{stored.original_name}」：{refused}"}) from None
    extension = uploads.KINDS[stored.kind].extension
    return uploads.StoredFile(
        name=stored.name,
        content=ContentFile(data),
        kind=stored.kind,
        original_name=f"附件{number}.{extension}",
    )


def _store_suggestion(fields, attachments):
    for _ in range(5):
        try:
            with transaction.atomic():
                suggestion = Suggestion.objects.create(reference=new_reference(), **fields)
            break
        except IntegrityError:  # a reference drawn twice (one in 10^18)
            continue
    else:
        raise ValidationError("提交失败，请重试。")
    _attach(suggestion, attachments, SuggestionAttachment, "suggestion")
    return suggestion


def find_by_reference(reference: str) -> Suggestion | None:
    reference = (reference or "").strip().upper().replace(" ", "")
    if len(reference) != 12:
        return None
    return Suggestion.objects.filter(reference=reference).first()


DECISIONS = [SuggestionStatus.ADOPTED, SuggestionStatus.NOT_ADOPTED, SuggestionStatus.REFERRED]


@transaction.atomic
def evaluate_suggestion(
    *, suggestion: Suggestion, by, decision, reason="", department="", reply=""
) -> Suggestion:
    """评审: adopted / not adopted (a written reason is required, 条例 第十四条) / referred to a department."""
    if suggestion.channel != Channel.SUGGESTION:
        raise ValidationError("只有合理化建议需要评审。")
    if suggestion.status == SuggestionStatus.IMPLEMENTED:
        raise ValidationError("该建议已实施，不能再改评审结论。")
    if decision not in DECISIONS:
        raise ValidationError({"decision": "请选择评审结论。"})
    reason, department = (reason or "").strip(), (department or "").strip()
    if decision == SuggestionStatus.NOT_ADOPTED and not reason:
        raise ValidationError({"reason": "不采纳必须写明理由，理由将答复给建议人。"})
    if decision in (SuggestionStatus.ADOPTED, SuggestionStatus.REFERRED) and not department:
        raise ValidationError({"department": "采纳或转交的建议须指定承办部门。"})
    suggestion.status = decision
    suggestion.decision_reason = reason
    suggestion.department = department
    suggestion.evaluated_on = timezone.localdate()
    suggestion.reply = (reply or "").strip() or _default_reply(suggestion)
    suggestion.replied_at = suggestion.replied_at or timezone.now()
    suggestion.replied_by = suggestion.replied_by or by
    suggestion.save()
    return suggestion


def _default_reply(suggestion):
    text = f"评审结论：{suggestion.get_status_display()}。"
    if suggestion.department:
        text += f"承办部门：{suggestion.department}。"
    if suggestion.decision_reason:
        text += f"理由：{suggestion.decision_reason}"
    return text


@transaction.atomic
def record_implementation(
    *, suggestion: Suggestion, by, implemented_on, benefit=None, award=None
) -> Suggestion:
    if suggestion.status not in (SuggestionStatus.ADOPTED, SuggestionStatus.IMPLEMENTED):
        raise ValidationError("只有已采纳的建议才能登记实施。")
    if implemented_on > timezone.localdate():
        raise ValidationError({"implemented_on": "实施日期不能晚于今天。"})
    if suggestion.evaluated_on and implemented_on < suggestion.evaluated_on:
        raise ValidationError({"implemented_on": "实施日期不能早于采纳日期。"})
    for field, value in (("benefit", benefit), ("award", award)):
        if value is not None and value < 0:
            raise ValidationError({field: "金额不能为负数。"})
    suggestion.status = SuggestionStatus.IMPLEMENTED
    suggestion.implemented_on = implemented_on
    suggestion.benefit = benefit
    suggestion.award = award
    suggestion.save()
    return suggestion


@transaction.atomic
def answer_letter(*, suggestion: Suggestion, by, reply: str) -> Suggestion:
    if suggestion.channel != Channel.MAILBOX:
        raise ValidationError("合理化建议请通过评审答复。")
    reply = (reply or "").strip()
    if not reply:
        raise ValidationError({"reply": "请填写答复内容。"})
    suggestion.reply = reply
    suggestion.replied_at = timezone.now()
    suggestion.replied_by = by
    suggestion.status = SuggestionStatus.ANSWERED
    suggestion.save()
    return suggestion


def escalate_overdue_letters(*, today: date) -> int:
    """Mark every mailbox letter unanswered past its deadline (15 working days) as escalated today:
    the chair's overview and the upper federation's list and dashboard show it until it is answered.

    One UPDATE, no audit entries: it runs as the daily task with no user, and an entry per anonymous
    letter would only add rows that sit beside it; the escalation date is the record."""
    return Suggestion.objects.to_escalate(today).update(escalated_on=today, updated_at=timezone.now())


def rate_answer(*, suggestion: Suggestion, rating) -> Suggestion:
    """The writer rates the answer (满意/基本满意/不满意). For an anonymous letter nothing records who."""
    if suggestion.replied_at is None:
        raise ValidationError("尚未答复，暂不能评价。")
    if suggestion.rating:
        raise ValidationError("已经评价过了。")
    suggestion.rating = rating
    if suggestion.anonymous:
        with disable_auditlog(), transaction.atomic():
            suggestion.save(update_fields=["rating", "updated_at"])
    else:
        with transaction.atomic():
            suggestion.save(update_fields=["rating", "updated_at"])
    return suggestion
