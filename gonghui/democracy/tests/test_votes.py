"""Rules 1–4: quorum at exactly 2/3, passing over ALL seated delegates (strict and 半数以上),
check-in before vote, one ballot per delegate, 列席 and strangers refused, closing freezes."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from gonghui.democracy import services
from gonghui.democracy.models import DelegateKind, VoteMethod, VoteStatus
from gonghui.democracy.tests.conftest import seat

pytestmark = pytest.mark.django_db


def check_in(w, delegates):
    for d in delegates:
        services.check_in(session=w.session, delegate=d, by=w.chair_a)


def option(vote, label):
    return next(o for o in vote.option_rows() if o.label == label)


def test_quorum_is_two_thirds_of_all_seated(congress_world):
    w = congress_world  # 6 seated: quorum 4
    vote = services.create_vote(item=w.item)
    check_in(w, w.delegates[:3])
    with pytest.raises(ValidationError, match="三分之二"):
        services.open_vote(vote=vote, by=w.chair_a)
    check_in(w, w.delegates[3:4])  # exactly 4 = 2/3 of 6
    assert services.open_vote(vote=vote, by=w.chair_a).status == VoteStatus.OPEN


def test_quorum_rounds_up_and_ignores_attending_delegates(congress_world):
    w = congress_world
    seat(w.congress, 1, prefix="x")  # 7 seated: ⌈14/3⌉ = 5
    attending = seat(w.congress, 2, prefix="l", kind=DelegateKind.ATTENDING)
    assert w.session.quorum_needed() == 5
    check_in(w, w.delegates[:4] + attending)
    assert w.session.present_count() == 4 and not w.session.is_quorate()


def _vote_with(w, yes, no=0, strict=True):
    w.congress.strict_majority = strict
    w.congress.save()
    vote = services.create_vote(item=w.item)
    check_in(w, w.delegates)
    services.open_vote(vote=vote, by=w.chair_a)
    for d in w.delegates[:yes]:
        services.cast_ballot(vote=vote, user=d.member.user, option_id=option(vote, "同意").pk)
    for d in w.delegates[yes : yes + no]:
        services.cast_ballot(vote=vote, user=d.member.user, option_id=option(vote, "不同意").pk)
    return services.close_vote(vote=vote, by=w.chair_a)


def test_exactly_half_of_all_fails_strict_majority(congress_world):
    vote = _vote_with(congress_world, yes=3, no=0)  # 3 of 6 seated, nobody against
    assert vote.passed is False and vote.needed == 4
    assert "过半数" in vote.rule_text


def test_exactly_half_passes_under_the_half_or_more_reading(congress_world):
    vote = _vote_with(congress_world, yes=3, no=3, strict=False)
    assert vote.passed is True and vote.needed == 3
    assert "半数以上" in vote.rule_text


def test_majority_counts_all_seated_not_those_present(congress_world):
    w = congress_world
    seat(w.congress, 3, prefix="y")  # 9 seated, only 6 present and voting: 5 yes needed
    vote = services.create_vote(item=w.item)
    check_in(w, w.delegates)
    services.open_vote(vote=vote, by=w.chair_a)
    for d in w.delegates[:4]:  # 4 of 6 present say yes: a majority of those present, not of all
        services.cast_ballot(vote=vote, user=d.member.user, option_id=option(vote, "同意").pk)
    vote = services.close_vote(vote=vote, by=w.chair_a)
    assert (vote.seated_count, vote.present_count, vote.ballots_cast, vote.passed) == (9, 6, 4, False)


def test_second_ballot_refused_first_kept(congress_world):
    w = congress_world
    vote = services.create_vote(item=w.item)
    check_in(w, w.delegates)
    services.open_vote(vote=vote, by=w.chair_a)
    user = w.delegates[0].member.user
    services.cast_ballot(vote=vote, user=user, option_id=option(vote, "同意").pk)
    with pytest.raises(ValidationError, match="已投过票"):
        services.cast_ballot(vote=vote, user=user, option_id=option(vote, "不同意").pk)
    assert option(vote, "同意").count == 1 and option(vote, "不同意").count == 0


def test_who_may_not_vote(congress_world):
    w = congress_world
    attending = seat(w.congress, 1, prefix="att", kind=DelegateKind.ATTENDING)[0]
    vote = services.create_vote(item=w.item)
    check_in(w, w.delegates[:5] + [attending])
    services.open_vote(vote=vote, by=w.chair_a)
    yes = option(vote, "同意").pk
    with pytest.raises(ValidationError, match="不是本届大会的代表"):
        services.cast_ballot(vote=vote, user=w.chair_a, option_id=yes)
    with pytest.raises(ValidationError, match="列席"):
        services.cast_ballot(vote=vote, user=attending.member.user, option_id=yes)
    with pytest.raises(ValidationError, match="先签到"):
        services.cast_ballot(vote=vote, user=w.delegates[5].member.user, option_id=yes)
    services.close_vote(vote=vote, by=w.chair_a)
    with pytest.raises(ValidationError, match="已结束"):
        services.cast_ballot(vote=vote, user=w.delegates[0].member.user, option_id=yes)
    assert sum(o.count for o in vote.option_rows()) == 0


def test_closing_freezes_and_a_revote_is_a_new_record(congress_world):
    w = congress_world
    vote = _vote_with(w, yes=2, no=2)
    assert vote.passed is False and vote.closed_at is not None
    services.check_in(session=w.session, delegate=seat(w.congress, 1, prefix="late")[0], by=w.chair_a)
    vote.refresh_from_db()
    assert vote.present_count == 6 and vote.seated_count == 6  # frozen at close
    again = services.create_vote(item=w.item, supersedes=vote)
    assert again.pk != vote.pk and again.supersedes == vote
    assert option(vote, "同意").count == 2  # the first result stands
    with pytest.raises(ValidationError):
        services.create_vote(item=w.item, supersedes=vote)


def test_leaving_mid_term_changes_the_base_from_that_day(congress_world):
    w = congress_world
    services.end_mandate(delegate=w.delegates[5], on=date(2026, 6, 1), reason="left_union")
    assert w.session.seated().count() == 5  # the session on 15 June no longer counts them
    later = services.create_session(congress=w.congress, held_on=date(2026, 5, 1), by=w.chair_a)
    assert later.seated().count() == 6  # an earlier day still did


def test_paper_ballots_need_two_different_tellers(congress_world):
    w = congress_world
    vote = services.create_vote(item=w.item, method=VoteMethod.PAPER)
    check_in(w, w.delegates)
    services.open_vote(vote=vote, by=w.chair_a)
    with pytest.raises(ValidationError, match="同一人"):
        services.enter_paper_tally(vote=vote, counts={"同意": 5}, teller_1="王五", teller_2="王五")
    with pytest.raises(ValidationError, match="超过实到"):
        services.enter_paper_tally(vote=vote, counts={"同意": 7}, teller_1="王五", teller_2="赵六")
    with pytest.raises(ValidationError, match="计票"):
        services.close_vote(vote=vote, by=w.chair_a)
    services.enter_paper_tally(vote=vote, counts={"同意": 5, "不同意": 1}, teller_1="王五", teller_2="赵六")
    vote = services.close_vote(vote=vote, by=w.chair_a)
    assert vote.passed and vote.ballots_cast == 6 and vote.teller_2 == "赵六"


def test_election_needs_a_majority_of_all(congress_world):
    w = congress_world
    item = services.add_agenda_item(session=w.session, title="补选工会主席", kind="election")
    vote = services.create_vote(item=item, kind="election", candidates=["甲", "乙"])
    check_in(w, w.delegates)
    services.open_vote(vote=vote, by=w.chair_a)
    for i, d in enumerate(w.delegates):
        services.cast_ballot(
            vote=vote, user=d.member.user, option_id=option(vote, "甲" if i < 4 else "乙").pk
        )
    vote = services.close_vote(vote=vote, by=w.chair_a)
    assert vote.passed and vote.result_text == "当选：甲"
