"""Who may do what with union A's activity, role by role."""

import pytest
from django.urls import reverse

from gonghui.activities import services

pytestmark = pytest.mark.django_db

# role → (see the activity, create in union A, open the roster, tap a group member in, tap a union-level member in)
EXPECTED = {
    "fed_admin": (200, 200, 200, 200, 200),
    "fed_viewer": (200, 403, 403, 403, 403),
    "chair_a": (200, 200, 200, 200, 200),
    "officer_a": (200, 200, 200, 200, 200),
    # A group leader sees the union's activity (published above their group) and its roster, but taps
    # in only their own group's members.
    "group_leader_a": (200, 404, 200, 200, 404),
    "member_a": (200, 403, 403, 404, 404),
    "chair_b": (404, 404, 404, 404, 404),
}


@pytest.mark.parametrize("role", EXPECTED)
def test_role_matrix(login, world, activity, members, role):
    in_group = services.sign_up(activity=activity, member=members[0], by=world.chair_a)
    in_union = services.sign_up(activity=activity, member=members[2], by=world.chair_a)
    client = login(getattr(world, role))
    found = (
        client.get(reverse("activities:detail", args=[activity.pk])).status_code,
        client.get(reverse("activities:create", args=["union-a"])).status_code,
        client.get(reverse("activities:roster", args=[activity.pk])).status_code,
        _status(client.post(reverse("activities:check_in", args=[in_group.pk]))),
        _status(client.post(reverse("activities:check_in", args=[in_union.pk]))),
    )
    assert found == EXPECTED[role]


def _status(response):
    return 200 if response.status_code == 302 else response.status_code
