"""Paper 民主评议 envelopes, all-member evaluations (⚙), rule 8 delegate elections, and extraordinary
sessions requested by ≥ 1/3 of the seated delegates (rule 5)."""

from datetime import date

import pytest
from auditlog.registry import auditlog
from django.core.exceptions import ValidationError
from django.urls import reverse

from gonghui.care.tests.factories import member_in
from gonghui.democracy import services
from gonghui.democracy.models import (
    DelegateKind,
    DelegateStatus,
    EndReason,
    EvaluationReceipt,
    EvaluationTally,
    MemberEvaluationReceipt,
    VoteMethod,
)
from gonghui.democracy.tests.conftest import seat
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import Role
from gonghui.orgs.tests.factories import make_user

pytestmark = pytest.mark.django_db


def _paper(w, present=4):
    for d in w.delegates[:present]:
        services.check_in(session=w.session, delegate=d, by=w.chair_a)
    evaluation = services.create_evaluation(
        session=w.session,
        title="评议",
        leaders=[("张三", "校长"), ("李四", "副校长")],
        method=VoteMethod.PAPER,
    )
    services.open_evaluation(evaluation=evaluation)
    return evaluation


def _form(evaluation, **values):
    data = {"teller_1": "王计票", "teller_2": "李监票", "ballots_issued": 4, "ballots": 4}
    for leader in evaluation.leaders.all():
        for grade, _ in services.GRADES:
            data[f"n_{leader.pk.hex}_{grade}"] = 0
    data.update(values)
    return data


# ---- paper envelopes ---------------------------------------------------------------------------


def test_paper_envelopes_are_entered_on_the_page_with_clear_errors(login, congress_world):
    w = congress_world
    evaluation = _paper(w)
    zhang, li = evaluation.leaders.all()
    client = login(w.chair_a)
    url = reverse("democracy:evaluation_paper", args=[evaluation.pk])
    assert "纸质评议票计票录入" in client.get(url).content.decode()

    def post(**values):
        return client.post(url, _form(evaluation, **values))

    assert "计票人和监票人不能是同一人" in post(teller_2="王计票").content.decode()
    assert "超过实到代表4人" in post(ballots_issued=5, ballots=5).content.decode()
    assert "超过发出的4张" in post(ballots_issued=4, ballots=5).content.decode()
    over = {f"n_{zhang.pk.hex}_excellent": 3, f"n_{zhang.pk.hex}_competent": 2}
    assert "张三的各等次票数合计5，超过收回评议票4张" in post(**over).content.decode()
    assert "李四“基本称职”的票数不能为负数" in post(**{f"n_{li.pk.hex}_basic": -1}).content.decode()
    assert not EvaluationTally.objects.filter(leader__evaluation=evaluation, count__gt=0).exists()

    good = {f"n_{zhang.pk.hex}_excellent": 3, f"n_{zhang.pk.hex}_competent": 1, f"n_{li.pk.hex}_basic": 3}
    response = post(ballots=3 + 1, **good)
    assert response.status_code == 302
    # a phone ballot is refused on a paper evaluation
    with pytest.raises(ValidationError, match="纸质无记名评议"):
        services.cast_evaluation(
            evaluation=evaluation, user=w.delegates[0].member.user, grades={str(zhang.pk): "excellent"}
        )
    services.close_evaluation(evaluation=evaluation)
    page = client.get(reverse("democracy:evaluation", args=[evaluation.pk])).content.decode()
    assert "发出 4 张，收回 4 张" in page and "3（75.0%）" in page
    evaluation.refresh_from_db()
    results = services.evaluation_results(evaluation)
    assert (results["cast"], results["seated"]) == (4, 6)


def test_paper_evaluation_needs_the_count_before_closing_and_officers_to_enter_it(login, congress_world):
    w = congress_world
    evaluation = _paper(w)
    with pytest.raises(ValidationError, match="请先由计票人、监票人录入"):
        services.close_evaluation(evaluation=evaluation)
    url = reverse("democracy:evaluation_paper", args=[evaluation.pk])
    assert login(w.member_a).post(url, _form(evaluation)).status_code == 403


# ---- all-member evaluations (⚙ by_members) -----------------------------------------------------


def _member_with_login(w, name):
    user = make_user(f"m_{name}", Role.MEMBER, w.union_a)
    return member_in(w.union_a, name=name, user=user)


def test_an_all_member_evaluation_gives_every_member_one_ballot(congress_world):
    w = congress_world
    plain = _member_with_login(w, "普通会员")  # not a delegate
    evaluation = services.create_evaluation(
        session=w.session, title="全员评议", leaders=[("张三", "校长")], by_members=True
    )
    services.open_evaluation(evaluation=evaluation)  # no congress quorum needed: nobody checked in
    leader = evaluation.leaders.get()
    services.cast_evaluation(evaluation=evaluation, user=plain.user, grades={str(leader.pk): "competent"})
    with pytest.raises(ValidationError, match="只能评议一次"):
        services.cast_evaluation(evaluation=evaluation, user=plain.user, grades={str(leader.pk): "excellent"})
    outsider = make_user("outsider", Role.MEMBER, w.union_b)
    with pytest.raises(ValidationError, match="不是本单位在会会员"):
        services.cast_evaluation(evaluation=evaluation, user=outsider, grades={str(leader.pk): "excellent"})
    assert MemberEvaluationReceipt.objects.filter(evaluation=evaluation).count() == 1
    assert not EvaluationReceipt.objects.filter(evaluation=evaluation).exists()
    services.close_evaluation(evaluation=evaluation)
    electorate = Member.objects.in_subtree(w.union_a).filter(status=MemberStatus.ACTIVE).count()
    results = services.evaluation_results(evaluation)
    assert (results["cast"], results["seated"]) == (1, electorate)
    assert results["rows"][0]["grades"][1]["count"] == 1


def test_member_ballots_cannot_be_linked_to_grades(congress_world):
    """The same secrecy as delegates' ballots: two members grade oppositely in two evaluations,
    swapped; the stored receipts and counters of the two are identical."""
    w = congress_world
    a, b = _member_with_login(w, "会员甲"), _member_with_login(w, "会员乙")
    states = []
    for first, second in (("excellent", "incompetent"), ("incompetent", "excellent")):
        evaluation = services.create_evaluation(
            session=w.session, title="全员评议", leaders=[("张三", "校长")], by_members=True
        )
        services.open_evaluation(evaluation=evaluation)
        key = str(evaluation.leaders.get().pk)
        services.cast_evaluation(evaluation=evaluation, user=a.user, grades={key: first})
        services.cast_evaluation(evaluation=evaluation, user=b.user, grades={key: second})
        receipts = sorted(
            MemberEvaluationReceipt.objects.filter(evaluation=evaluation).values_list("member_id", flat=True)
        )
        tallies = sorted(
            EvaluationTally.objects.filter(leader__evaluation=evaluation).values_list("grade", "count")
        )
        states.append((receipts, tallies))
    assert states[0] == states[1]
    assert {f.name for f in MemberEvaluationReceipt._meta.concrete_fields} == {"id", "evaluation", "member"}
    assert not auditlog.contains(MemberEvaluationReceipt)


def test_all_member_evaluation_is_chosen_on_the_create_page(login, congress_world):
    w = congress_world
    url = reverse("democracy:evaluation_create", args=[w.session.pk])
    data = {"title": "全员评议", "leaders": "张三 校长", "method": "electronic", "by_members": "on"}
    response = login(w.chair_a).post(url, data)
    assert response.status_code == 302
    assert w.session.evaluations.get().by_members is True


# ---- rule 8: delegate elections ----------------------------------------------------------------


def _candidates(w, n):
    return [member_in(w.union_a, name=f"候选人{i}") for i in range(n)]


def test_election_validity_follows_rule_8_and_seats_with_history(congress_world):
    w = congress_world
    ended = w.delegates[0]
    ended.constituency = "一车间"
    ended.save()
    services.end_mandate(delegate=ended, on=date(2026, 3, 1), reason=EndReason.LEFT_UNION)
    one, two = _candidates(w, 2)
    election = services.record_delegate_election(
        congress=w.congress, constituency="一车间", held_on=date(2026, 4, 1), electorate=30, ballots_cast=20,
        votes=[(one, 15), (two, 5)], by=w.chair_a,
    )  # fmt: skip
    assert election.valid and election.result_text == "当选：候选人0"
    assert "至少20人" in election.rule_text and "至少15票" in election.rule_text
    services.seat_elected_delegates(election=election)
    seated = w.congress.delegates.get(member=one)
    assert (seated.status, seated.constituency, seated.elected_on) == (
        DelegateStatus.SEATED, "一车间", date(2026, 4, 1),
    )  # fmt: skip
    assert seated.replaces == ended and seated.election_result.election == election
    with pytest.raises(ValidationError, match="已确认就任"):
        services.seat_elected_delegates(election=election)


def test_elections_below_turnout_or_half_elect_nobody(congress_world):
    w = congress_world
    one, two = _candidates(w, 2)
    low = services.record_delegate_election(
        congress=w.congress, constituency="二车间", held_on=date(2026, 4, 1), electorate=30, ballots_cast=19,
        votes=[(one, 19)], by=w.chair_a,
    )  # fmt: skip
    assert not low.valid and "不足三分之二（20人）" in low.result_text
    with pytest.raises(ValidationError, match="选举无效"):
        services.seat_elected_delegates(election=low)
    w.congress.election_strict = True  # ⚙ 过半数: 15 of 30 is not enough
    w.congress.save()
    short = services.record_delegate_election(
        congress=w.congress, constituency="二车间", held_on=date(2026, 4, 2), electorate=30, ballots_cast=20,
        votes=[(one, 15), (two, 5)], by=w.chair_a,
    )  # fmt: skip
    assert not short.valid and not short.candidates.filter(elected=True).exists()
    w.congress.election_strict = False
    w.congress.save()
    tie = services.record_delegate_election(
        congress=w.congress, constituency="二车间", held_on=date(2026, 4, 3), electorate=30, ballots_cast=30,
        votes=[(one, 15), (two, 15)], by=w.chair_a,
    )  # fmt: skip
    assert "须另行选举" in tie.result_text and not tie.candidates.filter(elected=True).exists()
    for bad, message in (
        ({"ballots_cast": 31, "votes": [(one, 1)]}, "超过选区职工30人"),
        ({"ballots_cast": 20, "votes": [(one, 21)]}, "应在0至参加投票人数20之间"),
        ({"ballots_cast": 20, "votes": [(one, 15), (one, 2)]}, "重复"),
        ({"ballots_cast": 20, "votes": [(one, 15), (two, 15)]}, "得票合计超过"),
    ):
        with pytest.raises(ValidationError, match=message):
            services.record_delegate_election(
                congress=w.congress, constituency="二车间", held_on=date(2026, 4, 1), electorate=30, by=w.chair_a,
                **bad,
            )  # fmt: skip


def test_an_election_is_recorded_and_seated_on_the_pages(login, congress_world):
    w = congress_world
    one, two = _candidates(w, 2)
    client = login(w.chair_a)
    url = reverse("democracy:election_create", args=[w.congress.pk])
    assert "登记代表选举" in client.get(url).content.decode()
    data = {
        "constituency": "三车间", "held_on": "2026-05-01", "electorate": 10, "ballots_cast": 8, "seats": 1,
        "category": "frontline", "member_0": one.pk, "votes_0": 6, "member_1": two.pk, "votes_1": "",
    }  # fmt: skip
    response = client.post(url, data)
    assert "请填写该候选人的赞成票数" in response.content.decode()
    data["votes_1"] = 2
    response = client.post(url, data, follow=True)
    assert "当选：候选人0" in response.content.decode()
    election = w.congress.elections.get()
    response = client.post(reverse("democracy:election_seat", args=[election.pk]), follow=True)
    assert "当选人已登记为代表" in response.content.decode()
    assert w.congress.delegates.filter(member=one, status=DelegateStatus.SEATED).exists()
    assert login(w.member_a).post(reverse("democracy:election_seat", args=[election.pk])).status_code == 403


# ---- rule 5: an extraordinary session asked for by ≥ 1/3 of the delegates -------------------------


def test_an_extraordinary_session_needs_a_third_of_the_seated_delegates(congress_world):
    w = congress_world  # 6 seated delegates: 2 must ask
    with pytest.raises(
        ValidationError, match=r"提议代表1人，不足全体在任代表6人的三分之一（2人）.*第二十二条"
    ):
        services.request_extraordinary_session(
            congress=w.congress, held_on=date(2026, 7, 1), requesters=w.delegates[:1], by=w.chair_a
        )
    guest = seat(w.congress, 1, prefix="g", kind=DelegateKind.ATTENDING)[0]
    with pytest.raises(ValidationError, match="不是本届在任正式代表"):
        services.request_extraordinary_session(
            congress=w.congress, held_on=date(2026, 7, 1), requesters=[w.delegates[0], guest], by=w.chair_a
        )
    session = services.request_extraordinary_session(
        congress=w.congress, held_on=date(2026, 7, 1), requesters=w.delegates[:2], by=w.chair_a
    )
    assert session.extraordinary and session.requested_by == "2名代表联名（全体在任代表6人）"
    assert set(session.requesting_delegates.all()) == set(w.delegates[:2])


def test_extraordinary_session_page_and_api(login, congress_world):
    w = congress_world
    client = login(w.chair_a)
    url = reverse("democracy:extraordinary_create", args=[w.congress.pk])
    data = {"held_on": "2026-07-01", "mode": "onsite", "requesters": [w.delegates[0].pk]}
    assert "三分之一" in client.post(url, data).content.decode()
    data["requesters"] = [d.pk for d in w.delegates[:2]]
    response = client.post(url, data, follow=True)
    assert "已登记代表提议召开的临时会议" in response.content.decode()
    assert 'data-testid="requesting-delegates"' in response.content.decode()
    api = f"/api/democracy/congresses/{w.congress.pk}/extraordinary"
    body = {"held_on": "2026-08-01", "delegate_ids": [str(w.delegates[0].pk)]}
    response = client.post(api, body, content_type="application/json")
    assert response.status_code == 422 and "三分之一" in response.json()["detail"]
    body["delegate_ids"] = [str(d.pk) for d in w.delegates[2:4]]
    assert client.post(api, body, content_type="application/json").status_code == 201


def test_api_elections_and_evaluations(login, congress_world):
    w = congress_world
    client = login(w.chair_a)
    one = member_in(w.union_a, name="候选人甲")
    body = {
        "constituency": "四车间", "held_on": "2026-05-01", "electorate": 9, "ballots_cast": 6,
        "candidates": [{"member_id": str(one.pk), "votes": 5}],
    }  # fmt: skip
    response = client.post(
        f"/api/democracy/congresses/{w.congress.pk}/elections", body, content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["valid"] is True
    election_id = response.json()["id"]
    assert client.post(f"/api/democracy/elections/{election_id}/seat").json()["seated_on"] == "2026-05-01"
    listed = client.get(f"/api/democracy/congresses/{w.congress.pk}/elections").json()
    assert [e["constituency"] for e in listed] == ["四车间"]

    evaluation = _paper(w, present=6)  # 7 seated now: quorum 5
    zhang, li = evaluation.leaders.all()
    paper = {
        "teller_1": "甲", "teller_2": "甲", "ballots_issued": 4, "ballots": 4,
        "counts": {str(zhang.pk): {"excellent": 4}, str(li.pk): {"competent": 2}},
    }  # fmt: skip
    url = f"/api/democracy/evaluations/{evaluation.pk}/paper"
    response = client.post(url, paper, content_type="application/json")
    assert response.status_code == 422 and "不能是同一人" in response.json()["detail"]
    paper["teller_2"] = "乙"
    assert client.post(url, paper, content_type="application/json").status_code == 200
    services.close_evaluation(evaluation=evaluation)
    out = client.get(f"/api/democracy/evaluations/{evaluation.pk}").json()
    assert out["ballots_cast"] == 4 and out["results"][0]["grades"][0]["count"] == 4


def test_a_member_who_is_no_delegate_evaluates_on_the_page_and_through_the_api(login, congress_world):
    w = congress_world
    plain, other = _member_with_login(w, "普通会员"), _member_with_login(w, "另一会员")
    evaluation = services.create_evaluation(
        session=w.session, title="全员评议", leaders=[("张三", "校长")], by_members=True
    )
    services.open_evaluation(evaluation=evaluation)
    leader = evaluation.leaders.get()
    client = login(plain.user)
    page = client.get(reverse("democracy:evaluation", args=[evaluation.pk])).content.decode()
    assert "全体会员参评" in page and "提交评议票" in page
    url = reverse("democracy:evaluation_cast", args=[evaluation.pk])
    response = client.post(url, {f"leader_{leader.pk}": "excellent"}, follow=True)
    assert "评议票已投出" in response.content.decode() and "您已参加评议" in response.content.decode()
    api = f"/api/democracy/evaluations/{evaluation.pk}/ballot"
    body = {"grades": {str(leader.pk): "basic"}}
    again = login(plain.user).post(api, body, content_type="application/json")
    assert again.status_code == 422 and "只能评议一次" in again.json()["detail"]
    assert login(other.user).post(api, body, content_type="application/json").status_code == 201
    assert MemberEvaluationReceipt.objects.filter(evaluation=evaluation).count() == 2
