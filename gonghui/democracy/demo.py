"""Demo democracy data: 芦中学校's 教代会 with 60 delegates, a held session with check-in, three
closed votes (paper motions counted by two tellers, one of them on the collective contract's draft, and
an election), a 民主评议, and twelve
proposals in every state. Built through the services; runs once (a second run changes nothing)."""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from gonghui.democracy import services
from gonghui.democracy.models import (
    GRADES,
    Category,
    Congress,
    CongressKind,
    DelegateKind,
    ItemKind,
    Proposal,
    Rating,
    Vote,
    VoteKind,
    VoteMethod,
)
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import Org, Role, RoleAssignment

UNION = "luzhong-school"
CONTRACT_ITEM = "审议《芦中学校集体合同（草案）》"
DELEGATIONS = ["语文组", "数学组", "英语组", "理化生组", "政史地组", "行政后勤组"]
PROPOSALS = [
    ("增设教职工午休室", "draft"),
    ("改善教师办公室空调", "submitted"),
    ("调整晚自习值班补贴", "accepted"),
    ("建立青年教师导师制", "accepted_late"),
    ("开放学校体育馆供教职工锻炼", "answered"),
    ("食堂增加夜班餐", "done_satisfied"),
    ("优化职称评审公示流程", "done_basic"),
    ("增加年度体检项目", "reopened"),
    ("校门口增设非机动车停车棚", "opinion_seconders"),
    ("设立教职工子女托管班", "opinion_late"),
    ("完善教职工心理健康服务", "done_satisfied"),
    ("推进办公无纸化", "answered"),
]


def populate(rng):
    union = Org.objects.filter(code=UNION).first()
    if union is None or Congress.objects.filter(org=union).exists():
        return
    users = get_user_model().objects
    chair = users.filter(username="school_chair").first() or users.filter(username="fed_admin").first()
    if chair is None:
        return
    members = list(
        Member.objects.in_subtree(union).filter(status=MemberStatus.ACTIVE).order_by("member_number")[:64]
    )
    if len(members) < 62:
        return
    today = date.today()
    congress = services.create_congress(
        org=union,
        kind=CongressKind.TEACHERS,
        term_number=3,
        starts_on=date(today.year - 2, 3, 1),
        ends_on=date(today.year + 1, 3, 1) - timedelta(days=1),
        women_staff_pct=50,
    )
    delegates = []
    for n, member in enumerate(members[:60]):
        category = Category.MANAGER if n < 10 else Category.TEACHER if n < 52 else Category.OTHER
        delegates.append(
            services.add_delegate(
                congress=congress,
                member=member,
                category=category,
                elected_on=congress.starts_on,
                delegation=DELEGATIONS[n % len(DELEGATIONS)],
                constituency=DELEGATIONS[n % len(DELEGATIONS)],
            )
        )
    services.add_delegate(
        congress=congress, member=members[60], category=Category.OTHER, elected_on=congress.starts_on,
        kind=DelegateKind.ATTENDING, delegation="列席",
    )  # fmt: skip
    # One delegate left the school; a by-election replaced her.
    services.end_mandate(
        delegate=delegates[59], on=congress.starts_on + timedelta(days=300), reason="left_union"
    )
    by_election = services.record_delegate_election(
        congress=congress, constituency=DELEGATIONS[5], held_on=congress.starts_on + timedelta(days=330),
        electorate=24, ballots_cast=21, votes=[(members[61], 17)], by=chair, category=Category.TEACHER,
        delegation=DELEGATIONS[5],
    )  # fmt: skip
    services.seat_elected_delegates(election=by_election)  # replaces delegates[59] (same constituency)
    replacement = by_election.candidates.get().delegate
    seated = [*delegates[:59], replacement]
    _teacher_login(union, seated[12])

    held_on = today - timedelta(days=40)
    session = services.create_session(
        congress=congress, held_on=held_on, by=chair, place="学校报告厅", proposals_open_on=held_on - timedelta(days=30),
        proposals_close_on=held_on - timedelta(days=10), materials_sent_on=held_on - timedelta(days=8),
    )  # fmt: skip
    welfare = services.add_agenda_item(
        session=session, title="审议《教职工福利费使用方案》", material="方案全文已提前8天发至各代表团。"
    )
    # The draft the rights demo's collective contract is approved by (rule 21), linked from the contract.
    contract_draft = services.add_agenda_item(
        session=session,
        title=CONTRACT_ITEM,
        material="合同草案经双方协商代表协商一致，已提前8天发至各代表团。",
    )
    services.add_agenda_item(session=session, title="听取校长工作报告", kind=ItemKind.REVIEW)
    services.add_agenda_item(session=session, title="听取上届提案办理情况报告", kind=ItemKind.REVIEW)
    election = services.add_agenda_item(
        session=session, title="补选提案工作委员会主任", kind=ItemKind.ELECTION
    )
    services.add_agenda_item(session=session, title="民主评议学校领导干部", kind=ItemKind.EVALUATION)
    present = seated[:52]
    for delegate in present:
        services.check_in(session=session, delegate=delegate, by=chair)

    vote = services.create_vote(item=welfare, method=VoteMethod.PAPER)
    services.open_vote(vote=vote, by=chair)
    services.enter_paper_tally(
        vote=vote, counts={"同意": 46, "不同意": 3, "弃权": 3}, teller_1="王计票", teller_2="李监票"
    )
    services.close_vote(vote=vote, by=chair)
    contract_vote = services.create_vote(item=contract_draft, method=VoteMethod.PAPER)
    services.open_vote(vote=contract_vote, by=chair)
    services.enter_paper_tally(
        vote=contract_vote, counts={"同意": 49, "不同意": 1, "弃权": 2}, teller_1="王计票", teller_2="李监票"
    )
    services.close_vote(vote=contract_vote, by=chair)
    pick = services.create_vote(
        item=election, kind=VoteKind.ELECTION, method=VoteMethod.PAPER, candidates=["陈红梅", "刘建国"]
    )
    services.open_vote(vote=pick, by=chair)
    services.enter_paper_tally(
        vote=pick, counts={"陈红梅": 38, "刘建国": 11, "弃权": 3}, teller_1="王计票", teller_2="李监票"
    )
    services.close_vote(vote=pick, by=chair)
    _on_the_day(session, [vote, contract_vote, pick])

    evaluation = services.create_evaluation(
        session=session,
        title="民主评议学校领导干部",
        leaders=[("张校长", "校长"), ("赵书记", "党支部书记"), ("孙主任", "教务主任")],
        method=VoteMethod.PAPER,
    )
    services.open_evaluation(evaluation=evaluation)
    counts = {}
    for leader in evaluation.leaders.all():
        split = [rng.randint(25, 35)]
        split.append(rng.randint(10, 52 - split[0] - 2))
        split.append(rng.randint(0, 52 - sum(split)))
        split.append(52 - sum(split))
        counts[leader.pk] = {grade: n for (grade, _), n in zip(GRADES, split, strict=True)}
    services.enter_paper_evaluation(
        evaluation=evaluation,
        counts=counts,
        ballots=52,
        ballots_issued=52,
        teller_1="王计票",
        teller_2="李监票",
    )
    services.close_evaluation(evaluation=evaluation)

    _proposals(session, seated, chair, held_on)
    meeting = services.record_joint_meeting(
        congress=congress,
        held_on=held_on - timedelta(days=120),
        attendees="各代表团团长、提案工作委员会主任、工会委员",
        by=chair,
    )
    services.record_joint_decision(
        meeting=meeting, title="调整冬季作息时间", decision="自11月起下午上课时间推迟半小时。"
    )
    services.close_session(session=session, minutes="会议应到代表60人，实到52人，符合法定人数。")
    # The next session is being prepared: collection open, materials not yet sent.
    services.create_session(
        congress=congress, held_on=today + timedelta(days=20), by=chair, place="学校报告厅",
        proposals_open_on=today - timedelta(days=10), proposals_close_on=today + timedelta(days=10),
    )  # fmt: skip


def _on_the_day(session, votes):
    """The votes were taken at the session, not when the demo runs: what the contract's approval date reads."""
    for n, vote in enumerate(votes):
        opened = timezone.make_aware(
            datetime.combine(session.held_on, time(10, 0)) + timedelta(minutes=30 * n)
        )
        Vote.objects.filter(pk=vote.pk).update(opened_at=opened, closed_at=opened + timedelta(minutes=20))


def _teacher_login(union, delegate):
    """A delegate who can log in (teacher / the demo password) to check in, vote and file proposals."""
    from gonghui.orgs.demo import DEMO_PASSWORD

    User = get_user_model()
    user = User.objects.filter(username="teacher").first()
    if user is None:
        user = User.objects.create_user(username="teacher", password=DEMO_PASSWORD, first_name="芦中教师代表")
        RoleAssignment.objects.create(user=user, org=union, role=Role.MEMBER)
    Member.objects.filter(pk=delegate.member_id, user__isnull=True).update(user=user)


def _proposals(session, seated, chair, held_on):
    before = held_on - timedelta(days=15)
    for n, (title, state) in enumerate(PROPOSALS):
        proposer = seated[n * 3 % len(seated)]
        proposal = services.draft_proposal(
            session=session, delegate=proposer, by=chair, title=title,
            reasons=f"关于“{title}”，多位教职工反映需要改进。", suggestion=f"建议学校研究{title}的具体办法，明确责任部门和时限。",
        )  # fmt: skip
        if state == "draft":
            continue
        seconders = 1 if state == "opinion_seconders" else 2
        for k in range(1, seconders + 1):
            seconding = services.invite_seconder(
                proposal=proposal, delegate=seated[(n * 3 + k) % len(seated)], by=chair
            )
            services.accept_seconding(seconding=seconding, by=chair, on=before)
        submitted = held_on - timedelta(days=5) if state == "opinion_late" else before
        services.submit_proposal(proposal=proposal, by=chair, on=submitted)
        if state == "submitted":
            continue
        decided = held_on + timedelta(days=1)
        if state.startswith("opinion"):
            services.decide_proposal(proposal=proposal, by=chair, accept=False, on=decided)
            continue
        services.decide_proposal(
            proposal=proposal, by=chair, accept=True, lead_department="校长办公室", on=decided
        )
        if state == "accepted":
            continue
        if state == "accepted_late":  # past its deadline, still unanswered
            Proposal.objects.filter(pk=proposal.pk).update(reply_due=F("accepted_on") + timedelta(days=20))
            continue
        proposal.refresh_from_db()
        services.reply_proposal(
            proposal=proposal,
            by=chair,
            reply="经研究，已列入本学期工作计划，由校长办公室牵头落实。",
            on=decided + timedelta(days=20),
        )
        if state == "answered":
            continue
        rating = {
            "done_satisfied": Rating.SATISFIED,
            "done_basic": Rating.BASIC,
            "reopened": Rating.UNSATISFIED,
        }[state]
        proposal.refresh_from_db()
        services.rate_proposal(proposal=proposal, by=chair, rating=rating)
