from datetime import date

import factory
from django.contrib.auth import get_user_model

from gonghui.orgs.models import Officer, OfficerPost, Org, OrgKind, RoleAssignment, Term, UnitType


def make_org(parent=None, *, code, name=None, kind=OrgKind.UNION, **fields) -> Org:
    """Orgs are tree nodes: they are added through treebeard, never with objects.create."""
    values = {
        "code": code,
        "name": name or code,
        "kind": kind,
        "unit_type": fields.pop("unit_type", UnitType.OTHER),
        **fields,
    }
    if parent is None:
        return Org.objects.add_root(values)
    return Org.objects.add_child(parent, values)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-123456")


def make_user(username, role=None, org=None, duties=""):
    user = UserFactory(username=username)
    if role:
        RoleAssignment.objects.create(user=user, org=org, role=role, duties=duties)
    return user


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    number = factory.Sequence(lambda n: n + 1)
    start_on = date(2023, 6, 1)
    end_on = date(2028, 5, 31)


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    term = factory.LazyAttribute(lambda o: TermFactory(org=o.org))
    name = factory.Sequence(lambda n: f"委员{n}号")
    post = OfficerPost.MEMBER
