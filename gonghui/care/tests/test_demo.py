"""The care demo data: built through the services, and a second run changes nothing."""

import random

import pytest

from gonghui.care import demo
from gonghui.care.models import Aid, Campaign, CaseEvent, CaseStatus, HardshipCase, Pairing, Visit

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Visit, HardshipCase, CaseEvent, Aid, Pairing, Campaign)]


def test_demo_is_idempotent():
    from gonghui.members import demo as members_demo
    from gonghui.orgs import demo as orgs_demo

    orgs_demo.populate(random.Random("gonghui-orgs"))
    members_demo.populate(random.Random("gonghui-members"))
    demo.populate(random.Random("gonghui-care"))
    first = counts()
    assert all(first)
    statuses = set(HardshipCase.objects.values_list("status", flat=True))
    assert {CaseStatus.FOUND, CaseStatus.IN_NOTICE, CaseStatus.ON_FILE, CaseStatus.EXITED} <= statuses
    demo.populate(random.Random("gonghui-care"))
    assert counts() == first
