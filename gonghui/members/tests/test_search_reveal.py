"""Searching by digits must not get round the masking (issue 12, item 2).

The attack as it was done: a group leader sees 139****5678 and extends the visible head one digit
at a time, watching whether the member is still found; 49 requests gave the full phone, 71 the
full ID number. Viewers who may not see the numbers now search the visible digits only; those who
may (SENSITIVE) still find by any digits, and every such match is logged and rate-limited.
"""

import pytest
from django.test import override_settings
from django.urls import reverse

from gonghui.core.api_auth import issue_token
from gonghui.core.models import SensitiveAccess
from gonghui.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

PHONE = "13912345678"


def _found(client, endpoint, member, q, org):
    if endpoint == "roster":
        response = client.get(reverse("members:roster"), {"q": q})
    elif endpoint == "search":
        response = client.get(reverse("members:search"), {"q": q})
    elif endpoint == "pick":
        response = client.get(reverse("members:pick", args=[org.code]), {"q": q})
    else:
        response = client.get("/api/members/search", {"q": q, "org": org.code})
    assert response.status_code == 200
    return str(member.pk) in response.content.decode()


def recover_phone(found, head="139"):
    """Extend the visible head digit by digit while the member is still found; (digits, requests)."""
    requests = 0
    while len(head) < 11:
        for digit in "0123456789":
            requests += 1
            if found(head + digit):
                head += digit
                break
        else:
            break
    return head, requests


def recover_id(found, tail):
    requests = 0
    while len(tail) < 18:
        for digit in "0123456789X" if len(tail) == 0 else "0123456789":
            requests += 1
            if found(digit + tail):
                tail = digit + tail
                break
        else:
            break
    return tail, requests


ENDPOINTS = ["roster", "search", "pick", "api"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_group_leader_cannot_recover_a_phone_or_an_id_by_searching(login, world, endpoint):
    member = MemberFactory(org=world.group_a, phone=PHONE)
    client = login(world.group_leader_a)
    org = world.group_a

    def found(q):
        return _found(client, endpoint, member, q, org)

    assert found(member.id_number[-4:]) and found("139")  # what the masked values show still works
    phone, requests = recover_phone(found)
    assert phone == "139" and requests == 10
    assert recover_id(found, member.id_number[-4:])[0] == member.id_number[-4:]
    assert not found(PHONE) and not found(member.id_number)
    assert not SensitiveAccess.objects.exists()


def test_the_attack_worked_for_a_viewer_entitled_to_the_numbers_and_is_logged_and_limited(login, world):
    member = MemberFactory(org=world.group_a, phone=PHONE)
    client = login(world.chair_a)  # may reveal the phone anyway: the search is one more, logged, way

    def found(q):
        return _found(client, "search", member, q, world.union_a)

    with override_settings(GONGHUI_SEARCH_REVEALS_PER_HOUR=1000):
        phone, requests = recover_phone(found)
    assert phone == PHONE and requests <= 80
    logged = SensitiveAccess.objects.filter(user=world.chair_a, action="search", object_id=str(member.pk))
    assert logged.filter(field="phone").count() == 8  # one per deeper digit that matched
    with override_settings(GONGHUI_SEARCH_REVEALS_PER_HOUR=8):
        assert not found(PHONE)  # the hour's reveals are used up: visible digits only
        assert found("139")
        page = client.get(reverse("members:roster"), {"q": PHONE}).content.decode()
        assert "已达每小时上限" in page


def test_searching_within_the_visible_digits_is_not_a_reveal(login, world):
    member = MemberFactory(org=world.group_a, phone=PHONE)
    client = login(world.chair_a)
    assert _found(client, "roster", member, member.id_number[-4:], world.union_a)
    assert _found(client, "roster", member, "139", world.union_a)
    assert not SensitiveAccess.objects.exists()
    assert _found(client, "roster", member, member.id_number, world.union_a)
    assert SensitiveAccess.objects.get().field == "id_number"


def test_the_api_with_a_token_logs_the_reveal(client, world):
    member = MemberFactory(org=world.group_a, phone=PHONE)
    token = issue_token(user=world.chair_a, name="脚本")
    response = client.get("/api/members/search", {"q": PHONE}, headers={"Authorization": f"Bearer {token}"})
    assert str(member.pk) in response.content.decode() and PHONE not in response.content.decode()
    assert SensitiveAccess.objects.get().action == "search"
