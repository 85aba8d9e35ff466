"""Democracy services: one keyword-only function per state change, each in one transaction.

Rules from ../shared/RULES.md (numbers are the closing list's):
1 quorum ≥ ⌈2/3 × seated regular delegates⌉; 2 passing over ALL seated delegates (strict by default);
3 secret ballot (see models.py: receipts apart from counters); 4 check-in before vote, closing freezes;
6 term 3–5 years, extension ≤ 1 year; 7 composition; 10 material lead time; 12 joint meetings;
13 proposals; 14 evaluations.
"""

import secrets
import uuid
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, Exists, F, Max, OuterRef, Value, When
from django.utils import timezone

from gonghui.democracy.models import (
    GRADES,
    MOTION_OPTIONS,
    AgendaItem,
    BallotReceipt,
    Category,
    CheckIn,
    Congress,
    CongressKind,
    Delegate,
    DelegateElection,
    DelegateKind,
    DelegateStatus,
    ElectionCandidate,
    EvaluatedLeader,
    EvaluationBox,
    EvaluationReceipt,
    EvaluationTally,
    ItemKind,
    JointDecision,
    JointMeeting,
    LeaderEvaluation,
    MemberEvaluationReceipt,
    Proposal,
    ProposalEvent,
    ProposalStatus,
    Rating,
    Seconding,
    Session,
    SessionStatus,
    Vote,
    VoteKind,
    VoteMethod,
    VoteOption,
    VoteStatus,
)
from gonghui.members.models import Gender, Member, MemberStatus

# ---- congress and term (rule 6) ----------------------------------------------------------


def _years_later(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def check_term(*, starts_on, ends_on, extended_to=None):
    if ends_on <= starts_on:
        raise ValidationError({"ends_on": "届满日期应晚于本届开始日期。"})
    if ends_on < _years_later(starts_on, 3) - timedelta(days=1) or ends_on > _years_later(starts_on, 5):
        raise ValidationError({"ends_on": "每届任期为三至五年。"})
    if extended_to and extended_to > _years_later(ends_on, 1):
        raise ValidationError({"extended_to": "换届延期不得超过一年。"})
    if extended_to and extended_to <= ends_on:
        raise ValidationError({"extended_to": "延期日期应晚于届满日期。"})


@transaction.atomic
def create_congress(*, org, kind, term_number, starts_on, ends_on, by=None, **settings):
    check_term(starts_on=starts_on, ends_on=ends_on, extended_to=settings.get("extended_to"))
    settings.setdefault("by_school_year", kind == CongressKind.TEACHERS)
    if Congress.objects.filter(org=org, kind=kind, term_number=term_number).exists():
        raise ValidationError({"term_number": "该届已登记。"})
    return Congress.objects.create(
        org=org, kind=kind, term_number=term_number, starts_on=starts_on, ends_on=ends_on, **settings
    )


def congress_kind_for(org) -> str:
    """Rule 9: schools ≥80 staff → 教代会; units ≥100 staff → 职代会; fewer → 职工大会."""
    staff = org.employee_count or 0
    if org.unit_type == "school":
        return CongressKind.TEACHERS if staff >= 80 else CongressKind.ASSEMBLY
    return CongressKind.WORKERS if staff >= 100 else CongressKind.ASSEMBLY


# ---- delegates (rules 7, 8) --------------------------------------------------------------


@transaction.atomic
def add_delegate(*, congress, member, category, elected_on, kind=DelegateKind.REGULAR, delegation="",
                 constituency="", replaces=None):  # fmt: skip
    if member.org.path[: len(congress.org.path)] != congress.org.path:
        raise ValidationError({"member": "代表须是本单位会员。"})
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError({"member": "该会员已不在会，不能当选代表。"})
    if Delegate.objects.filter(congress=congress, member=member, status=DelegateStatus.SEATED).exists():
        raise ValidationError({"member": "该会员已是本届代表。"})
    if elected_on > congress.term_end:
        raise ValidationError({"elected_on": "当选日期不能晚于本届届满日期。"})
    if replaces is not None:
        if replaces.congress_id != congress.pk or replaces.status != DelegateStatus.ENDED:
            raise ValidationError({"replaces": "补选只能接替本届已终止的代表。"})
        if replaces.replaced_by.exists():
            raise ValidationError({"replaces": "该代表已有补选接替人。"})
    return Delegate.objects.create(
        org=congress.org,
        congress=congress,
        member=member,
        kind=kind,
        category=category,
        delegation=delegation,
        constituency=constituency,
        elected_on=elected_on,
        replaces=replaces,
    )


@transaction.atomic
def end_mandate(*, delegate, on, reason):
    """A delegate leaves the employer/constituency, is recalled or resigns: the mandate ends that day,
    and the quorum base of every session from that day on no longer counts them."""
    if delegate.status == DelegateStatus.ENDED:
        raise ValidationError("该代表资格已终止。")
    if on < delegate.elected_on:
        raise ValidationError({"ended_on": "终止日期不能早于当选日期。"})
    delegate.status, delegate.ended_on, delegate.end_reason = DelegateStatus.ENDED, on, reason
    delegate.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
    return delegate


def election_valid(*, constituency_staff, voters, winner_yes, strict=False):
    """Rule 8: ≥2/3 of the constituency's staff vote; winner's yes ≥ ½ of all staff (strict > ½ ⚙)."""
    if constituency_staff <= 0:
        return False
    turnout = voters * 3 >= constituency_staff * 2
    half = winner_yes * 2 > constituency_staff if strict else winner_yes * 2 >= constituency_staff
    return turnout and half


EXTRA_SESSION_RULE = (
    "临时会议可由行政方、工会或三分之一以上职工代表提议召开"
    "（上海市职工代表大会条例第二十二条；浙江省企业民主管理条例第十五条）。"
)


def _election_rule(congress, electorate):
    turnout = -(-2 * electorate // 3)
    if congress.election_strict:
        half, word = electorate // 2 + 1, "超过"
    else:
        half, word = -(-electorate // 2), "达到"
    text = (
        f"选区职工{electorate}人：须有三分之二以上（至少{turnout}人）参加投票，"
        f"当选人赞成票须{word}选区全体职工半数（至少{half}票）"
    )
    return turnout, half, text


@transaction.atomic
def record_delegate_election(*, congress, constituency, held_on, electorate, ballots_cast, votes, by,
                             seats=1, category=Category.FRONTLINE, delegation=""):  # fmt: skip
    """Rule 8: record one constituency's election. `votes`: (member, yes-votes) pairs. The record is
    kept even when the election is invalid (it is the history); only a valid one seats anybody."""
    constituency = constituency.strip()
    if not constituency:
        raise ValidationError({"constituency": "请填写选区。"})
    if held_on > congress.term_end:
        raise ValidationError({"held_on": "选举日期不能晚于本届届满日期。"})
    if electorate < 1:
        raise ValidationError({"electorate": "选区职工人数至少为1。"})
    if ballots_cast > electorate:
        raise ValidationError({"ballots_cast": f"参加投票{ballots_cast}人，超过选区职工{electorate}人。"})
    if seats < 1:
        raise ValidationError({"seats": "应选名额至少为1。"})
    votes = list(votes)
    if not votes:
        raise ValidationError({"votes": "请至少填写一名候选人及其得票。"})
    seen = set()
    for member, n in votes:
        if member.pk in seen:
            raise ValidationError({"votes": f"候选人{member.name}重复。"})
        seen.add(member.pk)
        if member.org.path[: len(congress.org.path)] != congress.org.path:
            raise ValidationError({"votes": f"{member.name}不是本单位会员，不能作为候选人。"})
        if n < 0 or n > ballots_cast:
            raise ValidationError({"votes": f"{member.name}得票{n}，应在0至参加投票人数{ballots_cast}之间。"})
    if sum(n for _, n in votes) > ballots_cast * seats:
        raise ValidationError({"votes": f"得票合计超过参加投票人数×应选名额（{ballots_cast * seats}）。"})
    turnout_needed, half, rule_text = _election_rule(congress, electorate)
    valid = election_valid(
        constituency_staff=electorate, voters=ballots_cast, winner_yes=max(n for _, n in votes),
        strict=congress.election_strict,
    )  # fmt: skip
    ranked = sorted(votes, key=lambda mv: -mv[1])
    reaching = [(m, n) for m, n in ranked if n >= half]
    elected = reaching[:seats]
    tie = len(reaching) > seats and reaching[seats][1] == reaching[seats - 1][1]
    if tie:  # the last seat is tied: nobody on that score is elected, a further ballot decides
        elected = [(m, n) for m, n in elected if n > reaching[seats][1]]
    if ballots_cast < turnout_needed:
        result, elected = f"参加投票{ballots_cast}人，不足三分之二（{turnout_needed}人），选举无效", []
    elif elected:
        result = "当选：" + "、".join(m.name for m, _ in elected)
        if tie:
            result += "；末位得票相同，须另行选举"
    else:
        result = "无候选人获得选区全体职工半数赞成票，未选出代表" + (
            "（末位得票相同，须另行选举）" if tie else ""
        )
    election = DelegateElection.objects.create(
        org=congress.org, congress=congress, constituency=constituency, held_on=held_on, electorate=electorate,
        ballots_cast=ballots_cast, seats=seats, category=category, delegation=delegation,
        valid=valid and ballots_cast >= turnout_needed, rule_text=rule_text, result_text=result, created_by=by,
    )  # fmt: skip
    chosen = {m.pk for m, _ in elected}
    ElectionCandidate.objects.bulk_create(
        ElectionCandidate(org=congress.org, election=election, member=m, votes=n, elected=m.pk in chosen)
        for m, n in ranked
    )
    return election


@transaction.atomic
def seat_elected_delegates(*, election, on=None):
    """Seat the candidates a valid election elected (delegate from `on`, default the election day).
    An elected candidate replaces, in order, ended delegates of the same constituency that nobody has
    replaced yet (a by-election, 补选), so the roster keeps the history."""
    election = DelegateElection.objects.select_for_update().select_related("congress").get(pk=election.pk)
    if not election.valid:
        raise ValidationError("选举无效，不能据此确认代表。")
    if election.seated_on:
        raise ValidationError("该次选举的代表已确认就任。")
    winners = list(election.candidates.filter(elected=True).select_related("member__org"))
    if not winners:
        raise ValidationError("该次选举没有当选人。")
    on = on or election.held_on
    vacancies = list(
        Delegate.objects.filter(
            congress=election.congress, constituency=election.constituency, status=DelegateStatus.ENDED,
            replaced_by__isnull=True,
        ).order_by("ended_on")
    )  # fmt: skip
    for candidate in winners:
        delegate = add_delegate(
            congress=election.congress, member=candidate.member, category=election.category, elected_on=on,
            delegation=election.delegation, constituency=election.constituency,
            replaces=vacancies.pop(0) if vacancies else None,
        )  # fmt: skip
        candidate.delegate = delegate
        candidate.save(update_fields=["delegate", "updated_at"])
    election.seated_on = on
    election.save(update_fields=["seated_on", "updated_at"])
    return election


@transaction.atomic
def request_extraordinary_session(*, congress, held_on, requesters, by, place="", mode="onsite"):
    """Rule 5: delegates may ask for an extra session when ≥ ⌈1/3 × seated delegates⌉ of them ask.
    `requesters`: the delegates who signed, from the roster (seated regular delegates today)."""
    today = timezone.localdate()
    seated = Delegate.objects.filter(congress=congress).seated_on(today)
    requesters = list({d.pk: d for d in requesters}.values())
    outsiders = [d for d in requesters if not seated.filter(pk=d.pk).exists()]
    if outsiders:
        names = "、".join(d.member.name for d in outsiders)
        raise ValidationError({"requesters": f"{names}不是本届在任正式代表，不计入提议人数。"})
    total = seated.count()
    needed = -(-total // 3)
    if total == 0 or len(requesters) < needed:
        raise ValidationError(
            {"requesters": f"提议代表{len(requesters)}人，不足全体在任代表{total}人的三分之一（{needed}人）。"
                           f"{EXTRA_SESSION_RULE}"}
        )  # fmt: skip
    session = create_session(
        congress=congress, held_on=held_on, by=by, place=place, mode=mode, extraordinary=True,
        requested_by=f"{len(requesters)}名代表联名（全体在任代表{total}人）",
    )  # fmt: skip
    session.requesting_delegates.set(requesters)
    return session


def composition(congress, day=None):
    """Rule 7: the roster's shares and which checks fail. Returns a dict for the roster page."""
    day = day or date.today()
    seated = list(Delegate.objects.filter(congress=congress).seated_on(day).select_related("member"))
    total = len(seated)

    def pct(n):
        return round(100 * n / total, 1) if total else None

    managers = sum(1 for d in seated if d.category == Category.MANAGER)
    teachers = sum(1 for d in seated if d.category == Category.TEACHER)
    frontline = sum(1 for d in seated if d.category == Category.FRONTLINE)
    women = sum(1 for d in seated if d.member.gender == Gender.FEMALE)
    checks = []
    if total:
        checks.append(
            (f"中层以上管理人员不超过{congress.managers_cap_pct}%", pct(managers),
             managers * 100 <= congress.managers_cap_pct * total)
        )  # fmt: skip
        if congress.kind == CongressKind.TEACHERS:
            checks.append(
                (f"教师代表不少于{congress.teachers_min_pct}%", pct(teachers),
                 teachers * 100 >= congress.teachers_min_pct * total)
            )  # fmt: skip
        if congress.frontline_min_pct:
            checks.append(
                (f"一线职工不少于{congress.frontline_min_pct}%", pct(frontline),
                 frontline * 100 >= congress.frontline_min_pct * total)
            )  # fmt: skip
        if congress.check_women_share and congress.women_staff_pct is not None:
            checks.append(
                (f"女代表比例不低于女职工比例{congress.women_staff_pct}%", pct(women),
                 women * 100 >= congress.women_staff_pct * total)
            )  # fmt: skip
    return {
        "total": total,
        "managers": managers,
        "teachers": teachers,
        "frontline": frontline,
        "women": women,
        "checks": [{"label": label, "pct": value, "ok": ok} for label, value, ok in checks],
        "ok": all(ok for _, _, ok in checks),
    }


# ---- sessions ----------------------------------------------------------------------------


@transaction.atomic
def create_session(*, congress, held_on, by, place="", mode="onsite", extraordinary=False, requested_by="",
                   proposals_open_on=None, proposals_close_on=None, materials_sent_on=None):  # fmt: skip
    if held_on < congress.starts_on or held_on > congress.term_end:
        raise ValidationError({"held_on": "会议日期应在本届任期内。"})
    if proposals_open_on and proposals_close_on and proposals_close_on < proposals_open_on:
        raise ValidationError({"proposals_close_on": "征集截止日期不能早于开始日期。"})
    if proposals_close_on and proposals_close_on > held_on:
        raise ValidationError({"proposals_close_on": "提案征集应在会议召开前截止。"})
    if extraordinary and not requested_by:
        raise ValidationError({"requested_by": "临时会议请注明提议方（行政、工会或三分之一以上代表）。"})
    number = (congress.sessions.aggregate(n=Max("number"))["n"] or 0) + 1
    return Session.objects.create(
        org=congress.org,
        congress=congress,
        number=number,
        held_on=held_on,
        place=place,
        mode=mode,
        extraordinary=extraordinary,
        requested_by=requested_by,
        proposals_open_on=proposals_open_on,
        proposals_close_on=proposals_close_on,
        materials_sent_on=materials_sent_on,
        created_by=by,
    )


def _not_closed(session):
    if session.status == SessionStatus.CLOSED:
        raise ValidationError("会议已闭会，记录已冻结。")


@transaction.atomic
def add_agenda_item(*, session, title, kind=ItemKind.APPROVE, material=""):
    _not_closed(session)
    position = (session.items.aggregate(n=Max("position"))["n"] or 0) + 1
    return AgendaItem.objects.create(
        org=session.org, session=session, position=position, title=title, kind=kind, material=material
    )


@transaction.atomic
def send_materials(*, session, on):
    _not_closed(session)
    session.materials_sent_on = on
    session.save(update_fields=["materials_sent_on", "updated_at"])
    return session


@transaction.atomic
def open_session(*, session):
    _not_closed(session)
    session.status = SessionStatus.OPEN
    session.save(update_fields=["status", "updated_at"])
    return session


@transaction.atomic
def check_in(*, session, delegate, by, by_self=False):
    """Rule 4: attendance is recorded per delegate (on the phone, or ticked by staff)."""
    _not_closed(session)
    if delegate.congress_id != session.congress_id:
        raise ValidationError("该代表不属于本届大会。")
    if delegate.kind == DelegateKind.REGULAR and not delegate.is_seated_on(session.held_on):
        raise ValidationError("该代表在会议当日不具有代表资格。")
    attendance, created = CheckIn.objects.get_or_create(
        session=session,
        delegate=delegate,
        defaults={"org": session.org, "recorded_by": by, "by_self": by_self},
    )
    return attendance


@transaction.atomic
def undo_check_in(*, attendance):
    session = Session.objects.select_for_update().get(pk=attendance.session_id)
    _not_closed(session)
    if session.votes.filter(status=VoteStatus.OPEN).exists():
        raise ValidationError("表决进行中，不能撤销签到。")
    attendance.delete()


@transaction.atomic
def close_session(*, session, minutes=""):
    """Closing freezes the session: the day its results are fixed (for publication and the report)."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    _not_closed(session)
    if (
        session.votes.filter(status=VoteStatus.OPEN).exists()
        or session.evaluations.filter(status=VoteStatus.OPEN).exists()
    ):
        raise ValidationError("尚有进行中的表决或评议，请先结束。")
    session.status = SessionStatus.CLOSED
    session.closed_at = timezone.now()
    session.results_closed_on = timezone.localdate()
    if minutes:
        session.minutes = minutes
    session.save()
    # Rule 12: joint-meeting decisions since the last session are reported to this one.
    JointDecision.objects.filter(meeting__congress=session.congress_id, reported_to__isnull=True).update(
        reported_to=session
    )
    return session


@transaction.atomic
def record_upper_report(*, session, on):
    """Rule 11: the session was reported to the upper union (due within N working days of closing)."""
    if session.status != SessionStatus.CLOSED:
        raise ValidationError("会议闭会后才能报告上级工会。")
    if on < session.results_closed_on:
        raise ValidationError({"sent_on": "报告日期不能早于闭会日期。"})
    session.reported_upper_on = on
    session.save(update_fields=["reported_upper_on", "updated_at"])
    return session


# ---- votes (rules 1–4) -------------------------------------------------------------------


@transaction.atomic
def create_vote(*, item, title="", kind=VoteKind.MOTION, method=VoteMethod.ELECTRONIC, candidates=(),
                supersedes=None):  # fmt: skip
    session = item.session
    _not_closed(session)
    if item.kind not in (ItemKind.APPROVE, ItemKind.ELECTION):
        raise ValidationError("只有“审议通过”或“选举”议题可以付诸表决。")
    labels = list(MOTION_OPTIONS)
    if kind == VoteKind.ELECTION:
        labels = [c.strip() for c in candidates if c.strip()]
        if len(labels) < 1 or len(set(labels)) != len(labels):
            raise ValidationError({"candidates": "请填写候选人，每行一人，不要重复。"})
        labels.append("弃权")
    if supersedes is not None and (supersedes.status != VoteStatus.CLOSED or hasattr(supersedes, "revote")):
        raise ValidationError("只能对已结束且尚未重新表决的表决发起重新表决。")
    vote = Vote.objects.create(
        org=session.org,
        session=session,
        item=item,
        title=title or item.title,
        kind=kind,
        method=method,
        supersedes=supersedes,
    )
    VoteOption.objects.bulk_create(
        VoteOption(vote=vote, position=i, label=label, is_yes=(kind == VoteKind.MOTION and i == 0))
        for i, label in enumerate(labels)
    )
    return vote


@transaction.atomic
def open_vote(*, vote, by):
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    session = vote.session
    _not_closed(session)
    if vote.status != VoteStatus.DRAFT:
        raise ValidationError("该表决已开始或已结束。")
    seated = session.seated().count()
    if not seated:
        raise ValidationError("本届没有在任的正式代表，不能表决。")
    present = session.present_count()
    needed = session.quorum_needed(seated)
    if present < needed:
        raise ValidationError(
            f"实到代表{present}人，未达到全体代表{seated}人的三分之二（{needed}人），不能开始表决。"
        )
    vote.status, vote.opened_at, vote.opened_by = VoteStatus.OPEN, timezone.now(), by
    vote.save(update_fields=["status", "opened_at", "opened_by", "updated_at"])
    if session.status == SessionStatus.PLANNED:
        Session.objects.filter(pk=session.pk).update(status=SessionStatus.OPEN)
    return vote


def voting_delegate(vote_or_session, user):
    """The user's seated regular delegate row for the session, if they hold one and checked in."""
    session = getattr(vote_or_session, "session", vote_or_session)
    delegate = session.seated().filter(member__user=user).first()
    return delegate


def _eligible(session, user):
    checked_in = CheckIn.objects.filter(session=session, delegate=OuterRef("pk"))
    delegate = (
        Delegate.objects.filter(congress=session.congress_id, member__user=user, status=DelegateStatus.SEATED)
        .annotate(checked_in=Exists(checked_in))
        .first()
    )
    if delegate is None:
        raise ValidationError("您不是本届大会的代表，不能投票。")
    if delegate.kind != DelegateKind.REGULAR:
        raise ValidationError("列席、特邀代表没有表决权。")
    if not delegate.is_seated_on(session.held_on):
        raise ValidationError("您在会议当日不具有代表资格。")
    if not delegate.checked_in:
        raise ValidationError("请先签到再投票。")
    return delegate


def _share_locked_row(queryset):
    """One row of `queryset` read under FOR SHARE on PostgreSQL (Django's select_for_update has no
    shared mode). Ballots hold it side by side; closing takes FOR UPDATE on the same row, so it waits
    for every ballot in flight, and a ballot queued behind a close reads the closed status. SQLite
    runs IMMEDIATE transactions (settings), so there every writer is serialised anyway."""
    sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    if connection.vendor == "postgresql":
        sql += " FOR SHARE"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _rewrite_counters(vote_id, option_id):
    """+1 on the chosen counter, +0 on every other one of the vote, in one statement. On PostgreSQL
    the rows are locked in position order first (a plain UPDATE locks them in scan order, which
    differs between row versions: ballots side by side deadlocked), so ballots queue on the counters
    for just this statement and the commit."""
    if connection.vendor != "postgresql":
        VoteOption.objects.filter(vote_id=vote_id).update(
            count=F("count") + Case(When(pk=option_id, then=Value(1)), default=Value(0))
        )
        return
    table = connection.ops.quote_name(VoteOption._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS o SET count = o.count + CASE WHEN o.id = %s THEN 1 ELSE 0 END "
            f"FROM (SELECT id FROM {table} WHERE vote_id = %s ORDER BY position FOR UPDATE) AS locked "
            "WHERE o.id = locked.id",
            [option_id, vote_id],
        )


def cast_ballot(*, vote, user, option_id):
    """One secret ballot. The receipt (who) and the counter (what) are written in one transaction;
    every counter of the vote is rewritten (+1 for the choice, +0 for the others) so nothing in the
    stored rows tells which one this ballot raised. A second ballot is refused, the first kept.
    Ballots run side by side: each holds the vote row in share mode (see _share_locked_row), the
    unique receipt (vote, delegate) refuses a second ballot, and they queue only on the counter rows."""
    if vote.method != VoteMethod.ELECTRONIC:
        raise ValidationError("本表决为纸质投票，请在会场投纸质选票。")
    if not isinstance(option_id, uuid.UUID):
        try:
            option_id = uuid.UUID(str(option_id))
        except ValueError:
            option_id = None
    delegate = _eligible(vote.session, user)
    try:
        with transaction.atomic():
            status, option_ok = _share_locked_row(
                Vote.objects.filter(pk=vote.pk)
                .annotate(option_ok=Exists(VoteOption.objects.filter(vote=OuterRef("pk"), pk=option_id)))
                .values_list("status", "option_ok")
            )
            if status != VoteStatus.OPEN:
                raise ValidationError("表决未开始或已结束。")
            if not option_ok:
                raise ValidationError("请选择一个有效的选项。")
            BallotReceipt.objects.create(vote=vote, delegate=delegate)
            _rewrite_counters(vote.pk, option_id)
    except IntegrityError:
        raise ValidationError("您已投过票，每位代表只能投一次；第一次投票有效。") from None


def has_voted(vote, delegate) -> bool:
    return delegate is not None and BallotReceipt.objects.filter(vote=vote, delegate=delegate).exists()


@transaction.atomic
def enter_paper_tally(*, vote, counts: dict, teller_1: str, teller_2: str):
    """Paper ballots: two named tellers enter the counted totals per option (label → count)."""
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    if vote.method != VoteMethod.PAPER:
        raise ValidationError("只有纸质投票需要录入计票结果。")
    if vote.status != VoteStatus.OPEN:
        raise ValidationError("表决未开始或已结束。")
    teller_1, teller_2 = teller_1.strip(), teller_2.strip()
    if not teller_1 or not teller_2:
        raise ValidationError({"teller_2": "计票须有计票人和监票人两人签名。"})
    if teller_1 == teller_2:
        raise ValidationError({"teller_2": "计票人和监票人不能是同一人。"})
    options = vote.option_rows()
    total = 0
    for option in options:
        value = counts.get(option.label, 0)
        if not isinstance(value, int) or value < 0:
            raise ValidationError("票数应为不小于0的整数。")
        total += value
    present = vote.session.present_count()
    if total > present:
        raise ValidationError(f"票数合计{total}超过实到代表{present}人。")
    for option in options:
        option.count = counts.get(option.label, 0)
        option.save(update_fields=["count"])
    vote.teller_1, vote.teller_2 = teller_1, teller_2
    vote.save(update_fields=["teller_1", "teller_2", "updated_at"])
    return vote


@transaction.atomic
def close_vote(*, vote, by):
    """Rule 4: closing freezes the base, attendance, time and result. Passing is rule 2."""
    vote = Vote.objects.select_for_update().select_related("session__congress").get(pk=vote.pk)
    if vote.status != VoteStatus.OPEN:
        raise ValidationError("该表决不在进行中。")
    if vote.method == VoteMethod.PAPER and not (vote.teller_1 and vote.teller_2):
        raise ValidationError("请先由计票人、监票人录入纸质选票计票结果。")
    session, congress = vote.session, vote.session.congress
    seated = session.seated().count()
    options = vote.option_rows()
    needed = congress.majority_needed(seated)
    electronic = vote.method == VoteMethod.ELECTRONIC
    cast = vote.receipts.count() if electronic else sum(o.count for o in options)
    if vote.kind == VoteKind.MOTION:
        yes = next(o.count for o in options if o.is_yes)
        vote.passed = yes >= needed
        result = f"赞成{yes}票，{'通过' if vote.passed else '未通过'}"
    else:
        elected = [o.label for o in options if o.label != "弃权" and o.count >= needed]
        vote.passed = bool(elected)
        result = f"当选：{'、'.join(elected)}" if elected else "无人获得全体代表过半数赞成，未当选"
    vote.status, vote.closed_at, vote.closed_by = VoteStatus.CLOSED, timezone.now(), by
    vote.seated_count, vote.present_count, vote.ballots_cast, vote.needed = (
        seated,
        session.present_count(),
        cast,
        needed,
    )
    vote.rule_text = f"{congress.majority_rule_text}：全体代表{seated}人，至少需{needed}票"
    vote.result_text = result
    vote.save()
    return vote


# ---- proposals (rule 13) -----------------------------------------------------------------


def _proposal_event(proposal, step, by, note=""):
    ProposalEvent.objects.create(org=proposal.org, proposal=proposal, step=step, note=note, by=by)


def delegate_of(session, user):
    """The user's current delegate row in the session's congress (any kind), or None."""
    return session.congress.delegates.filter(member__user=user, status=DelegateStatus.SEATED).first()


@transaction.atomic
def draft_proposal(*, session, delegate, by, title, reasons, suggestion):
    if (
        delegate is None
        or delegate.congress_id != session.congress_id
        or delegate.status != DelegateStatus.SEATED
    ):
        raise ValidationError("只有本届代表可以提出提案；其他意见请通过合理化建议或信箱反映。")
    if session.status == SessionStatus.CLOSED:
        raise ValidationError("会议已闭会，请在下次会议征集期内提出。")
    if not title.strip() or not reasons.strip() or not suggestion.strip():
        raise ValidationError("案由、理由、办法或措施都要填写（一事一案）。")
    proposal = Proposal.objects.create(
        org=session.org,
        session=session,
        proposer=delegate,
        title=title.strip(),
        reasons=reasons,
        suggestion=suggestion,
    )
    _proposal_event(proposal, "起草", by)
    return proposal


@transaction.atomic
def invite_seconder(*, proposal, delegate, by):
    if proposal.status != ProposalStatus.DRAFT:
        raise ValidationError("提案已提交，不能再邀请附议。")
    if delegate.pk == proposal.proposer_id:
        raise ValidationError({"delegate": "提案人不能为自己的提案附议。"})
    if delegate.congress_id != proposal.session.congress_id or delegate.status != DelegateStatus.SEATED:
        raise ValidationError({"delegate": "附议人须是本届在任代表。"})
    if delegate.kind != DelegateKind.REGULAR:
        raise ValidationError({"delegate": "列席、特邀代表不能附议。"})
    seconding, _ = Seconding.objects.get_or_create(
        proposal=proposal, delegate=delegate, defaults={"org": proposal.org}
    )
    return seconding


@transaction.atomic
def accept_seconding(*, seconding, by, on=None):
    """The invited delegate seconds (the caller has checked it is them)."""
    if seconding.proposal.status != ProposalStatus.DRAFT:
        raise ValidationError("提案已提交，附议已截止。")
    seconding.accepted_on = on or timezone.localdate()
    seconding.save(update_fields=["accepted_on", "updated_at"])
    _proposal_event(seconding.proposal, "附议", by, str(seconding.delegate.member.name))
    return seconding


@transaction.atomic
def submit_proposal(*, proposal, by, on=None):
    if proposal.status != ProposalStatus.DRAFT:
        raise ValidationError("提案已提交。")
    proposal.status = ProposalStatus.SUBMITTED
    proposal.submitted_on = on or timezone.localdate()
    proposal.save(update_fields=["status", "submitted_on", "updated_at"])
    _proposal_event(proposal, "提交", by)
    return proposal


def qualifies(proposal) -> list[str]:
    """Why a proposal cannot be 立案 (empty = it may): deadline and seconders (rule 13)."""
    problems = []
    session, congress = proposal.session, proposal.session.congress
    deadline = session.proposals_close_on
    if deadline and proposal.submitted_on and proposal.submitted_on > deadline:
        problems.append(f"提交日期晚于征集截止日期{deadline:%Y-%m-%d}")
    seconders = proposal.seconder_count()
    if seconders < congress.seconders_min:
        problems.append(f"附议代表{seconders}人，少于{congress.seconders_min}人")
    return problems


@transaction.atomic
def decide_proposal(*, proposal, by, accept: bool, reason="", lead_department="", co_departments="",
                    on=None):  # fmt: skip
    """The proposals committee: 立案 with one lead department and a reply deadline, or an 意见/建议."""
    if proposal.status != ProposalStatus.SUBMITTED:
        raise ValidationError("只有已提交待审查的提案可以审查。")
    on = on or timezone.localdate()
    problems = qualifies(proposal)
    if accept and problems:
        raise ValidationError("不符合立案条件：" + "；".join(problems) + "。可转为意见建议。")
    proposal.decided_on = on
    if accept:
        if not lead_department.strip():
            raise ValidationError({"lead_department": "立案须确定一个主办部门。"})
        proposal.status = ProposalStatus.ACCEPTED
        proposal.accepted_on = on
        proposal.lead_department, proposal.co_departments = lead_department.strip(), co_departments
        proposal.reply_due = on + timedelta(days=proposal.session.congress.reply_days)
        proposal.number = (
            Proposal.objects.filter(session=proposal.session).aggregate(n=Max("number"))["n"] or 0
        ) + 1
        proposal.decision_reason = reason
        _proposal_event(proposal, "立案", by, f"主办：{proposal.lead_department}")
    else:
        reason = reason.strip() or "；".join(problems)
        if not reason:
            raise ValidationError({"reason": "不予立案须说明理由。"})
        proposal.status = ProposalStatus.OPINION
        proposal.decision_reason = reason
        _proposal_event(proposal, "转为意见建议", by, reason)
    proposal.save()
    return proposal


@transaction.atomic
def reply_proposal(*, proposal, by, reply, on=None):
    if proposal.status != ProposalStatus.ACCEPTED:
        raise ValidationError("只有办理中的提案可以答复。")
    if not reply.strip():
        raise ValidationError({"reply": "请填写书面答复。"})
    proposal.reply, proposal.replied_on = reply, on or timezone.localdate()
    proposal.status = ProposalStatus.ANSWERED
    proposal.save()
    _proposal_event(proposal, "答复", by, "逾期答复" if proposal.replied_late else "")
    return proposal


@transaction.atomic
def rate_proposal(*, proposal, by, rating):
    """The proposer rates the reply (the caller has checked it is them); 不满意 reopens it."""
    if proposal.status != ProposalStatus.ANSWERED:
        raise ValidationError("提案尚未答复，不能评价。")
    if rating not in Rating.values:
        raise ValidationError({"rating": "请选择满意、基本满意或不满意。"})
    proposal.rating, proposal.rated_on = rating, timezone.localdate()
    if rating == Rating.UNSATISFIED:  # 不满意 reopens it for another round
        proposal.status = ProposalStatus.ACCEPTED
        proposal.rounds += 1
        proposal.reply_due = proposal.rated_on + timedelta(days=proposal.session.congress.reply_days)
        proposal.replied_on = None
    else:
        proposal.status = ProposalStatus.DONE
    proposal.save()
    _proposal_event(proposal, "评价", by, Rating(rating).label)
    return proposal


def handling_report(session):
    """提案办理情况报告 for `session`: every 立案 proposal of earlier sessions of the congress
    that is still unanswered, plus those answered, with counts."""
    earlier = Proposal.objects.filter(
        session__congress=session.congress_id, session__number__lt=session.number
    ).exclude(status__in=[ProposalStatus.DRAFT, ProposalStatus.SUBMITTED, ProposalStatus.OPINION])
    rows = list(earlier.select_related("proposer__member", "session").order_by("session__number", "number"))
    return {
        "session": session,
        "rows": rows,
        "unanswered": [p for p in rows if p.status == ProposalStatus.ACCEPTED],
        "answered": [p for p in rows if p.status != ProposalStatus.ACCEPTED],
        "late": [p for p in rows if p.replied_late],
        "opinions": Proposal.objects.filter(
            session__congress=session.congress_id,
            session__number__lt=session.number,
            status=ProposalStatus.OPINION,
        ).count(),  # fmt: skip
    }


# ---- 民主评议 (rule 14) --------------------------------------------------------------------


@transaction.atomic
def create_evaluation(*, session, title, leaders, by_members=False, method=VoteMethod.ELECTRONIC):
    """`leaders`: (name, post) pairs. `by_members` ⚙: every active member of the union takes part
    (one ballot each) instead of the seated delegates. `method`: on phones, or sealed paper envelopes
    counted by two tellers."""
    _not_closed(session)
    if method not in VoteMethod.values:
        raise ValidationError({"method": "请选择评议方式。"})
    leaders = [(n.strip(), p.strip()) for n, p in leaders if n.strip()]
    if not leaders:
        raise ValidationError({"leaders": "请至少填写一名被评议人（每行：姓名 职务）。"})
    evaluation = LeaderEvaluation.objects.create(
        org=session.org, session=session, title=title, by_members=by_members, method=method
    )
    EvaluationBox.objects.create(evaluation=evaluation)
    for i, (name, post) in enumerate(leaders, 1):
        leader = EvaluatedLeader.objects.create(
            org=session.org, evaluation=evaluation, name=name, post=post, position=i
        )
        EvaluationTally.objects.bulk_create(EvaluationTally(leader=leader, grade=g) for g, _ in GRADES)
    return evaluation


def evaluation_electorate(evaluation):
    """Who may take part: the active members of the union (⚙ by_members) or the seated delegates."""
    if evaluation.by_members:
        return Member.objects.in_subtree(evaluation.session.org).filter(status=MemberStatus.ACTIVE)
    return evaluation.session.seated()


def evaluation_receipts(evaluation):
    return evaluation.member_receipts if evaluation.by_members else evaluation.receipts


def _member_evaluator(evaluation, user):
    member = evaluation_electorate(evaluation).filter(user=user).first()
    if member is None:
        raise ValidationError("您不是本单位在会会员，不能参加本次评议。")
    return member


@transaction.atomic
def open_evaluation(*, evaluation):
    evaluation = LeaderEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.status != VoteStatus.DRAFT:
        raise ValidationError("该评议已开始或已结束。")
    session = evaluation.session
    _not_closed(session)
    if not evaluation.by_members and not session.is_quorate():
        raise ValidationError("实到代表未达到全体代表的三分之二，不能开始评议。")
    evaluation.status, evaluation.opened_at = VoteStatus.OPEN, timezone.now()
    evaluation.save(update_fields=["status", "opened_at", "updated_at"])
    return evaluation


def cast_evaluation(*, evaluation, user, grades: dict, comment=""):
    """`grades`: leader id (str) → grade. Every tally of the evaluation is rewritten; the comment goes
    into the box at a random place; the receipt says only that this delegate took part. As with votes,
    ballots hold the evaluation row in share mode (closing waits for them) and queue only on the box,
    which every ballot rewrites and locks first, so the tallies behind it cannot deadlock."""
    try:
        with transaction.atomic():
            (status,) = _share_locked_row(
                LeaderEvaluation.objects.filter(pk=evaluation.pk).values_list("status")
            )
            if status != VoteStatus.OPEN:
                raise ValidationError("评议未开始或已结束。")
            if evaluation.method != VoteMethod.ELECTRONIC:
                raise ValidationError("本次评议为纸质无记名评议，请在会场填写评议票并封入信封。")
            if evaluation.by_members:
                voter = _member_evaluator(evaluation, user)
            else:
                voter = _eligible(evaluation.session, user)
            valid = {g for g, _ in GRADES}
            chosen = {}
            for leader in evaluation.leaders.all():
                grade = grades.get(str(leader.pk))
                if grade not in valid:
                    raise ValidationError(f"请为{leader.name}选择评议等次。")
                chosen[leader.pk] = grade
            if evaluation.by_members:
                MemberEvaluationReceipt.objects.create(evaluation=evaluation, member=voter)
            else:
                EvaluationReceipt.objects.create(evaluation=evaluation, delegate=voter)
            box = EvaluationBox.objects.select_for_update().get(evaluation=evaluation)
            whens = [When(leader_id=pk, grade=grade, then=Value(1)) for pk, grade in chosen.items()]
            EvaluationTally.objects.filter(leader__evaluation=evaluation).update(
                count=F("count") + Case(*whens, default=Value(0))
            )
            comments = list(box.comments)
            if comment.strip():
                comments.insert(secrets.randbelow(len(comments) + 1), comment.strip()[:500])
            EvaluationBox.objects.filter(pk=box.pk).update(comments=comments)
    except IntegrityError:
        raise ValidationError("您已参加过本次评议，每人只能评议一次；第一次评议有效。") from None


@transaction.atomic
def enter_paper_evaluation(*, evaluation, counts: dict, ballots: int, ballots_issued: int | None = None,
                           teller_1: str = "", teller_2: str = ""):  # fmt: skip
    """Sealed paper envelopes counted by hand (rule 14): two different named tellers; `ballots_issued`
    评议票 handed out (at most the electorate: present delegates, or active members ⚙), `ballots` the
    envelopes returned (≤ issued), and `counts` leader id → {grade: n} with each leader's grades
    adding up to at most the returned ballots (a blank or spoilt line counts for no grade)."""
    evaluation = LeaderEvaluation.objects.select_for_update().select_related("session").get(pk=evaluation.pk)
    if evaluation.method != VoteMethod.PAPER:
        raise ValidationError("本次评议在手机上进行，不需要录入纸质评议票。")
    if evaluation.status != VoteStatus.OPEN:
        raise ValidationError("评议未开始或已结束。")
    teller_1, teller_2 = teller_1.strip(), teller_2.strip()
    if not teller_1 or not teller_2:
        raise ValidationError({"teller_2": "计票须有计票人和监票人两人签名。"})
    if teller_1 == teller_2:
        raise ValidationError({"teller_2": "计票人和监票人不能是同一人。"})
    issued = ballots if ballots_issued is None else ballots_issued
    for label, value in (("发出评议票", issued), ("收回评议票", ballots)):
        if not isinstance(value, int) or value < 0:
            raise ValidationError(f"{label}数应为不小于0的整数。")
    if evaluation.by_members:
        limit, who = evaluation_electorate(evaluation).count(), "在会会员"
    else:
        limit, who = evaluation.session.present_count(), "实到代表"
    if issued > limit:
        raise ValidationError({"ballots_issued": f"发出评议票{issued}张，超过{who}{limit}人。"})
    if ballots > issued:
        raise ValidationError({"ballots": f"收回评议票{ballots}张，超过发出的{issued}张。"})
    valid = {g for g, _ in GRADES}
    leaders = list(evaluation.leaders.all())
    for leader in leaders:
        given = counts.get(leader.pk, {})
        if any(g not in valid for g in given):
            raise ValidationError("评议等次无效。")
        if any(not isinstance(n, int) or n < 0 for n in given.values()):
            raise ValidationError(f"{leader.name}的票数应为不小于0的整数。")
        total = sum(given.values())
        if total > ballots:
            raise ValidationError(f"{leader.name}的各等次票数合计{total}，超过收回评议票{ballots}张。")
    for leader in leaders:
        given = counts.get(leader.pk, {})
        for grade, _ in GRADES:
            EvaluationTally.objects.filter(leader=leader, grade=grade).update(count=given.get(grade, 0))
    evaluation.ballots_cast, evaluation.ballots_issued = ballots, issued
    evaluation.teller_1, evaluation.teller_2 = teller_1, teller_2
    evaluation.save(update_fields=["ballots_cast", "ballots_issued", "teller_1", "teller_2", "updated_at"])
    return evaluation


@transaction.atomic
def close_evaluation(*, evaluation):
    evaluation = LeaderEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.status != VoteStatus.OPEN:
        raise ValidationError("该评议不在进行中。")
    if evaluation.method == VoteMethod.PAPER and not (evaluation.teller_1 and evaluation.teller_2):
        raise ValidationError("请先由计票人、监票人录入纸质评议票计票结果。")
    evaluation.status, evaluation.closed_at = VoteStatus.CLOSED, timezone.now()
    evaluation.seated_count = evaluation_electorate(evaluation).count()
    if evaluation.ballots_cast is None:  # not counted on paper
        evaluation.ballots_cast = evaluation_receipts(evaluation).count()
    evaluation.save()
    return evaluation


def evaluation_results(evaluation):
    """Per leader: count and % of each grade over ballots cast, plus turnout. Never single ballots."""
    cast = evaluation.ballots_cast
    if cast is None:
        cast = evaluation_receipts(evaluation).count()
    seated = evaluation.seated_count or evaluation_electorate(evaluation).count()
    rows = []
    for leader in evaluation.leaders.prefetch_related("tallies"):
        counts = {t.grade: t.count for t in leader.tallies.all()}
        rows.append(
            {
                "leader": leader,
                "grades": [
                    {
                        "label": label,
                        "count": counts.get(g, 0),
                        "pct": round(100 * counts.get(g, 0) / cast, 1) if cast else None,
                    }
                    for g, label in GRADES
                ],  # fmt: skip
            }
        )
    return {
        "rows": rows,
        "cast": cast,
        "seated": seated,
        "turnout": round(100 * cast / seated, 1) if seated else None,
    }


# ---- 联席会议 (rule 12) --------------------------------------------------------------------

RESERVED_WORDS = [
    "集体合同",
    "工资调整",
    "薪酬",
    "福利",
    "改制",
    "安置",
    "聘任",
    "考核奖惩",
    "收益分配",
    "公积金",
]


@transaction.atomic
def record_joint_meeting(*, congress, held_on, attendees, by):
    return JointMeeting.objects.create(
        org=congress.org, congress=congress, held_on=held_on, attendees=attendees, created_by=by
    )


@transaction.atomic
def record_joint_decision(*, meeting, title, decision, reserved=False):
    """A joint meeting may not decide what law reserves for the congress's 审议通过."""
    if reserved or any(word in title for word in RESERVED_WORDS):
        raise ValidationError({"title": "该事项须经职代会审议通过，联席会议不能决定。"})
    return JointDecision.objects.create(org=meeting.org, meeting=meeting, title=title, decision=decision)
