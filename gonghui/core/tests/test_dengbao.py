"""等保 2.0 level 2: password complexity and expiry, lockout, audit retention and its floor, accounts
in the change log (docs/operator/等保.md maps each control to its setting)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from axes.models import AccessFailureLog, AccessLog
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation

from gonghui.core import checks, passwords
from gonghui.core.models import PasswordRecord, SensitiveAccess
from gonghui.core.retention import purge_audit

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    "password, reason",
    [
        ("Ab1!", "太短"),
        ("gonghuiworkbench", "至少要包含"),  # one kind
        ("gonghui2026work", "至少要包含"),  # two kinds
        ("password", "太常见"),
        ("83920174", "只包含数字"),
    ],
)
def test_weak_passwords_are_refused_in_chinese(password, reason):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert any(reason in m for m in refused.value.messages)


@pytest.mark.parametrize("password", ["Gonghui2026work", "gonghui#2026work", "工会Work2026", "Qiuzhong7x"])
def test_three_kinds_of_characters_pass(password):
    validate_password(password)


def test_the_change_form_names_the_rule(world):
    client = Client()
    client.force_login(world.chair_a)
    page = client.post(
        "/password/",
        {"old_password": "pw-123456", "new_password1": "gonghuiabc", "new_password2": "gonghuiabc"},
    ).content.decode()
    assert "大写字母、小写字母、数字、符号中的 3 种" in page


def test_setting_a_password_records_when(world):
    world.chair_a.set_password("Gonghui#2026")
    world.chair_a.save()
    assert PasswordRecord.objects.get(user=world.chair_a).changed_at == pytest.approx(
        timezone.now(), abs=timedelta(seconds=5)
    )
    entry = LogEntry.objects.get_for_object(world.chair_a.password_record).first()
    assert entry is not None and "Gonghui" not in str(entry.changes)


@pytest.fixture
def expiring(settings, world):
    settings.GONGHUI_PASSWORD_MAX_AGE_DAYS = 90
    passwords.record_change(world.chair_a, at=datetime(2026, 1, 1, 9, 0, tzinfo=SHANGHAI))
    return world.chair_a


@pytest.mark.time_machine(datetime(2026, 3, 31, 9, 0, tzinfo=SHANGHAI))
def test_a_password_younger_than_the_limit_works(expiring):
    client = Client()
    client.force_login(expiring)
    assert client.get("/orgs/union-a/").status_code == 200


@pytest.mark.time_machine(datetime(2026, 4, 1, 9, 0, tzinfo=SHANGHAI))
def test_an_expired_password_sends_the_user_to_change_it(expiring):
    client = Client()
    client.force_login(expiring)
    response = client.get("/orgs/union-a/", follow=True)
    assert response.redirect_chain[-1][0] == "/password/"
    assert "已超过 90 天未修改" in response.content.decode()
    htmx = client.get("/orgs/union-a/children/", headers={"HX-Request": "true"})
    assert htmx.status_code == 204 and htmx["HX-Redirect"] == "/password/"
    assert client.get("/api/orgs/").status_code != 302  # the API answers for itself
    changed = client.post(
        "/password/",
        {"old_password": "pw-123456", "new_password1": "Gonghui#2026b", "new_password2": "Gonghui#2026b"},
    )
    assert changed.status_code == 302
    assert client.get("/orgs/union-a/").status_code == 200


@pytest.mark.time_machine(datetime(2027, 6, 1, 9, 0, tzinfo=SHANGHAI))
def test_expiry_off_or_unknown_date_never_blocks(settings, world, expiring):
    client = Client()
    client.force_login(world.chair_b)  # no record: the clock starts at their first change
    assert client.get("/orgs/union-b/").status_code == 200
    settings.GONGHUI_PASSWORD_MAX_AGE_DAYS = 0
    client.force_login(expiring)
    assert client.get("/orgs/union-a/").status_code == 200


def test_failed_and_successful_logins_are_logged(world):
    client = Client()
    client.post("/login/", {"username": "chair_a", "password": "wrong"})
    client.post("/login/", {"username": "chair_a", "password": "pw-123456"})
    assert AccessFailureLog.objects.filter(username="chair_a").count() == 1
    assert AccessLog.objects.filter(username="chair_a").count() == 1


def test_audit_records_older_than_the_retention_are_purged(settings, world):
    settings.GONGHUI_AUDIT_KEEP_DAYS = 200
    now = timezone.now()
    for days in (199, 201):
        entry = LogEntry.objects.log_create(
            world.union_a, action=LogEntry.Action.UPDATE, changes={"a": [1, 2]}
        )
        LogEntry.objects.filter(pk=entry.pk).update(timestamp=now - timedelta(days=days))
        seen = SensitiveAccess.objects.create(
            user=world.chair_a, org=world.union_a, object_type="x", object_id="1", field="phone"
        )
        SensitiveAccess.objects.filter(pk=seen.pk).update(at=now - timedelta(days=days))
    kept_before = LogEntry.objects.filter(timestamp__gte=now - timedelta(days=200)).count()
    result = purge_audit.call()
    assert result["changes"] == 1 and result["sensitive"] == 1
    assert LogEntry.objects.filter(timestamp__lt=now - timedelta(days=200)).count() == 0
    assert LogEntry.objects.count() == kept_before and SensitiveAccess.objects.count() == 1


def test_retention_never_goes_below_six_months(settings, world):
    settings.GONGHUI_AUDIT_KEEP_DAYS = 30
    assert [e.id for e in checks.audit_retention()] == ["gonghui.E001"]
    entry = LogEntry.objects.log_create(world.union_a, action=LogEntry.Action.UPDATE, changes={"a": [1, 2]})
    LogEntry.objects.filter(pk=entry.pk).update(timestamp=timezone.now() - timedelta(days=100))
    assert purge_audit.call()["changes"] == 0  # a misconfigured value still keeps six months
    settings.GONGHUI_AUDIT_KEEP_DAYS = 183
    assert checks.audit_retention() == []


def test_administrators_work_on_accounts_is_logged(world):
    admin = User.objects.create_superuser("root", password="Gonghui#2026")
    client = Client()
    client.force_login(admin)
    response = client.post(
        f"/admin/auth/user/{world.chair_b.pk}/change/",
        {
            "username": "chair_b",
            "first_name": "",
            "last_name": "",
            "email": "",
            "is_active": "",  # deactivated
            "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00",
            "initial-date_joined_0": "2026-01-01",
            "initial-date_joined_1": "09:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = LogEntry.objects.get_for_object(world.chair_b).latest("timestamp")
    assert entry.actor == admin and entry.changes_dict["is_active"] == ["True", "False"]


def test_passwords_are_hashed_with_argon2id_at_owasp_parameters_and_old_hashes_upgrade(settings):
    from django.contrib.auth.hashers import (
        Argon2PasswordHasher,
        check_password,
        identify_hasher,
        make_password,
    )

    from gonghui.core.passwords import Argon2Hasher

    settings.PASSWORD_HASHERS = ["gonghui.core.passwords.Argon2Hasher"]
    encoded = make_password("Gh-2026-pass")
    assert encoded.startswith("argon2$argon2id$v=19$m=47104,t=1,p=1$")
    assert check_password("Gh-2026-pass", encoded) and not check_password("gh-2026-pass", encoded)
    # A hash made with Django's default parameters (before) still verifies, and is re-hashed on login.
    old = Argon2PasswordHasher().encode("Gh-2026-pass", Argon2PasswordHasher().salt())
    upgraded = []
    assert check_password("Gh-2026-pass", old, setter=upgraded.append)
    assert upgraded == ["Gh-2026-pass"] and isinstance(identify_hasher(old), Argon2Hasher)
