"""The demo's collective contract at 芦中学校 is approved by its 教代会's own vote (rule 21), and the
contract page links to that vote; the other unions keep a manual record. Runs once, like every demo."""

import random
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.core.discovery import app_modules
from gonghui.democracy.models import VoteStatus
from gonghui.orgs.models import Role, RoleAssignment
from gonghui.rights.models import CollectiveContract, ContractKind
from gonghui.rights.services import quorum, vote_yes

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime(2026, 6, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai"))),
]
APPS = {"orgs", "members", "democracy", "rights"}


def _demo():
    for label, module in app_modules("demo"):
        if label in APPS:
            module.populate(random.Random(f"gonghui-{label}"))


def test_the_school_contract_is_approved_by_the_congress_vote(client):
    _demo()
    contract = CollectiveContract.objects.get(org__code="luzhong-school", kind=ContractKind.GENERAL)
    vote = contract.approval_vote
    assert vote is not None and vote.status == VoteStatus.CLOSED and vote.passed
    assert "集体合同" in vote.item.title
    assert vote.present_count >= quorum(vote.seated_count) and vote_yes(vote) * 2 >= vote.seated_count
    assert (contract.delegates_total, contract.delegates_present, contract.votes_yes) == (60, 52, 49)
    # Approved the day of the session, then signed, filed and in force by today.
    assert contract.approved_on == vote.session.held_on == timezone.localdate(vote.closed_at)
    assert contract.stage(timezone.localdate()) == "已生效"
    others = CollectiveContract.objects.exclude(pk=contract.pk)
    assert others.exists() and not others.filter(approval_vote__isnull=False).exists()

    chair = RoleAssignment.objects.get(org=contract.org, role=Role.UNION_CHAIR).user
    client.force_login(chair)
    body = client.get(reverse("rights:contract", args=[contract.pk])).content.decode()
    assert reverse("democracy:vote", args=[vote.pk]) in body and "职代会表决" in body
    assert client.get(reverse("democracy:vote", args=[vote.pk])).status_code == 200

    before = sorted(CollectiveContract.objects.values_list("pk", "approved_on", "approval_vote"))
    _demo()  # a second run changes nothing
    assert sorted(CollectiveContract.objects.values_list("pk", "approved_on", "approval_vote")) == before
