"""Secret ballot (rule 3): nobody — not an administrator reading the whole database — can tell how
a delegate voted.

Why it holds, and what these tests prove:
1. What a delegate chose is stored only as a counter per option (VoteOption.count). There is no row
   per ballot, hence nothing to join, sort or time-stamp.
2. Who voted (BallotReceipt) holds the vote and the delegate, and nothing else: no choice, no time.
3. Every ballot rewrites every counter of the vote (+1 / +0), so on PostgreSQL all counters carry the
   same transaction id (xmin): the live rows do not say which counter the last ballot raised. The same
   for 民主评议: every tally of the evaluation and its comment box.
   This is also why the counters are not split into shards (one set per shard, ballots spread over
   them to write side by side): a receipt carries its ballot's transaction id, and so would the shard
   that ballot rewrote. A shard holding one ballot, or only ballots of one kind, would then show that
   delegate's choice to anyone who can SELECT xmin. Ballots run side by side instead by holding the
   vote in share mode (services._share_locked_row) and queueing only on the counter rows for one
   statement; that changes locks, not what is stored.
4. Neither counters nor receipts are audited, and the option chosen is written nowhere else (the
   whole database is searched for it below).
The decisive test: two votes where the same two delegates vote opposite ways, swapped. The database
state of the two votes is identical apart from random ids, so no reading of it can recover choices.
"""

import pytest
from auditlog.registry import auditlog
from django.db import connection
from django.urls import reverse

from gonghui.democracy import services
from gonghui.democracy.models import BallotReceipt, EvaluationBox, EvaluationTally, VoteOption

pytestmark = pytest.mark.django_db


def _open_vote(w, title):
    vote = services.create_vote(item=w.item, title=title)
    services.open_vote(vote=vote, by=w.chair_a)
    return vote


def _option(vote, label):
    return next(o for o in vote.option_rows() if o.label == label)


def _ballot(client, user, vote, label):
    client.force_login(user)
    response = client.post(
        reverse("democracy:vote_cast", args=[vote.pk]), {"option": _option(vote, label).pk}
    )
    assert response.status_code == 302


def _state(vote):
    """Everything the database holds about a vote's ballots, ids of the vote itself left out."""
    receipts = sorted(BallotReceipt.objects.filter(vote=vote).values_list("delegate_id", flat=True))
    counters = sorted(
        VoteOption.objects.filter(vote=vote).values_list("position", "label", "is_yes", "count")
    )
    return receipts, counters


def _all_rows_text():
    """Every row of every table as text, the way a DB administrator could dump it."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            found += [(table, " ".join(str(v) for v in row)) for row in cursor.fetchall()]
    return found


def test_swapping_two_voters_choices_leaves_the_database_unchanged(client, congress_world):
    w = congress_world
    for d in w.delegates:
        services.check_in(session=w.session, delegate=d, by=w.chair_a)
    first, second = _open_vote(w, "表决一"), _open_vote(w, "表决二")
    a, b = w.delegates[0].member.user, w.delegates[1].member.user
    _ballot(client, a, first, "同意")
    _ballot(client, b, first, "不同意")
    _ballot(client, a, second, "不同意")
    _ballot(client, b, second, "同意")
    assert _state(first) == _state(second)  # the receipts and counters cannot tell the two apart

    # The chosen options' ids appear nowhere but in the option table itself: not in the audit log,
    # not in a request log, not in a task payload.
    dump = _all_rows_text()
    for vote in (first, second):
        for option in vote.option_rows():
            for needle in (str(option.pk), option.pk.hex):
                places = {table for table, text in dump if needle in text}
                assert places <= {VoteOption._meta.db_table}, places


def test_receipts_and_counters_hold_nothing_that_links_them():
    receipt_fields = {f.name for f in BallotReceipt._meta.concrete_fields}
    assert receipt_fields == {"id", "vote", "delegate"}  # no choice, no time, no order
    for model in (VoteOption, BallotReceipt, EvaluationTally):
        kinds = {f.get_internal_type() for f in model._meta.concrete_fields}
        assert not kinds & {"DateTimeField", "DateField", "AutoField", "BigAutoField"}, model
        assert not auditlog.contains(model), f"{model.__name__} must not be audited"
    assert {f.name for f in VoteOption._meta.concrete_fields} == {
        "id",
        "vote",
        "position",
        "label",
        "is_yes",
        "count",
    }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row versions (xmin) are PostgreSQL's")
def test_every_counter_is_rewritten_by_every_ballot(congress_world):
    w = congress_world
    for d in w.delegates:
        services.check_in(session=w.session, delegate=d, by=w.chair_a)
    vote = _open_vote(w, "表决")
    services.cast_ballot(vote=vote, user=w.delegates[0].member.user, option_id=_option(vote, "弃权").pk)
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT xmin::text FROM "{VoteOption._meta.db_table}" WHERE vote_id = %s', [vote.pk])
        assert len({row[0] for row in cursor.fetchall()}) == 1


def test_the_counts_are_hidden_until_the_vote_closes(client, congress_world):
    w = congress_world
    for d in w.delegates:
        services.check_in(session=w.session, delegate=d, by=w.chair_a)
    vote = _open_vote(w, "表决")
    services.cast_ballot(vote=vote, user=w.delegates[0].member.user, option_id=_option(vote, "同意").pk)
    client.force_login(w.chair_a)
    page = client.get(reverse("democracy:vote", args=[vote.pk])).content.decode()
    assert 'data-testid="count-同意"' not in page and "无记名投票规则" in page
    api = client.get(f"/api/democracy/votes/{vote.pk}").json()
    assert all(o["count"] is None for o in api["options"]) and api["ballots_cast"] == 1


def _row_counts():
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def test_a_ballot_through_the_api_adds_one_receipt_and_no_other_row(client, congress_world):
    """No row per vote anywhere: not in a log, an audit table or a task queue."""
    w = congress_world
    for d in w.delegates:
        services.check_in(session=w.session, delegate=d, by=w.chair_a)
    vote = _open_vote(w, "表决")
    client.force_login(w.delegates[0].member.user)
    client.get(f"/api/democracy/votes/{vote.pk}")  # the session settles before counting
    before = _row_counts()
    response = client.post(
        f"/api/democracy/votes/{vote.pk}/ballot",
        {"option_id": str(_option(vote, "不同意").pk)},
        content_type="application/json",
    )
    assert response.status_code == 201 and "不同意" not in response.content.decode()
    after = _row_counts()
    grown = {table: after[table] - before[table] for table in after if after[table] != before[table]}
    assert grown == {BallotReceipt._meta.db_table: 1}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row versions (xmin) are PostgreSQL's")
def test_every_tally_and_the_box_are_rewritten_by_every_evaluation_ballot(congress_world):
    w = congress_world
    for d in w.delegates:
        services.check_in(session=w.session, delegate=d, by=w.chair_a)
    evaluation = services.create_evaluation(
        session=w.session, title="评议", leaders=[("张三", "主席"), ("李四", "副主席")]
    )
    services.open_evaluation(evaluation=evaluation)
    first, second = (str(pk) for pk in evaluation.leaders.values_list("pk", flat=True))
    for d, comment in ((w.delegates[0], "意见"), (w.delegates[1], "")):
        services.cast_evaluation(
            evaluation=evaluation,
            user=d.member.user,
            grades={first: "basic", second: "excellent"},
            comment=comment,
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f'SELECT xmin::text FROM "{EvaluationTally._meta.db_table}" WHERE leader_id IN '
                f'(SELECT id FROM "democracy_evaluatedleader" WHERE evaluation_id = %s) '
                f'UNION ALL SELECT xmin::text FROM "{EvaluationBox._meta.db_table}" WHERE evaluation_id = %s',
                [evaluation.pk, evaluation.pk],
            )
            rows = [row[0] for row in cursor.fetchall()]
        assert len(rows) == 9 and len(set(rows)) == 1  # 2 leaders × 4 grades + the box, one transaction
