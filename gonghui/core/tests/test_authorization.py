"""Every URL and API route, every role, against objects of an org outside the user's subtree.

The routes are enumerated from the URL resolver (the API's routes are URL patterns too), so new
modules are covered without editing this file. URL kwargs follow the team convention:
`org_code` names an org, `<model_name>_id` names an object of that model. Objects are made by
each app's tests/factories.py, one per org-owned model.
"""

import inspect
import re

import factory.django
import pytest
from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from gonghui.conftest import ROLE_USERS
from gonghui.core.discovery import app_modules
from gonghui.core.models import ApiToken, OrgOwned, TaskProgress
from gonghui.orgs.models import OrgKind
from gonghui.orgs.tests.factories import make_org, make_user

SKIPPED_PREFIXES = ("admin/", "api/docs", "api/openapi.json", "static/", "media/")
# The installable app's manifest, worker and offline page are fetched without a session and hold nothing private.
PUBLIC = {"login", "logout", "webmanifest", "service_worker", "offline"}
REFUSED = {403, 404, 405}


def walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield route, name, entry


def routes():
    found = []
    for route, name, entry in walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES) or name in PUBLIC:
            continue
        found.append((route, name, entry.pattern.converters if hasattr(entry.pattern, "converters") else {}))
    return found


def discover_factories():
    found = {}
    for _, module in app_modules("tests.factories"):
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, factory.django.DjangoModelFactory) and obj._meta.model is not None:
                model = obj._meta.model
                if obj.__name__ == f"{model.__name__}Factory" or model not in found:
                    found[model] = obj
    return found


def org_owned_models():
    return [m for m in apps.get_models() if issubclass(m, OrgOwned) and not m._meta.abstract]


def build_objects(org, owner):
    """One object of every org-owned model in `org`, plus the per-user rows a URL can name."""
    factories = discover_factories()
    missing = [m._meta.label for m in org_owned_models() if m not in factories]
    assert not missing, f"every org-owned model needs a factory in its app's tests/factories.py: {missing}"
    objects = {}
    for model in org_owned_models():
        objects[model._meta.model_name] = factories[model](org=org)
    objects["taskprogress"] = TaskProgress.objects.create(kind="test", org=org, started_by=owner)
    objects["apitoken"] = ApiToken.objects.create(user=owner, name="foreign", key_hash=f"hash-{org.code}")
    return objects


def fill_kwargs(route, converters, org, objects):
    kwargs = {}
    for name in converters:
        if name == "org_code":
            kwargs[name] = org.code
        elif name.endswith("_id") and name[:-3] in objects:
            kwargs[name] = str(objects[name[:-3]].pk)
        else:
            pytest.fail(
                f"{route}: URL kwarg '{name}' does not follow the convention (org_code or <model_name>_id)"
            )
    return kwargs


def expand(route, kwargs):
    """Turn 'orgs/<str:org_code>/' into 'orgs/foreign/' (API routes use the same converters)."""

    def replace(match):
        return kwargs[match.group(2)]

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", replace, route).replace("^", "").replace("$", "")


# Which org lies outside each role's subtree: another county for the federation roles,
# the sibling union for the union roles.
OUTSIDE = {
    "fed_admin": "foreign",
    "fed_viewer": "foreign",
    "chair_a": "union_b",
    "officer_a": "union_b",
    "group_leader_a": "union_b",
    "member_a": "union_b",
    "chair_b": "union_a",
}


@pytest.fixture
def targets(world):
    """targets(role) -> an org outside the role's subtree holding one of everything (built on demand)."""

    def build(role):
        if OUTSIDE[role] == "foreign":
            org = make_org(world.other_fed, code="foreign-union", name="外县某工会")
            make_org(org, code="foreign-group", name="外县某工会小组", kind=OrgKind.GROUP)
        else:
            org = getattr(world, OUTSIDE[role])
        return org, build_objects(org, make_user(f"stranger_{role}"))

    return build


def leaked(response, objects):
    # The page may echo the address the user typed (e.g. the org switcher's "next"); that is not a leak.
    body = response.content.decode("utf-8", errors="replace").replace(
        response.wsgi_request.get_full_path(), ""
    )
    return [name for name, obj in objects.items() if str(obj.pk) in body]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLE_USERS)
def test_no_role_reaches_another_orgs_objects(client, world, targets, role):
    user = getattr(world, role)
    org, objects = targets(role)
    client.force_login(user)
    problems = []
    for route, name, converters in routes():
        if converters:
            url = expand(route, fill_kwargs(route, converters, org, objects))
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                if response.status_code not in REFUSED or leaked(response, objects):
                    problems.append(f"{method.upper()} {url} ({name}) → {response.status_code}")
        else:
            url = expand(route, {})
            for query in ("", f"?org={org.code}"):
                response = client.get(url + query)
                if response.status_code < 500 and not leaked(response, objects):
                    continue
                problems.append(
                    f"GET {url}{query} ({name}) → {response.status_code}, shows {leaked(response, objects)}"
                )
    for label, obj in objects.items():
        assert type(obj).objects.filter(pk=obj.pk).exists(), f"{role} could delete a foreign {label}"
    assert not problems, f"{role} reached foreign data:\n" + "\n".join(problems)


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, world, targets):
    org, objects = targets("chair_a")
    for route, name, converters in routes():
        url = expand(route, fill_kwargs(route, converters, org, objects))
        response = client.get(url)
        assert response.status_code in {302, 401, 403, 404, 405}, (
            f"GET {url} ({name}) → {response.status_code}"
        )
        if response.status_code == 302:
            assert response["Location"].startswith(
                settings.LOGIN_URL if "/" in settings.LOGIN_URL else "/login/"
            )
        assert not leaked(response, objects)


def test_the_walk_finds_routes():
    names = {name for _, name, _ in routes()}
    assert {"orgs:detail", "orgs:tree", "home"} <= names
    assert any(name and name.startswith("api") for name in names)
