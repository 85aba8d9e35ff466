from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.members.tests.factories import MemberFactory
from gonghui.metrics import registry
from gonghui.orgs.models import Role
from gonghui.orgs.tests.factories import make_org, make_user
from gonghui.voice import publishing, services
from gonghui.voice.models import (
    Audience,
    Category,
    Channel,
    Notice,
    NoticeKind,
    NoticeRead,
    NoticeStatus,
    Rating,
    Suggestion,
    SuggestionStatus,
)
from gonghui.voice.tests.factories import NoticeFactory, OpinionFactory, SuggestionFactory

# The rules here are about particular days (posting windows, 30-day replies, quarters): pinned to
# mid-June 2026 whatever the session clock says.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))),
]
SH = ZoneInfo("Asia/Shanghai")


def _notice(w, **fields):
    defaults = {
        "org": w.union_a,
        "by": w.chair_a,
        "kind": NoticeKind.VILLAGE,
        "category": Category.FINANCE,
        "title": "5月村务财务收支",
        "body": "<p>收入 1000 元</p>",
        "publish_from": date(2026, 6, 1),
        "publish_to": date(2026, 6, 15),
        "publish": True,
    }
    return services.create_notice(**{**defaults, **fields})


def test_body_is_sanitised_and_script_only_body_refused(world):
    notice = _notice(
        world,
        body='<p onclick="steal()">账目</p><script>alert(1)</script><a href="javascript:x()">看</a><img src=x onerror=alert(2)>',
    )
    assert "script" not in notice.body and "onclick" not in notice.body and "javascript" not in notice.body
    assert "onerror" not in notice.body and "<p>账目</p>" in notice.body
    with pytest.raises(ValidationError) as error:
        _notice(world, body="<script>alert(1)</script>")
    assert "body" in error.value.message_dict


def test_posting_period_at_least_the_minimum_days_counted_inclusively(world):
    with pytest.raises(ValidationError) as error:
        _notice(world, publish_to=date(2026, 6, 14))  # 14 days
    assert "15天" in error.value.message_dict["publish_to"][0]
    assert _notice(world, publish_to=date(2026, 6, 15)).days_posted == 15


def test_withdrawn_early_is_kept_with_reason_and_not_posted_long_enough(world):
    notice = _notice(world)
    services.withdraw_notice(
        notice=notice, by=world.chair_a, reason="数字有误，更正后重发", on=date(2026, 6, 5)
    )
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.WITHDRAWN and notice.withdraw_reason.startswith("数字有误")
    assert notice.days_posted == 5 and not notice.posted_long_enough
    with pytest.raises(ValidationError):
        services.withdraw_notice(notice=notice, by=world.chair_a, reason="再撤一次")


def test_read_receipts_only_for_the_audience_and_once(world):
    notice = _notice(world)
    other = MemberFactory(org=world.union_a, user=make_user("member_a2", Role.MEMBER, world.union_a))
    stats = services.read_stats(notice)
    assert (stats["total"], stats["read"]) == (2, 0)
    first = services.record_read(notice=notice, user=world.member_a)
    again = services.record_read(notice=notice, user=world.member_a)
    assert first.pk == again.pk and NoticeRead.objects.count() == 1
    assert services.record_read(notice=notice, user=world.chair_a) is None  # not a member: no receipt
    stats = services.read_stats(notice)
    assert stats["read"] == 1 and stats["rate"] == 50.0 and [m.pk for m in stats["unread"]] == [other.pk]
    assert services.remind_unread(notice=notice, by=world.chair_a) == 1
    notice.refresh_from_db()
    assert notice.reminders == 1


def test_group_and_women_audiences(world):
    other_group = make_org(world.union_a, code="group-a2", name="第二小组", kind="group")
    outsider = make_user("member_g2", Role.MEMBER, world.union_a)
    MemberFactory(org=other_group, user=outsider, gender="F")
    group_notice = _notice(world, audience=Audience.GROUP, audience_group=world.group_a)
    assert services.record_read(notice=group_notice, user=outsider) is None
    assert services.record_read(notice=group_notice, user=world.member_a) is not None
    women = _notice(world, audience=Audience.WOMEN)
    assert services.in_audience(women, services.member_of(outsider))
    with pytest.raises(ValidationError):
        _notice(world, audience=Audience.GROUP, audience_group=None)
    with pytest.raises(ValidationError):  # a group of another union
        _notice(
            world,
            audience=Audience.GROUP,
            audience_group=make_org(world.union_b, code="gb", name="乙组", kind="group"),
        )


def test_draft_gets_no_receipt_and_no_opinion(world):
    draft = _notice(world, publish=False)
    assert services.record_read(notice=draft, user=world.member_a) is None
    with pytest.raises(ValidationError):
        services.add_opinion(notice=draft, by=world.member_a, body="意见")


def test_opinion_deadline_overdue_and_late_reply(world, time_machine):
    notice = _notice(world)
    opinion = services.add_opinion(notice=notice, by=world.member_a, body="5月支出明细能否再细一些？")
    assert opinion.due_on == date(2026, 7, 15)  # 30 days after 15 June
    assert not opinion.is_overdue(date(2026, 7, 15)) and opinion.is_overdue(date(2026, 7, 16))
    time_machine.move_to(datetime(2026, 7, 20, 9, 0, tzinfo=SH))
    assert list(type(opinion).objects.overdue(date(2026, 7, 20))) == [opinion]
    services.reply_opinion(opinion=opinion, by=world.chair_a, reply="已补充明细。")
    opinion.refresh_from_db()
    assert opinion.replied_late
    with pytest.raises(ValidationError):
        services.reply_opinion(opinion=opinion, by=world.chair_a, reply="再答一次")


def test_outsider_cannot_comment(world):
    notice = _notice(world)
    stranger = make_user("member_b", Role.MEMBER, world.union_b)
    MemberFactory(org=world.union_b, user=stranger)
    with pytest.raises(ValidationError):
        services.add_opinion(notice=notice, by=stranger, body="我也有意见")


# ---- the publishing plan --------------------------------------------------------------------


def test_village_plan_monthly_finances_and_quarterly_affairs(world):
    # union_a is a village: finances monthly, village affairs quarterly (rule 16).
    NoticeFactory(org=world.union_a, kind=NoticeKind.VILLAGE, category=Category.FINANCE,
                  publish_from=date(2026, 5, 10), publish_to=date(2026, 5, 24))  # fmt: skip
    short = NoticeFactory(org=world.union_a, kind=NoticeKind.VILLAGE, category=Category.FINANCE,
                          publish_from=date(2026, 4, 10), publish_to=date(2026, 4, 30))  # fmt: skip
    services.withdraw_notice(notice=short, by=world.chair_a, reason="撤回", on=date(2026, 4, 12))
    dues = publishing.due_publications(world.fed.subtree(), date(2026, 1, 1), date(2026, 12, 31))
    mine = {d.label: d for d in dues if d.org_id == world.union_a.pk}
    assert mine["村务公开·财务收支（2026年5月）"].on_time
    assert not mine["村务公开·财务收支（2026年4月）"].on_time  # withdrawn after 3 days does not count
    assert mine["村务公开（2026年第2季度）"].on_time  # the May finances are village affairs too
    assert mine["村务公开（2026年第1季度）"].status(date(2026, 6, 15)) == "overdue"
    assert mine["村务公开·财务收支（2026年6月）"].status(date(2026, 6, 15)) == "pending"
    school = [d for d in dues if d.org_id == world.union_b.pk]
    assert [d.label for d in school][:1] == ["校务公开（2026年第1季度）"] and len(school) == 4


def test_open_affairs_rate_counts_due_and_done(world):
    NoticeFactory(org=world.union_b, kind=NoticeKind.SCHOOL, category=Category.AWARDS,
                  publish_from=date(2026, 2, 1), publish_to=date(2026, 2, 20))  # fmt: skip
    value = registry.compute(
        "democracy.open_affairs_rate", world.union_b, date(2026, 1, 1), date(2026, 12, 31)
    )
    assert (value.numerator, value.denominator) == (1, 1)  # Q1 done; Q2 not yet due on 15 June
    NoticeFactory(
        org=world.union_b, kind=NoticeKind.SCHOOL, publish_from=date(2026, 6, 1), publish_to=date(2026, 6, 20)
    )
    value = registry.compute(
        "democracy.open_affairs_rate", world.union_b, date(2026, 1, 1), date(2026, 12, 31)
    )
    assert (value.numerator, value.denominator) == (2, 2)  # Q2 done early counts


def test_own_rules_replace_the_defaults_and_sources_plug_in(world):
    services.save_rule(
        org=world.union_b, by=world.chair_b, kind=NoticeKind.SCHOOL, category="", frequency="yearly"
    )
    dues = publishing.due_publications(world.union_b.subtree(), date(2026, 1, 1), date(2026, 12, 31))
    assert [d.label for d in dues] == ["校务公开（2026年）"]

    def congress(orgs, start, end):
        return [
            publishing.Due(
                org_id=world.union_b.pk,
                org_name="乙",
                label="职代会议程",
                due_on=date(2026, 3, 1),
                done_on=None,
            )
        ]

    publishing.register_due_source(congress)
    publishing.register_due_source(congress)  # a re-import does not count twice
    try:
        dues = publishing.due_publications(world.union_b.subtree(), date(2026, 1, 1), date(2026, 12, 31))
        assert [d.label for d in dues] == ["职代会议程", "校务公开（2026年）"]
        value = registry.compute(
            "democracy.open_affairs_rate", world.union_b, date(2026, 1, 1), date(2026, 12, 31)
        )
        assert (value.numerator, value.denominator) == (0, 1)
    finally:
        publishing._SOURCES.remove(congress)


def test_notices_published_by_category(world):
    NoticeFactory(org=world.union_a, category=Category.FINANCE)
    NoticeFactory(org=world.union_a, category=Category.WELFARE)
    NoticeFactory(org=world.union_a, category=Category.WELFARE, status=NoticeStatus.DRAFT)
    args = (world.fed, date(2026, 1, 1), date(2026, 12, 31))
    assert registry.compute("democracy.notices_published", *args).value == 2
    assert registry.compute("democracy.notices_published.welfare", *args).value == 1


# ---- suggestions and the mailbox --------------------------------------------------------------


def test_anonymous_letter_names_nobody_in_the_database(world):
    letter = services.submit_suggestion(
        by=world.member_a, channel=Channel.MAILBOX, title="食堂卫生", body="后厨卫生差。", anonymous=True
    )
    row = Suggestion.objects.values().get(pk=letter.pk)
    assert row["author_id"] is None and row["member_id"] is None and row["anonymous"]
    assert len(row["reference"]) == 12
    assert row["org_id"] == world.union_a.pk  # it reaches the writer's union
    kind = ContentType.objects.get_for_model(Suggestion)
    assert not LogEntry.objects.filter(content_type=kind, object_pk=str(letter.pk)).exists()
    assert not LogEntry.objects.filter(actor=world.member_a).exists()
    assert services.find_by_reference(letter.reference.lower()) == letter
    services.answer_letter(suggestion=letter, by=world.chair_a, reply="已督促整改。")
    services.rate_answer(suggestion=Suggestion.objects.get(pk=letter.pk), rating=Rating.SATISFIED)
    assert not LogEntry.objects.filter(actor=world.member_a).exists()
    # The union's answer is on the record; the writing and the rating are not.
    assert LogEntry.objects.filter(content_type=kind, object_pk=str(letter.pk)).count() == 1


def test_a_suggestion_cannot_be_anonymous(world):
    with pytest.raises(ValidationError):
        services.submit_suggestion(
            by=world.member_a, channel=Channel.SUGGESTION, title="t", body="b", anonymous=True
        )


@pytest.mark.time_machine(datetime(2026, 9, 30, 9, 0, tzinfo=SH))
def test_letter_deadline_in_working_days_across_national_day(world):
    letter = services.submit_suggestion(
        by=world.member_a, channel=Channel.MAILBOX, title="加班费", body="国庆加班费怎么算？"
    )
    # 1–7 October are holidays and Saturday 10 October is a working day (调休): the 15th working day is 27 October.
    assert letter.due_on == date(2026, 10, 27)
    assert services.add_working_days(date(2099, 1, 1), 5) == date(2099, 1, 8)  # beyond the calendar: weekdays


def test_suggestion_evaluation_flow_and_adoption_rate(world):
    adopted = services.submit_suggestion(
        by=world.member_a, channel=Channel.SUGGESTION, title="LED", body="换灯"
    )
    assert adopted.due_on == date(2026, 8, 14)
    with pytest.raises(ValidationError) as error:
        services.evaluate_suggestion(suggestion=adopted, by=world.chair_a, decision=SuggestionStatus.ADOPTED)
    assert "department" in error.value.message_dict
    services.evaluate_suggestion(
        suggestion=adopted, by=world.chair_a, decision=SuggestionStatus.ADOPTED, department="设备科"
    )
    assert adopted.replied_at is not None and "设备科" in adopted.reply
    services.record_implementation(
        suggestion=adopted,
        by=world.chair_a,
        implemented_on=date(2026, 6, 15),
        benefit=Decimal("12000"),
        award=Decimal("500"),
    )
    assert adopted.status == SuggestionStatus.IMPLEMENTED
    rejected = SuggestionFactory(org=world.union_a, submitted_on=date(2026, 6, 1))
    with pytest.raises(ValidationError) as error:
        services.evaluate_suggestion(
            suggestion=rejected, by=world.chair_a, decision=SuggestionStatus.NOT_ADOPTED
        )
    assert "reason" in error.value.message_dict
    services.evaluate_suggestion(
        suggestion=rejected, by=world.chair_a, decision=SuggestionStatus.NOT_ADOPTED, reason="成本过高"
    )
    SuggestionFactory(org=world.union_a, submitted_on=date(2026, 6, 2))  # not yet evaluated
    args = (world.union_a, date(2026, 1, 1), date(2026, 12, 31))
    assert registry.compute("democracy.suggestions", *args).value == 3
    rate = registry.compute("democracy.suggestion_adoption_rate", *args)
    assert (rate.numerator, rate.denominator) == (1, 2)


def test_mailbox_on_time_rate(world, time_machine):
    on_time = SuggestionFactory(
        org=world.union_a, channel=Channel.MAILBOX, submitted_on=date(2026, 5, 1), due_on=date(2026, 5, 22)
    )
    late = SuggestionFactory(
        org=world.union_a, channel=Channel.MAILBOX, submitted_on=date(2026, 5, 2), due_on=date(2026, 5, 25)
    )
    SuggestionFactory(
        org=world.union_a, channel=Channel.MAILBOX, submitted_on=date(2026, 6, 10), due_on=date(2026, 7, 1)
    )
    time_machine.move_to(datetime(2026, 5, 20, 9, 0, tzinfo=SH))
    services.answer_letter(suggestion=on_time, by=world.chair_a, reply="答复")
    time_machine.move_to(datetime(2026, 6, 15, 10, 0, tzinfo=SH))
    services.answer_letter(suggestion=late, by=world.chair_a, reply="迟到的答复")
    rate = registry.compute(
        "democracy.mailbox_on_time_rate", world.union_a, date(2026, 1, 1), date(2026, 12, 31)
    )
    assert (rate.numerator, rate.denominator) == (1, 2)  # the July one is not due yet


def test_attachment_that_is_not_what_it_claims_is_refused(world):
    fake = SimpleUploadedFile(
        "账目.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    with pytest.raises(ValidationError):
        services.accept_attachment(fake)
    good = services.accept_attachment(
        SimpleUploadedFile("账目.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    )
    notice = _notice(world, attachments=[good])
    attachment = notice.attachments.get()
    assert attachment.name == "账目.pdf" and not attachment.file.name.endswith("账目.pdf")


def test_opinion_factory_and_overdue_queryset(world):
    opinion = OpinionFactory(org=world.union_a, due_on=date(2026, 6, 1))
    assert list(type(opinion).objects.overdue(date(2026, 6, 15))) == [opinion]
    assert Notice.objects.showing(date(2026, 6, 15)).filter(pk=opinion.notice_id).exists()
