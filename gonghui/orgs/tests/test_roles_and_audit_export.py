"""Who holds which role where, and the change log as a workbook (等保 2.0: 审计记录导出, 权限清单)."""

import io
import zipfile

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gonghui.orgs.models import Role, RoleAssignment
from gonghui.orgs.tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "username, org, status",
    [
        ("chair_a", "union_a", 200),
        ("officer_a", "union_a", 200),
        ("fed_admin", "union_a", 200),
        ("fed_admin", "fed", 200),
        ("fed_viewer", "fed", 403),
        ("group_leader_a", "group_a", 403),
        ("member_a", "union_a", 403),
        ("chair_b", "union_a", 404),
        ("chair_a", "fed", 404),  # an org above is not theirs to see
    ],
)
def test_who_may_see_roles_and_export_the_log(login, world, username, org, status):
    client = login(getattr(world, username))
    code = getattr(world, org).code
    assert client.get(reverse("orgs:roles", args=[code])).status_code == status
    assert client.get(reverse("orgs:audit_export", args=[code])).status_code == status


def test_roles_page_lists_the_subtree_and_the_roles_above(login, world):
    body = login(world.chair_a).get(reverse("orgs:roles", args=[world.union_a.code])).content.decode()
    table, above = body.split("上级组织的角色")
    for username in ("chair_a", "officer_a", "group_leader_a"):
        assert username in table
    assert "member_a" not in table  # members only when asked
    assert "chair_b" not in body  # another union
    assert "fed_admin" in above and "总工会管理员" in above
    members = login(world.chair_a).get(reverse("orgs:roles", args=[world.union_a.code]), {"role": "member"})
    assert "member_a" in members.content.decode().split("上级组织的角色")[0]
    odd = login(world.chair_a).get(
        reverse("orgs:roles", args=[world.union_a.code]), {"role": "<x>", "page": "z"}
    )
    assert odd.status_code == 200


def test_granting_a_role_shows_in_the_unions_log_and_export(login, world):
    newcomer = make_user("newcomer")
    RoleAssignment.objects.create(user=newcomer, org=world.union_a, role=Role.UNION_OFFICER, duties="dues")
    LogEntry.objects.log_create(
        world.union_a, action=LogEntry.Action.UPDATE, changes={"name": ["=HYPERLINK(1)", "甲村工会"]}
    )
    client = login(world.chair_a)
    assert "角色" in client.get(reverse("orgs:audit", args=[world.union_a.code])).content.decode()
    response = client.get(reverse("orgs:audit_export", args=[world.union_a.code]))
    assert response["Content-Disposition"].startswith("attachment")
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode()
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert rows[0][0] == "时间" and len(rows) >= 3
    cells = [str(cell) for row in rows for cell in row]
    assert any("newcomer" in c for c in cells)
    assert any("=HYPERLINK(1)" in c for c in cells)
    # the other union's chair sees none of it
    other = login(world.chair_b).get(reverse("orgs:audit_export", args=[world.union_b.code]))
    other_rows = CalamineWorkbook.from_filelike(io.BytesIO(other.content)).get_sheet_by_index(0).to_python()
    assert not any("newcomer" in str(cell) for row in other_rows for cell in row)


def test_accounts_show_in_the_root_log_only(login, world):
    world.chair_b.is_active = False
    world.chair_b.save()
    root = login(world.fed_admin).get(reverse("orgs:audit", args=[world.fed.code])).content.decode()
    union = login(world.chair_a).get(reverse("orgs:audit", args=[world.union_a.code])).content.decode()
    assert "chair_b" in root and "chair_b" not in union
