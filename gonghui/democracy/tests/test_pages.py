"""Pages and API per role: officers run the congress, a delegate checks in, votes and files a proposal
on the phone, a plain member sees sessions but not the roster, bad input gets a Chinese message."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.democracy import services
from gonghui.democracy.models import CheckIn, Congress, Proposal, VoteStatus
from gonghui.democracy.tests.conftest import seat

pytestmark = pytest.mark.django_db


def test_officer_pages_render(login, congress_world):
    w = congress_world
    client = login(w.chair_a)
    for url in [
        reverse("democracy:overview", args=["union-a"]),
        reverse("democracy:congress", args=[w.congress.pk]),
        reverse("democracy:session", args=[w.session.pk]),
        reverse("democracy:checkin", args=[w.session.pk]),
        reverse("democracy:checkin_qr", args=[w.session.pk]),
        reverse("democracy:handling_report", args=[w.session.pk]),
        reverse("democracy:proposal_list", args=["union-a"]),
        reverse("democracy:congress_create", args=["union-a"]),
        reverse("democracy:delegate_create", args=[w.congress.pk]),
        reverse("democracy:vote_create", args=[w.item.pk]),
    ]:
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("democracy:congress", args=[w.congress.pk])).content.decode()
    assert "会员(职工)代表名册" in page and "中层以上管理人员不超过20%" in page


def test_bad_congress_input_gets_a_chinese_message(login, world):
    client = login(world.chair_a)
    response = client.post(
        reverse("democracy:congress_create", args=["union-a"]),
        {"kind": "workers", "term_number": "1", "starts_on": "2026-01-01", "ends_on": "2027-01-01",
         "materials_lead_days": "7", "managers_cap_pct": "20", "teachers_min_pct": "60", "seconders_min": "2",
         "reply_days": "90", "report_working_days": "7"},
    )  # fmt: skip
    assert response.status_code == 200 and "每届任期为三至五年" in response.content.decode()
    assert not Congress.objects.exists()


def test_a_delegate_checks_in_and_votes_through_the_pages(login, congress_world):
    w = congress_world
    for d in w.delegates[:4]:
        services.check_in(session=w.session, delegate=d, by=w.chair_a)
    vote = services.create_vote(item=w.item)
    client = login(w.member_a)  # member_a is the sixth delegate
    client.post(reverse("democracy:checkin", args=[w.session.pk]))
    assert CheckIn.objects.filter(session=w.session, delegate__member__user=w.member_a, by_self=True).exists()
    login(w.chair_a).post(reverse("democracy:vote_open", args=[vote.pk]))
    vote.refresh_from_db()
    assert vote.status == VoteStatus.OPEN
    client = login(w.member_a)
    page = client.get(reverse("democracy:vote", args=[vote.pk])).content.decode()
    assert 'data-testid="cast"' in page
    yes = vote.option_rows()[0]
    response = client.post(reverse("democracy:vote_cast", args=[vote.pk]), {"option": yes.pk}, follow=True)
    assert "您的票已投出" in response.content.decode()
    response = client.post(reverse("democracy:vote_cast", args=[vote.pk]), {"option": yes.pk}, follow=True)
    assert "只能投一次" in response.content.decode()
    login(w.chair_a).post(reverse("democracy:vote_close", args=[vote.pk]))
    page = login(w.member_a).get(reverse("democracy:vote_print", args=[vote.pk])).content.decode()
    assert "表决结果" in page and "至少需4票" in page


def test_opening_below_quorum_is_refused_with_a_message(login, congress_world):
    w = congress_world
    vote = services.create_vote(item=w.item)
    response = login(w.chair_a).post(reverse("democracy:vote_open", args=[vote.pk]), follow=True)
    assert "不能开始表决" in response.content.decode()


def test_a_delegate_files_a_proposal_and_a_member_cannot_see_the_roster(login, congress_world):
    w = congress_world
    client = login(w.member_a)
    response = client.post(
        reverse("democracy:proposal_create", args=[w.session.pk]),
        {"title": "增设休息室", "reasons": "无处休息", "suggestion": "二楼设休息室"},
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and proposal.proposer.member.user == w.member_a
    assert client.get(reverse("democracy:proposal", args=[proposal.pk])).status_code == 200
    assert client.get(reverse("democracy:congress", args=[w.congress.pk])).status_code == 403
    assert client.get(reverse("democracy:checkin", args=[w.session.pk])).status_code == 403
    # another delegate's proposal is not theirs to see
    other = services.draft_proposal(
        session=w.session, delegate=w.delegates[0], by=w.chair_a, title="其他", reasons="r", suggestion="s"
    )
    assert client.get(reverse("democracy:proposal", args=[other.pk])).status_code == 404


def test_a_non_delegate_gets_a_message_not_a_500(login, congress_world):
    w = congress_world
    response = login(w.officer_a).post(
        reverse("democracy:proposal_create", args=[w.session.pk]),
        {"title": "t", "reasons": "r", "suggestion": "s"},
    )
    assert response.status_code == 200 and "只有本届代表可以提出提案" in response.content.decode()


def test_api_ballot_and_results(login, congress_world):
    w = congress_world
    for d in w.delegates:
        services.check_in(session=w.session, delegate=d, by=w.chair_a)
    vote = services.create_vote(item=w.item)
    services.open_vote(vote=vote, by=w.chair_a)
    client = login(w.member_a)
    yes = vote.option_rows()[0]
    url = f"/api/democracy/votes/{vote.pk}/ballot"
    assert client.post(url, {"option_id": str(yes.pk)}, content_type="application/json").status_code == 201
    again = client.post(url, {"option_id": str(yes.pk)}, content_type="application/json")
    assert again.status_code == 422 and "只能投一次" in again.json()["detail"]
    assert login(w.chair_a).post(f"/api/democracy/votes/{vote.pk}/close").json()["options"][0]["count"] == 1
    sessions = client.get("/api/democracy/union-a/sessions").json()
    assert sessions[0]["present"] == 6 and sessions[0]["quorate"]


def test_ledgers_build(congress_world, tmp_path):
    from gonghui.reports.registry import ledger

    w = congress_world
    services.close_session(session=w.session)
    orgs = w.union_a.subtree()
    for key, name in [("democracy.delegates", "d.xlsx"), ("democracy.proposals", "p.xlsx"),
                      ("democracy.meeting_records", "m.docx")]:  # fmt: skip
        out = tmp_path / name
        ledger(key).build(orgs=orgs, year=2026, fmt=name[-4:].strip("."), out=out, by=w.chair_a)
        assert out.stat().st_size > 1000
    assert ledger("democracy.delegates").count(orgs, 2026) == 6


def test_metrics(congress_world):
    from gonghui.metrics import registry

    w = congress_world
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    assert registry.compute("democracy.congress_held", w.union_a, start, end).value in (0, None)
    services.close_session(session=w.session)
    assert registry.compute("democracy.congress_held", w.union_a, start, end).numerator == 1


def test_a_delegate_evaluates_leaders_on_the_page(login, congress_world):
    w = congress_world
    for d in w.delegates:
        services.check_in(session=w.session, delegate=d, by=w.chair_a)
    evaluation = services.create_evaluation(session=w.session, title="民主评议", leaders=[("张三", "校长")])
    services.open_evaluation(evaluation=evaluation)
    leader = evaluation.leaders.get()
    client = login(w.member_a)
    url = reverse("democracy:evaluation_cast", args=[evaluation.pk])
    response = client.post(url, {f"leader_{leader.pk}": "nonsense"}, follow=True)
    assert "请为张三选择评议等次" in response.content.decode()
    response = client.post(url, {f"leader_{leader.pk}": "excellent", "comment": "很好"}, follow=True)
    assert "评议票已投出" in response.content.decode()
    services.close_evaluation(evaluation=evaluation)
    page = login(w.chair_a).get(reverse("democracy:evaluation", args=[evaluation.pk])).content.decode()
    assert "参评 1 / 应参评 6" in page and "1（100.0%）" in page and "很好" in page


def test_sessions_and_material_deadlines_on_the_plans_calendar(congress_world):
    from gonghui.plans.hooks import calendar_entries

    entries = calendar_entries(congress_world.union_a, date(2026, 6, 1), date(2026, 6, 30))
    titles = {(e.day, e.title) for e in entries}
    assert (date(2026, 6, 15), "第1届第1次职工代表大会") in titles
    assert (date(2026, 6, 8), "第1届第1次职工代表大会材料送达代表截止") in titles


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_results_page_reads_a_fixed_number_of_rows_whatever_the_congress_size(login, congress_world):
    """The bench's 1,000-delegate results page < 100 ms rests on this: counts are aggregates, never a
    row per delegate or per ballot."""
    w = congress_world
    for d in w.delegates:
        services.check_in(session=w.session, delegate=d, by=w.chair_a)
    vote = services.open_vote(vote=services.create_vote(item=w.item), by=w.chair_a)
    for d in w.delegates:
        services.cast_ballot(vote=vote, user=d.member.user, option_id=vote.option_rows()[0].pk)
    services.close_vote(vote=vote, by=w.chair_a)
    url = reverse("democracy:vote", args=[vote.pk])
    client = login(w.chair_a)
    client.get(url)  # the session's first request warms what is cached per user
    small = _queries(client, url)
    for d in seat(w.congress, 40, prefix="more"):
        services.check_in(session=w.session, delegate=d, by=w.chair_a)
    assert _queries(client, url) == small <= 15
