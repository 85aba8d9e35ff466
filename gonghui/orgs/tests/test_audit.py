"""The 操作记录 page: never a 500 whatever a change is called, sensitive fields stored masked, and
change details only for those who may see the object in full."""

import re

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from gonghui.care.tests.factories import HardshipCaseFactory
from gonghui.members.models import Member
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.models import Role
from gonghui.orgs.tests.factories import make_user
from gonghui.plans.models import Plan

pytestmark = pytest.mark.django_db


def _audit(client, org):
    response = client.get(f"/orgs/{org.code}/audit/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_change_to_a_field_called_items_does_not_break_the_page(login, world):
    # the template once looped over `changes_dict.items`, which a field named "items" shadowed
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Plan),
        object_pk="1",
        object_repr="2026年工会工作计划",
        action=LogEntry.Action.UPDATE,
        changes={"items": ["3", "4"], "title": ["旧标题", "新标题"]},
        additional_data={"org_id": world.union_a.pk, "org_path": world.union_a.path},
    )
    body = _audit(login(world.chair_a), world.union_a)
    assert "items" in body and "3 → 4" in body and "新标题" in body


def test_member_id_and_phone_are_stored_masked(world):
    member = MemberFactory(org=world.group_a, phone="13912345678")
    member.phone = "13800001111"
    member.save()
    stored = str(LogEntry.objects.get_for_object(member).values_list("changes", flat=True)[::1])
    assert member.id_number not in stored and "13912345678" not in stored and "13800001111" not in stored
    assert "139****5678" in stored and "138****1111" in stored


def test_hardship_details_are_stored_masked(world):
    case = HardshipCaseFactory(org=world.union_a)
    stored = str(list(LogEntry.objects.get_for_object(case).values_list("changes", flat=True)))
    assert "透析" not in stored and "务农" not in stored and "650" not in stored


@pytest.mark.parametrize(
    ("role", "details"),
    [("chair_a", True), ("fed_admin", True), ("officer_a", True), ("dues_officer", False)],
)
def test_change_details_only_for_those_who_may_see_the_member_in_full(login, world, role, details):
    # officer_a holds the care duty (sees members in full); a dues officer may audit, not see IDs
    user = make_user("dues_officer", Role.UNION_OFFICER, world.union_a, duties="dues")
    user = user if role == "dues_officer" else getattr(world, role)
    member = MemberFactory(org=world.group_a, name="钱敏感", phone="13912345678")
    Member.objects.filter(pk=member.pk).update(phone="1")  # the log below records the real change
    member.phone = "13800001111"
    member.save()
    body = _audit(login(user), world.union_a)
    assert ("138****1111" in body) is details
    assert ("钱敏感" in body) is details
    assert ("无权查看详情" in body) is not details
    assert "13800001111" not in body


def test_hardship_changes_are_hidden_from_auditors_without_care(login, world):
    HardshipCaseFactory(org=world.union_a)
    dues_officer = make_user("dues_officer", Role.UNION_OFFICER, world.union_a, duties="dues")
    assert "无权查看详情" in _audit(login(dues_officer), world.union_a)
    chair = _audit(login(world.chair_a), world.union_a)
    assert "家庭成员情况" in chair and "***" in chair


def test_the_migration_masks_entries_written_before(world):
    import importlib

    migration = importlib.import_module("gonghui.core.migrations.0002_mask_sensitive_audit_entries")
    member = MemberFactory(org=world.group_a, phone="13912345678")
    entry = LogEntry.objects.get_for_object(member).get()
    LogEntry.objects.filter(pk=entry.pk).update(  # as the log held it before masking
        changes={"phone": ["", "13912345678"], "id_number": ["", member.id_number], "name": ["", "张三"]}
    )
    from django.apps import apps

    migration.mask_entries(apps, None)
    entry.refresh_from_db()
    assert entry.changes["phone"] == ["", "139****5678"] and entry.changes["name"] == ["", "张三"]
    assert entry.changes["id_number"][1] == member.id_number[:3] + "*" * 11 + member.id_number[-4:]


def test_a_metric_or_evidence_key_in_a_change_reads_as_its_chinese_name():
    # The crawl found 「care.visit」 on the town's audit page: a proof's evidence type, logged raw.
    from gonghui.metrics import registry as metrics
    from gonghui.orgs.views import _changes
    from gonghui.plans.models import Evidence

    key = metrics.all_metrics()[0]
    rows = _changes(Evidence, {"evidence_key": ["", key.key], "note": ["", "照片"]})
    assert [after for _, _, after in rows] == [key.label, "照片"]


def test_fields_without_a_chinese_label_read_in_chinese_in_the_log():
    # PostgreSQL's order put an attendance change on the page: 「signed up by」 and 「checked in by」.
    from gonghui.activities.models import Attendance
    from gonghui.orgs.views import _changes

    changes = {
        "signed_up_by": ["", "3"],
        "checked_in_by": ["", "3"],
        "activity": ["", "x"],
        "status": ["a", "b"],
    }
    labels = [label for label, _before, _after in _changes(Attendance, changes)]
    assert labels == [
        "经办人",
        "经办人",
        str(Attendance._meta.get_field("activity").related_model._meta.verbose_name),
        "报名状态",
    ]
    assert all(re.search(r"[\u4e00-\u9fff]", label) for label in labels)
