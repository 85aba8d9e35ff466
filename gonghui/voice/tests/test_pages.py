from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.metrics import synonyms
from gonghui.reports import registry as reports
from gonghui.voice.models import Channel, Notice, NoticeRead, NoticeStatus, Opinion, Suggestion
from gonghui.voice.tests.factories import NoticeFactory, SuggestionFactory
from gonghui.voice.views import REFS_COOKIE

# The rules here are about particular days (posting windows, 30-day replies, quarters): pinned to
# mid-June 2026 whatever the session clock says.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))),
]


def _form(**fields):
    data = {
        "kind": "village",
        "category": "finance",
        "title": "5月财务收支公开",
        "body": "<p>收入</p><script>alert(1)</script>",
        "audience": "all",
        "publish_from": "2026-06-15",
        "publish_to": "2026-06-29",
        "publish": "on",
    }
    return {**data, **fields}


def test_chair_publishes_with_sanitised_body_and_the_print_copy_has_a_qr(world, login):
    client = login(world.chair_a)
    response = client.post(reverse("voice:notice_create", args=["union-a"]), _form())
    notice = Notice.objects.get()
    assert response.status_code == 302 and notice.status == NoticeStatus.PUBLISHED
    assert "<script>" not in notice.body
    page = client.get(reverse("voice:notice_print", args=[notice.pk]))
    assert page.status_code == 200 and b"data:image/svg+xml" in page.content


def test_bad_input_gets_chinese_messages(world, login):
    client = login(world.chair_a)
    short = client.post(reverse("voice:notice_create", args=["union-a"]), _form(publish_to="2026-06-20"))
    assert short.status_code == 200 and "公开期不得少于15天" in short.content.decode()
    fake = SimpleUploadedFile("名单.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    refused = client.post(reverse("voice:notice_create", args=["union-a"]), _form(attachments=fake))
    assert refused.status_code == 200 and Notice.objects.count() == 0
    assert "附件" in refused.content.decode()
    wrong_year = client.post(
        reverse("voice:notice_create", args=["union-a"]), _form(publish_from="1900-01-01")
    )
    assert wrong_year.status_code == 200


def test_member_reads_comments_and_the_union_replies(world, login):
    notice = NoticeFactory(
        org=world.union_a, kind="village", publish_from=date(2026, 6, 10), publish_to=date(2026, 6, 30)
    )
    member = login(world.member_a)
    home = member.get(reverse("voice:me"))
    assert notice.title in home.content.decode()
    assert member.get(reverse("voice:notice", args=[notice.pk])).status_code == 200
    assert NoticeRead.objects.filter(notice=notice, user=world.member_a).exists()
    member.post(reverse("voice:opinion_add", args=[notice.pk]), {"kind": "objection", "body": "名单有误"})
    opinion = Opinion.objects.get()
    assert opinion.member == world.member_a_record and opinion.due_on == date(2026, 7, 15)
    chair = login(world.chair_a)
    page = chair.get(reverse("voice:notice", args=[notice.pk])).content.decode()
    assert "阅读率 100.0%" in page and "名单有误" in page
    chair.post(reverse("voice:opinion_reply", args=[opinion.pk]), {"reply": "已核实更正"})
    member = login(world.member_a)
    assert "已核实更正" in member.get(reverse("voice:notice", args=[notice.pk])).content.decode()


def test_members_do_not_see_drafts_or_other_unions(world, login):
    draft = NoticeFactory(org=world.union_a, status=NoticeStatus.DRAFT)
    foreign = NoticeFactory(org=world.union_b)
    member = login(world.member_a)
    assert member.get(reverse("voice:notice", args=[draft.pk])).status_code == 404
    assert member.get(reverse("voice:notice", args=[foreign.pk])).status_code == 404
    assert member.get(reverse("voice:overview", args=["union-a"])).status_code == 403
    assert member.get(reverse("voice:index")).url == reverse("voice:me")
    chair_b = login(world.chair_b)
    assert chair_b.get(reverse("voice:notice", args=[draft.pk])).status_code == 404


def test_anonymous_letter_through_the_phone_leaves_no_trace_of_the_writer(world, login):
    member = login(world.member_a)
    response = member.post(
        reverse("voice:write"),
        {"channel": "mailbox", "title": "领导作风", "body": "某科长经常迟到。", "anonymous": "on"},
        REMOTE_ADDR="10.1.2.3",
    )
    letter = Suggestion.objects.get()
    assert response.status_code == 200 and letter.reference in response.content.decode()
    assert letter.author_id is None and letter.member_id is None
    assert not LogEntry.objects.filter(object_pk=str(letter.pk)).exists()
    assert not LogEntry.objects.filter(remote_addr="10.1.2.3").exists()
    assert not LogEntry.objects.filter(actor=world.member_a).exists()
    # The chair sees the letter but not who wrote it.
    chair = login(world.chair_a)
    page = chair.get(reverse("voice:suggestion", args=[letter.pk])).content.decode()
    assert "匿名" in page and "甲会员" not in page and letter.reference not in page
    chair.post(reverse("voice:letter_answer", args=[letter.pk]), {"reply": "已约谈该科长。"})
    # The writer comes back with the reference (and the phone remembers it).
    member = login(world.member_a)
    member.cookies[REFS_COOKIE] = response.cookies[REFS_COOKIE].value
    assert "已约谈该科长" in member.get(reverse("voice:me")).content.decode()
    found = member.post(reverse("voice:lookup"), {"reference": letter.reference, "rating": "satisfied"})
    assert "已约谈该科长" in found.content.decode()
    letter.refresh_from_db()
    assert letter.rating == "satisfied"
    assert not LogEntry.objects.filter(actor=world.member_a).exists()
    wrong = member.post(reverse("voice:lookup"), {"reference": "AAAAAAAAAAAA"})
    assert "查询码不正确" in wrong.content.decode()


def test_suggestion_evaluated_on_the_page(world, login):
    member = login(world.member_a)
    member.post(reverse("voice:write"), {"channel": "suggestion", "title": "节能", "body": "换LED"})
    suggestion = Suggestion.objects.get(channel=Channel.SUGGESTION)
    chair = login(world.chair_a)
    refused = chair.post(
        reverse("voice:suggestion_evaluate", args=[suggestion.pk]), {"decision": "not_adopted"}
    )
    assert refused.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == "submitted"
    chair.post(
        reverse("voice:suggestion_evaluate", args=[suggestion.pk]),
        {"decision": "adopted", "department": "设备科"},
    )
    chair.post(
        reverse("voice:suggestion_implement", args=[suggestion.pk]),
        {"implemented_on": "2026-06-15", "benefit": "8000", "award": "300"},
    )
    suggestion.refresh_from_db()
    assert suggestion.status == "implemented" and suggestion.award == 300
    assert "设备科" in login(world.member_a).get(reverse("voice:me")).content.decode()


def test_pages_per_role(world, login):
    NoticeFactory(org=world.union_a)
    SuggestionFactory(org=world.union_a)
    for user, code, ok in [
        (world.chair_a, "union-a", 200),
        (world.fed_viewer, "fed", 200),
        (world.group_leader_a, "group-a", 200),
        (world.chair_b, "union-a", 404),
    ]:
        client = login(user)
        for name in ("voice:overview", "voice:notice_list", "voice:plan"):
            assert client.get(reverse(name, args=[code])).status_code == ok, (user, name)
    assert login(world.fed_viewer).get(reverse("voice:suggestion_list", args=["fed"])).status_code == 403
    assert login(world.officer_a).get(reverse("voice:suggestion_list", args=["union-a"])).status_code == 200


def test_plan_rules_saved_by_the_chair(world, login):
    chair = login(world.chair_a)
    chair.post(
        reverse("voice:plan", args=["union-a"]),
        {"kind": "union", "category": "union_funds", "frequency": "half_yearly"},
    )
    page = chair.get(reverse("voice:plan", args=["union-a"])).content.decode()
    assert "会务公开·工会经费（2026年上半年）" in page


def test_api_member_reads_and_submits(world, login):
    notice = NoticeFactory(org=world.union_a)
    member = login(world.member_a)
    listed = member.get("/api/voice/me/notices").json()
    assert [n["id"] for n in listed] == [str(notice.pk)]
    assert member.get(f"/api/voice/notices/{notice.pk}").status_code == 200
    assert NoticeRead.objects.filter(notice=notice).count() == 1
    made = member.post(
        "/api/voice/me/suggestions",
        {"channel": "mailbox", "title": "t", "body": "b", "anonymous": True},
        content_type="application/json",
    )
    assert made.status_code == 201 and len(made.json()["reference"]) == 12
    bad = member.post(
        "/api/voice/me/suggestions",
        {"channel": "suggestion", "title": "t", "body": "b", "anonymous": True},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "匿名" in bad.json()["detail"]
    assert member.get("/api/voice/union-a/suggestions").status_code == 403
    assert (
        login(world.chair_a)
        .get("/api/voice/union-a/summary")
        .json()["figures"]["democracy.notices_published"]
        == 1
    )


def test_registries_name_the_keys_the_plans_and_rubrics_use(world):
    assert synonyms.match_metric_key("校务公开100%") == "democracy.open_affairs_rate"
    assert synonyms.is_measurable("democracy.open_affairs_rate")
    assert {"democracy.notice", "democracy.suggestion", "democracy.letter"} <= {
        e.key for e in reports.evidence_types()
    }
    books = {ledger.book for ledger in reports.ledgers()}
    assert {"公开登记簿", "合理化建议簿", "职工来信来访登记簿"} <= books


def test_ledgers_build(world, tmp_path):
    NoticeFactory(org=world.union_a)
    SuggestionFactory(org=world.union_a, channel=Channel.MAILBOX, anonymous=True, author=None, member=None)
    for key in ("voice.notices", "voice.suggestions", "voice.letters"):
        ledger = reports.ledger(key)
        out = tmp_path / f"{key}.xlsx"
        ledger.build(orgs=world.fed.subtree(), year=2026, fmt="xlsx", out=out, by=world.chair_a)
        assert out.read_bytes()[:2] == b"PK"
    assert reports.ledger("voice.letters").count(world.fed.subtree(), 2026) == 1


def test_overdue_answers_reach_the_federation(world, login):
    SuggestionFactory(org=world.union_a, channel=Channel.MAILBOX, title="宿舍漏水", due_on=date(2026, 6, 1))
    page = login(world.fed_admin).get(reverse("voice:overview", args=["fed"])).content.decode()
    assert "下级工会超期未答复（督办）" in page and "宿舍漏水" in page


def test_a_member_who_left_can_no_longer_write(world, login):
    world.member_a_record.status = "left"
    world.member_a_record.save()
    member = login(world.member_a)
    assert member.get(reverse("voice:write")).status_code == 404
    assert "没有关联会员档案" in member.get(reverse("voice:me")).content.decode()


def test_a_draft_is_edited_then_published_and_a_published_one_is_not(world, login):
    chair = login(world.chair_a)
    chair.post(reverse("voice:notice_create", args=["union-a"]), _form(publish=""))
    notice = Notice.objects.get()
    assert notice.status == NoticeStatus.DRAFT
    assert "5月财务收支公开" in chair.get(reverse("voice:notice_edit", args=[notice.pk])).content.decode()
    chair.post(reverse("voice:notice_edit", args=[notice.pk]), _form(title="5月财务收支（更正）"))
    notice.refresh_from_db()
    assert notice.title == "5月财务收支（更正）" and notice.status == NoticeStatus.PUBLISHED
    assert chair.get(reverse("voice:notice_edit", args=[notice.pk])).status_code == 302
    assert login(world.member_a).get(reverse("voice:notice_edit", args=[notice.pk])).status_code in (403, 404)


def test_a_federation_notice_reaches_members_below_and_counts_them(world, login):
    notice = NoticeFactory(org=world.fed, kind="union", title="县总工会经费收支公开")
    member = login(world.member_a)
    assert "县总工会经费收支公开" in member.get(reverse("voice:me")).content.decode()
    assert member.get(reverse("voice:notice", args=[notice.pk])).status_code == 200
    page = login(world.fed_admin).get(reverse("voice:notice", args=[notice.pk])).content.decode()
    assert "已读 1 / 1 人" in page
