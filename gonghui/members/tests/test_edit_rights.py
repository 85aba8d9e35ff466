"""The member form: masked sensitive fields when editing, and only places the editor may fill."""

import pytest
from django.urls import reverse

from gonghui.core.models import SensitiveAccess
from gonghui.members.models import Member
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.models import OrgKind
from gonghui.orgs.tests.factories import make_org

pytestmark = pytest.mark.django_db


def _edit_data(member, **changes):
    data = {
        "name": member.name,
        "phone": "",
        "ethnicity": member.ethnicity,
        "employment_type": member.employment_type,
        "join_date": member.join_date.isoformat(),
        "group": member.org.pk if member.org.kind == OrgKind.GROUP else "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("role", ["chair_a", "group_leader_a", "fed_admin"])
def test_the_edit_form_shows_id_and_phone_masked(login, world, role):
    member = MemberFactory(org=world.group_a, phone="13912345678")
    body = login(getattr(world, role)).get(reverse("members:edit", args=[member.pk])).content.decode()
    assert member.id_number not in body and "13912345678" not in body
    assert member.id_number[:3] + "*" * 11 + member.id_number[-4:] in body
    assert "139****5678" in body
    assert not SensitiveAccess.objects.exists()


def test_a_blank_phone_keeps_it_a_new_one_replaces_it_and_the_id_stays(login, world):
    member = MemberFactory(org=world.group_a, phone="13912345678")
    client = login(world.chair_a)
    url = reverse("members:edit", args=[member.pk])
    assert (
        client.post(url, _edit_data(member, name="张新名", id_number="110101199003071234")).status_code == 302
    )
    member.refresh_from_db()
    assert (member.name, member.phone) == ("张新名", "13912345678")
    assert member.id_number != "110101199003071234"
    client.post(url, _edit_data(member, phone="13800001111"))
    member.refresh_from_db()
    assert member.phone == "13800001111"
    client.post(url, _edit_data(member, clear_phone="on"))
    member.refresh_from_db()
    assert member.phone == ""


def test_a_group_leader_cannot_move_a_member_out_of_their_group(login, world):
    other_group = make_org(world.union_a, code="group-a2", name="甲村第二小组", kind=OrgKind.GROUP)
    member = MemberFactory(org=world.group_a)
    client = login(world.group_leader_a)
    url = reverse("members:edit", args=[member.pk])
    page = client.get(url).content.decode()
    assert "甲村第二小组" not in page
    for group in (other_group.pk, ""):  # another group, or the union itself
        response = client.post(url, _edit_data(member, group=group))
        assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
        member.refresh_from_db()
        assert member.org == world.group_a
    assert client.post(url, _edit_data(member, group=world.group_a.pk)).status_code == 302
    # the chair may move them anywhere in the union
    assert login(world.chair_a).post(url, _edit_data(member, group=other_group.pk)).status_code == 302
    member.refresh_from_db()
    assert member.org == other_group


def test_a_group_leader_enrols_new_members_only_into_their_group(login, world):
    other_group = make_org(world.union_a, code="group-a2", name="甲村第二小组", kind=OrgKind.GROUP)
    client = login(world.group_leader_a)
    data = {
        "name": "新会员",
        "id_number": "110101199003071233",
        "ethnicity": "汉族",
        "employment_type": "regular",
        "join_date": "2020-01-01",
    }
    for group in (other_group.pk, ""):
        response = client.post(reverse("members:new"), {**data, "group": group})
        assert response.status_code == 200 and not Member.objects.filter(name="新会员").exists()
    assert client.post(reverse("members:new"), {**data, "group": world.group_a.pk}).status_code == 302
    assert Member.objects.get(name="新会员").org == world.group_a
