"""Duties limit what an officer may change (core/access.py): the authorization walk over the
domains a union divides among its officers, with objects of the officer's own union.

An officer without a domain's duty must get no further there than the federation viewer, who
may see everything and change nothing. New routes of these apps are walked automatically.
Care is not walked this way: its pages ask CARE (given by the care duty) already, and visits are
every officer's work and PERSONAL, which the viewer lacks (see care/tests/test_privacy.py).
"""

import pytest

from gonghui.core import access
from gonghui.core.tests.test_authorization import REFUSED, build_objects, expand, fill_kwargs, routes
from gonghui.dues.models import DuesSetting
from gonghui.orgs.models import Role
from gonghui.orgs.tests.factories import make_user

# route prefix → the duty that changes it
DOMAINS = {"dues/": "dues", "api/dues/": "dues", "members/": "members", "api/members/": "members"}
# Not changes: the picker serves every domain's forms; a reveal is decided by SENSITIVE (logged).
NOT_CHANGES = {"members:pick", "members:reveal"}


def _domain_routes(duty):
    for route, name, converters in routes():
        if name in NOT_CHANGES:
            continue
        if any(route.startswith(prefix) and d == duty for prefix, d in DOMAINS.items()):
            yield route, name, converters


@pytest.mark.django_db
@pytest.mark.parametrize("duty", ["dues", "members"])
def test_an_officer_without_the_duty_changes_nothing_in_that_domain(client, world, duty):
    objects = build_objects(world.union_a, make_user("owner"))
    other_duty = "care"
    officer = make_user("officer_other_duty", Role.UNION_OFFICER, world.union_a, duties=other_duty)
    problems = []
    for route, name, converters in _domain_routes(duty):
        url = expand(route, fill_kwargs(route, converters, world.union_a, objects))
        for method in ("get", "post"):
            client.force_login(world.fed_viewer)
            viewer = getattr(client, method)(url).status_code
            client.force_login(officer)
            status = getattr(client, method)(url).status_code
            if viewer in REFUSED and status not in REFUSED:
                problems.append(f"{method.upper()} {url} ({name}): viewer {viewer}, officer {status}")
    assert not problems, f"an officer without the {duty} duty went further than a viewer:\n" + "\n".join(
        problems
    )


@pytest.mark.django_db
def test_the_care_officer_may_not_change_the_dues_setting(login, world):
    DuesSetting.objects.create(org=world.union_a, mode="fixed", fixed_amount=2)
    url = f"/dues/{world.union_a.code}/setting/"
    data = {"mode": "fixed", "fixed_amount": "9", "rate": "0.5"}
    assert login(world.officer_a).post(url, data).status_code == 403
    assert DuesSetting.objects.get(org=world.union_a).fixed_amount == 2
    assert "修改会费标准" not in login(world.officer_a).get(f"/dues/{world.union_a.code}/").content.decode()
    treasurer = make_user("treasurer", Role.UNION_OFFICER, world.union_a, duties="dues")
    assert login(treasurer).get(url).status_code == 200


@pytest.mark.django_db
def test_duties_grant_their_domain_only(world):
    both = make_user("both", Role.UNION_OFFICER, world.union_a, duties="dues, members")
    assert access.can(both, access.DUES, world.union_a) and access.can(both, access.MEMBERS, world.union_a)
    assert not access.can(both, access.CARE, world.union_a)
    assert not access.can(world.officer_a, access.DUES, world.union_a)
    assert not access.can(world.officer_a, access.MEMBERS, world.union_a)
    assert access.can(world.officer_a, access.CHANGE, world.union_a)  # activities, plans: every officer
    assert access.can(world.group_leader_a, access.DUES, world.group_a)
    assert not access.can(world.group_leader_a, access.DUES, world.union_a)
