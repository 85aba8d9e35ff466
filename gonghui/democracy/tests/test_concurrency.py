"""Ballots side by side (PostgreSQL, threads): 60 delegates voting in the same second, each twice, with
no lost or double counts; a close while ballots are in flight waits for them and refuses the ones
after it; 民主评议 ballots the same."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from gonghui.democracy import services
from gonghui.democracy.models import (
    BallotReceipt,
    CongressKind,
    EvaluationBox,
    EvaluationTally,
    ItemKind,
    Vote,
)
from gonghui.democracy.tests.conftest import seat

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)"),
]


def _open_session(world, n):
    congress = services.create_congress(
        org=world.union_a, kind=CongressKind.WORKERS, term_number=1, starts_on=date(2024, 3, 1),
        ends_on=date(2027, 2, 28),
    )  # fmt: skip
    delegates = seat(congress, n)
    session = services.create_session(congress=congress, held_on=date(2026, 6, 15), by=world.chair_a)
    for d in delegates:
        services.check_in(session=session, delegate=d, by=world.chair_a)
    return session, delegates


def _open_vote(world, session):
    item = services.add_agenda_item(session=session, title="审议", kind=ItemKind.APPROVE)
    vote = services.create_vote(item=item)
    return services.open_vote(vote=vote, by=world.chair_a)


def _ballot(vote, user, option):
    try:
        services.cast_ballot(vote=vote, user=user, option_id=option.pk)
        return "ok"
    except ValidationError as error:
        return error.messages[0]
    finally:
        connections.close_all()


def test_sixty_delegates_voting_at_once(world):
    session, delegates = _open_session(world, 60)
    vote = _open_vote(world, session)
    options = vote.option_rows()

    def cast(i):
        return _ballot(vote, delegates[i % 60].member.user, options[i % 60 % 3])

    with ThreadPoolExecutor(max_workers=12) as pool:
        outcomes = list(pool.map(cast, range(120)))  # every delegate tries twice
    assert (
        outcomes.count("ok") == 60
        and outcomes.count("您已投过票，每位代表只能投一次；第一次投票有效。") == 60
    )
    vote = services.close_vote(vote=vote, by=world.chair_a)
    assert [o.count for o in vote.option_rows()] == [20, 20, 20]
    assert vote.ballots_cast == 60


def test_close_waits_for_a_ballot_in_flight_and_refuses_the_next(world, monkeypatch):
    session, delegates = _open_session(world, 6)
    vote = _open_vote(world, session)
    yes = vote.option_rows()[0]
    inside, release = threading.Event(), threading.Event()
    count = services._rewrite_counters

    def slow_count(vote_id, option_id):  # the ballot holds its locks here until released
        inside.set()
        release.wait(10)
        count(vote_id, option_id)

    monkeypatch.setattr(services, "_rewrite_counters", slow_count)
    closed = {}

    def close():
        try:
            closed["vote"] = services.close_vote(vote=vote, by=world.chair_a)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        ballot = pool.submit(_ballot, vote, delegates[0].member.user, yes)
        assert inside.wait(10)
        closing = pool.submit(close)
        with pytest.raises(TimeoutError):
            closing.result(timeout=1.0)  # the close waits for the ballot's share lock on the vote
        release.set()
        assert ballot.result(10) == "ok"
        closing.result(10)
    monkeypatch.setattr(services, "_rewrite_counters", count)
    vote = closed["vote"]
    assert vote.ballots_cast == 1 and vote.option_rows()[0].count == 1  # the ballot in flight counted
    assert _ballot(vote, delegates[1].member.user, yes) == "表决未开始或已结束。"
    assert BallotReceipt.objects.filter(vote=vote).count() == 1


def test_closing_in_the_middle_of_sixty_ballots_counts_exactly_the_accepted_ones(world):
    session, delegates = _open_session(world, 60)
    vote = _open_vote(world, session)
    options = vote.option_rows()
    twenty_in = threading.Event()
    accepted = []

    def cast(i):
        outcome = _ballot(vote, delegates[i].member.user, options[i % 3])
        if outcome == "ok":
            accepted.append(i)
            if len(accepted) >= 20:
                twenty_in.set()
        return outcome

    def close():
        twenty_in.wait(30)
        try:
            return services.close_vote(vote=vote, by=world.chair_a)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=12) as pool:
        closing = pool.submit(close)
        outcomes = list(pool.map(cast, range(60)))
        vote = closing.result(30)
    assert set(outcomes) <= {"ok", "表决未开始或已结束。"}  # no deadlock, no other error
    assert len(accepted) >= 20
    counts = [o.count for o in vote.option_rows()]
    assert (
        vote.ballots_cast == len(accepted) == sum(counts) == BallotReceipt.objects.filter(vote=vote).count()
    )
    assert counts == [sum(1 for i in accepted if i % 3 == k) for k in range(3)]


def test_thirty_delegates_evaluating_at_once(world):
    session, delegates = _open_session(world, 30)
    evaluation = services.create_evaluation(
        session=session, title="民主评议", leaders=[("张三", "主席"), ("李四", "副主席")]
    )
    evaluation = services.open_evaluation(evaluation=evaluation)
    leaders = [str(pk) for pk in evaluation.leaders.values_list("pk", flat=True)]

    def cast(i):
        grades = {leaders[0]: "excellent", leaders[1]: ["competent", "basic"][i % 2]}
        try:
            services.cast_evaluation(
                evaluation=evaluation, user=delegates[i % 30].member.user, grades=grades, comment=f"意见{i}"
            )
            return "ok"
        except ValidationError:
            return "refused"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=10) as pool:
        outcomes = list(pool.map(cast, range(60)))  # every delegate tries twice
    assert outcomes.count("ok") == 30 and outcomes.count("refused") == 30
    counts = {
        (t.leader.position, t.grade): t.count
        for t in EvaluationTally.objects.filter(leader__evaluation=evaluation).select_related("leader")
    }
    assert counts[(1, "excellent")] == 30
    assert counts[(2, "competent")] + counts[(2, "basic")] == 30
    assert sum(counts.values()) == 60
    assert len(EvaluationBox.objects.get(evaluation=evaluation).comments) == 30
    evaluation = services.close_evaluation(evaluation=evaluation)
    assert evaluation.ballots_cast == 30


def test_a_ballot_arriving_during_the_close_waits_and_is_refused(world, monkeypatch):
    """The ballot reads the vote's status under its share lock, so it cannot read "open" while a close
    holds the vote and then land after it (the receipt's foreign key alone would let it through)."""
    session, delegates = _open_session(world, 6)
    vote = _open_vote(world, session)
    yes = vote.option_rows()[0]
    locked, release = threading.Event(), threading.Event()
    option_rows = Vote.option_rows

    def slow_option_rows(self):  # close_vote reads the options while it holds the vote FOR UPDATE
        if threading.current_thread().name.startswith("closer"):
            locked.set()
            release.wait(10)
        return option_rows(self)

    monkeypatch.setattr(Vote, "option_rows", slow_option_rows)

    def close():
        threading.current_thread().name = "closer"
        try:
            return services.close_vote(vote=vote, by=world.chair_a)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        closing = pool.submit(close)
        assert locked.wait(10)
        ballot = pool.submit(_ballot, vote, delegates[0].member.user, yes)
        with pytest.raises(TimeoutError):
            ballot.result(timeout=1.0)  # waits for the close
        release.set()
        closed = closing.result(10)
        assert ballot.result(10) == "表决未开始或已结束。"
    monkeypatch.setattr(Vote, "option_rows", option_rows)
    assert closed.ballots_cast == 0 and not BallotReceipt.objects.filter(vote=vote).exists()
    assert [o.count for o in closed.option_rows()] == [0, 0, 0]
