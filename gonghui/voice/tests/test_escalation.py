"""Mailbox letters past their 15-working-day deadline are escalated by the daily task: counted across
the National Day holiday (chinese-calendar), shown to the chair and flagged to the federation."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from gonghui.voice import services, tasks
from gonghui.voice.models import Channel, Suggestion

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
# 2026-09-25 is the Mid-Autumn holiday; 1–7 October National Day, with Sunday 11 October worked.
SUBMITTED = datetime(2026, 9, 25, 9, 0, tzinfo=SH)
DUE = date(2026, 10, 22)  # 15 working days; counting Monday–Friday only would say 16 October


def _letter(w, *, anonymous=False, channel=Channel.MAILBOX):
    with time_machine.travel(SUBMITTED, tick=False):
        return services.submit_suggestion(
            by=w.member_a, channel=channel, title="食堂排队太久", body="午饭要排半小时。", anonymous=anonymous
        )


def test_the_deadline_skips_the_holidays_and_escalation_waits_for_it(world):
    letter = _letter(world)
    assert letter.due_on == DUE
    assert services.escalate_overdue_letters(today=date(2026, 10, 17)) == 0  # past a weekdays-only count
    assert services.escalate_overdue_letters(today=DUE) == 0  # the last day is still in time
    assert services.escalate_overdue_letters(today=date(2026, 10, 23)) == 1
    letter.refresh_from_db()
    assert letter.escalated_on == date(2026, 10, 23)
    assert services.escalate_overdue_letters(today=date(2026, 10, 26)) == 0  # once
    letter.refresh_from_db()
    assert letter.escalated_on == date(2026, 10, 23)


def test_answered_letters_and_suggestions_are_not_escalated(world):
    answered = _letter(world)
    services.answer_letter(suggestion=answered, by=world.chair_a, reply="已增加窗口。")
    _letter(world, channel=Channel.SUGGESTION)  # a suggestion's 60-day clock is not the mailbox's
    assert services.escalate_overdue_letters(today=date(2026, 10, 23)) == 0


def test_an_anonymous_letter_is_escalated_and_stays_unlinkable(world):
    letter = _letter(world, anonymous=True)
    with time_machine.travel(datetime(2026, 10, 23, 2, 0, tzinfo=SH), tick=False):
        tasks.escalate_letters.enqueue()  # the daily task (immediate backend under test)
    row = Suggestion.objects.values().get(pk=letter.pk)
    assert row["escalated_on"] == date(2026, 10, 23)
    assert row["author_id"] is None and row["member_id"] is None
    kind = ContentType.objects.get_for_model(Suggestion)
    assert not LogEntry.objects.filter(content_type=kind, object_pk=str(letter.pk)).exists()


def test_the_daily_scheduler_runs_it():
    assert "gonghui.voice.tasks.escalate_letters" in settings.GONGHUI_DAILY_TASKS


def test_the_chair_and_the_federation_see_it(world, login):
    letter = _letter(world, anonymous=True)
    services.escalate_overdue_letters(today=date(2026, 10, 23))
    with time_machine.travel(datetime(2026, 10, 23, 10, 0, tzinfo=SH), tick=True):
        chair = login(world.chair_a)
        assert "已上报上级工会" in chair.get(reverse("plans:dashboard")).content.decode()
        listed = chair.get(reverse("voice:suggestion_list", args=["union-a"]) + "?status=escalated")
        assert letter.title in listed.content.decode() and "已上报" in listed.content.decode()
        for user in (world.fed_admin, world.fed_viewer):  # the viewer sees the count, never the letter
            client = login(user)
            board = client.get(reverse("plans:org_dashboard", args=["fed"])).content.decode()
            assert "下属工会有 1 封工会信箱来信" in board
            overview = client.get(reverse("voice:overview", args=["fed"])).content.decode()
            assert "甲村工会" in overview.split('data-testid="escalated"')[1]
        assert letter.title not in overview
        other = login(world.chair_b).get(reverse("plans:dashboard")).content.decode()
        assert "工会信箱来信" not in other
