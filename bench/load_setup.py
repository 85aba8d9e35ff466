"""Accounts and ids for the load scenario (bench/locustfile.py), on a database the demo filled.

    DJANGO_SETTINGS_MODULE=gonghui.settings python bench/load_setup.py OUT.json

Adds the people of a county federation's working day, beside the demo's eight accounts: federation staff
(county and town admins and viewers), union chairs and officers (several per union) and members who log in
themselves (each linked to a demo member record of their union). All share one password, hashed once with
the production hasher (Argon2), so logging in costs the server what it costs in real use. Writes the
usernames and the ids the scenario needs (unions, activities open for sign-up, members per union) to OUT.json.
Idempotent: a second run reuses the accounts.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from gonghui.activities.models import Activity, Audience, Category  # noqa: E402
from gonghui.members.models import Member, MemberStatus  # noqa: E402
from gonghui.orgs.models import Org, OrgKind, Role, RoleAssignment  # noqa: E402

PASSWORD = "load-test-pw-2026"
FEDERATION_STAFF = 20
CHAIRS = 40
MEMBERS = 140


@transaction.atomic
def build() -> dict:
    User = get_user_model()
    password = make_password(PASSWORD)  # one Argon2 hash, reused: same cost to check, one cost to make
    county = Org.objects.get(depth=1)
    towns = list(Org.objects.filter(kind=OrgKind.FEDERATION, depth=2).order_by("path"))
    unions = list(Org.objects.filter(kind=OrgKind.UNION).order_by("path"))

    def account(username, role, org, duties=""):
        user, created = User.objects.get_or_create(
            username=username, defaults={"password": password, "first_name": username}
        )
        if created:
            RoleAssignment.objects.create(user=user, org=org, role=role, duties=duties)
        return user

    staff = []
    for n in range(FEDERATION_STAFF):
        org = county if n % 2 == 0 else towns[n % len(towns)]
        role = Role.FEDERATION_ADMIN if n % 4 < 2 else Role.FEDERATION_VIEWER
        staff.append({"username": account(f"load_fed_{n:02d}", role, org).username, "org": org.code})

    chairs = []
    for n in range(CHAIRS):
        union = unions[n % len(unions)]
        # the first per union is its chair, the others officers with the care and dues duties
        role, duties = (Role.UNION_CHAIR, "") if n < len(unions) else (Role.UNION_OFFICER, "care,dues")
        chairs.append(
            {"username": account(f"load_chair_{n:02d}", role, union, duties).username, "org": union.code}
        )

    members = []
    for n in range(MEMBERS):
        union = unions[n % len(unions)]
        username = f"load_member_{n:03d}"
        user = User.objects.filter(username=username).first()
        if user is None:
            record = (
                Member.objects.in_subtree(union)
                .filter(status=MemberStatus.ACTIVE, user__isnull=True)
                .order_by("id")
                .first()
            )
            user = account(username, Role.MEMBER, union)
            record.user = user
            record.save(update_fields=["user"])
        members.append({"username": username, "org": union.code})

    now = timezone.now()
    open_activities = {}
    member_ids = {}
    for union in unions:
        # the year-end gathering every union holds: members sign up for it all day
        start = (now + timedelta(days=10)).replace(hour=1, minute=0, second=0, microsecond=0)
        Activity.objects.get_or_create(
            org=union,
            title="年终职工联欢会",
            defaults={
                "category": Category.CULTURE,
                "start": start,
                "end": start + timedelta(hours=3),
                "place": f"{union.name[:-2]}会议室",
                "organiser": "工会文体委员",
                "signup_deadline": start - timedelta(days=1),
            },
        )
        upcoming = Activity.objects.in_subtree(union).filter(end__gte=now).order_by("start")
        open_activities[union.code] = [str(pk) for pk in upcoming.values_list("id", flat=True)[:5]]
        member_ids[union.code] = [
            str(pk)
            for pk in Member.objects.in_subtree(union)
            .filter(status=MemberStatus.ACTIVE)
            .order_by("name_pinyin")
            .values_list("id", flat=True)[:30]
        ]
    return {
        "password": PASSWORD,
        "county": county.code,
        "towns": [t.code for t in towns],
        "unions": [u.code for u in unions],
        "staff": staff,
        # the unions a federation's staff may open: those below their federation
        "unions_of": {
            fed.code: [u.code for u in unions if u.path.startswith(fed.path)] for fed in [county, *towns]
        },
        "chairs": chairs,
        "members": members,
        "open_activities": open_activities,
        "member_ids": member_ids,
        "categories": list(Category.values),
        "audience": Audience.ALL.value,
    }


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "bench" / "out" / "load_fixture.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    data = build()
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1))
    open_count = sum(len(v) for v in data["open_activities"].values())
    print(
        f"load accounts: {len(data['staff'])} federation staff, {len(data['chairs'])} chairs/officers, "
        f"{len(data['members'])} members; {open_count} upcoming activities -> {out}"
    )
