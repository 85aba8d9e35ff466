"""What a member's phone home gathers, each section in a fixed number of queries however much the
union has published: notices, activities, congress business, their own letters, dues and record.

Every read goes through core.access (member rules: what the union publishes, rows about themselves)
and reuses the owning app's reads and rules, so the home never says something its page would not.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from gonghui.activities.models import Activity, Attendance, AttendanceStatus
from gonghui.activities.services import QR_EARLIEST, eligibility_problem
from gonghui.care.models import Occurrence
from gonghui.core import access
from gonghui.core.masking import mask_id, mask_phone
from gonghui.democracy.models import (
    BallotReceipt,
    Delegate,
    DelegateKind,
    EvaluationReceipt,
    LeaderEvaluation,
    MemberEvaluationReceipt,
    ProposalStatus,
    Seconding,
    Vote,
    VoteMethod,
    VoteStatus,
)
from gonghui.dues import reads as dues_reads
from gonghui.dues.models import DuesPayment
from gonghui.members.models import Member
from gonghui.orgs.models import Org
from gonghui.unionwork.models import Honour
from gonghui.voice import services
from gonghui.voice.models import Notice, NoticeRead, NoticeStatus, Opinion, Suggestion

NOTICES_LOOKED_AT = 60
ACTIVITIES_SHOWN = 10


# ---- notices ---------------------------------------------------------------------------------


def notices(user, member, today) -> tuple[list, list]:
    """(unread notices still showing, the last read ones): two queries, plus one per org of the
    member's branch that has a notice for delegates."""
    if member is None:
        return [], []
    rows = access.scope(user, Notice.objects.published()).select_related("org", "audience_group")
    rows = rows.order_by("-publish_from", "-created_at")[:NOTICES_LOOKED_AT]
    check = services.audience_check(member)
    mine = [n for n in rows if check(n)]
    read_ids = set(
        NoticeRead.objects.filter(user=user, notice__in=[n.pk for n in mine]).values_list(
            "notice_id", flat=True
        )
    )
    showing = [n for n in mine if n.status == NoticeStatus.PUBLISHED and n.publish_to >= today]
    return [n for n in showing if n.pk not in read_ids], [n for n in mine if n.pk in read_ids][:10]


# ---- activities ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityRow:
    activity: Activity
    own: Attendance | None  # the member's sign-up, if any (a cancelled one too)
    now: datetime

    @property
    def signed_up(self) -> bool:
        return self.own is not None and self.own.status != AttendanceStatus.CANCELLED

    @property
    def can_sign_up(self) -> bool:
        return not self.signed_up and self.activity.signup_open(self.now)

    @property
    def full(self) -> bool:
        capacity = self.activity.capacity
        return capacity is not None and self.activity.signed_up_count >= capacity

    @property
    def check_in_now(self) -> bool:
        """Scanning the QR code on site opens two hours before the start (activities.services)."""
        start = self.activity.start - QR_EARLIEST
        return self.signed_up and not self.own.attended and start <= self.now <= self.activity.end


def activities(user, member, now) -> list[ActivityRow]:
    """Activities not yet over that the member may join or has joined: two queries."""
    if member is None:
        return []
    rows = access.scope(user, Activity.objects.for_org(member.org)).filter(end__gte=now)
    rows = list(rows.with_figures().select_related("audience_group").order_by("start")[:30])
    own = {a.activity_id: a for a in Attendance.objects.filter(member=member, activity__in=rows)}
    found = [
        ActivityRow(a, own.get(a.pk), now)
        for a in rows
        if a.pk in own or eligibility_problem(activity=a, member=member) is None
    ]
    return found[:ACTIVITIES_SHOWN]


# ---- the congress: votes, evaluations, proposals to second ----------------------------------


@dataclass(frozen=True)
class Congress:
    votes: list  # (vote, voted)
    evaluations: list  # (evaluation, done)
    secondings: list

    def __bool__(self):
        return bool(self.votes or self.evaluations or self.secondings)


def _branch_paths(org) -> list[str]:
    """The paths of the org and every org above it (materialised path prefixes)."""
    return [org.path[:i] for i in range(Org.steplen, len(org.path) + 1, Org.steplen)]


def congress(user, member) -> Congress:
    """Open phone votes and evaluations the member may take part in, and invitations to second."""
    if member is None:
        return Congress([], [], [])
    seats = list(
        access.scope(user, Delegate.objects.filter(member=member, kind=DelegateKind.REGULAR))
        .current()
        .values_list("pk", "congress_id")
    )
    seat_ids, congresses = [s for s, _ in seats], [c for _, c in seats]
    votes = list(
        access.scope(user, Vote.objects.filter(session__congress__in=congresses))
        .filter(status=VoteStatus.OPEN, method=VoteMethod.ELECTRONIC)
        .order_by("opened_at")
    )
    voted = set(
        BallotReceipt.objects.filter(vote__in=votes, delegate__in=seat_ids).values_list("vote_id", flat=True)
    )
    return Congress(
        votes=[(v, v.pk in voted) for v in votes],
        evaluations=_evaluations(user, member, seat_ids, congresses),
        secondings=list(
            access.scope(user, Seconding.objects.filter(delegate__member=member))
            .filter(accepted_on__isnull=True, proposal__status=ProposalStatus.DRAFT)
            .select_related("proposal__proposer__member")
        ),
    )


def _evaluations(user, member, seat_ids, congresses) -> list:
    """By delegates (their congress) or by all members (⚙ by_members: the member's union or above)."""
    open_ones = access.scope(user, LeaderEvaluation.objects.all()).filter(
        status=VoteStatus.OPEN, method=VoteMethod.ELECTRONIC
    )
    mine = Q(by_members=False, session__congress__in=congresses) | Q(
        by_members=True, session__org__path__in=_branch_paths(member.org)
    )
    evaluations = list(open_ones.filter(mine).order_by("opened_at"))
    done = set(
        EvaluationReceipt.objects.filter(evaluation__in=evaluations, delegate__in=seat_ids).values_list(
            "evaluation_id", flat=True
        )
    ) | set(
        MemberEvaluationReceipt.objects.filter(evaluation__in=evaluations, member=member).values_list(
            "evaluation_id", flat=True
        )
    )
    return [(e, e.pk in done) for e in evaluations]


# ---- their own letters -----------------------------------------------------------------------


def own_writing(user, refs) -> dict:
    """Their opinions, signed suggestions and letters, and the anonymous letters this phone holds
    the references of (one query for all of them: nothing on the server links them to the user)."""
    return {
        "opinions": Opinion.objects.filter(author=user).select_related("notice").order_by("-created_at")[:20],
        "mine": Suggestion.objects.filter(author=user).order_by("-submitted_on", "-created_at")[:20],
        "anonymous_letters": list(
            Suggestion.objects.filter(reference__in=refs, anonymous=True).order_by("-submitted_on")
        )
        if refs
        else [],
    }


# ---- the member's own record -----------------------------------------------------------------


def own_member(user) -> Member | None:
    """The roster row bound to this account, in any status (one who retired still reads their record)."""
    return access.scope(user, Member.objects.filter(user=user)).select_related("org").first()


def record(user, member, today) -> dict:
    """What the union holds about the member, read with the member's own rights (access's owner rules):
    ID number and phone masked, as on every page for those without the sensitive right."""
    return {
        "member": member,
        "masked_id": mask_id(member.id_number),
        "masked_phone": mask_phone(member.phone),
        "dues": dues_reads.member_dues(member, today),
        "payments": access.scope(user, DuesPayment.objects.filter(member=member)).order_by("-first_month")[
            :36
        ],
        "attendances": access.scope(user, Attendance.objects.for_member(member)).active()[:50],
        "honours": access.scope(user, Honour.objects.filter(member=member)).for_list(),
        "care": access.scope(user, Occurrence.objects.filter(member=member)).order_by("-occurred_on")[:20],
        "today": today,
        "now": timezone.now(),
    }
