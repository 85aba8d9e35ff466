"""The sensitive-access log page: for the chair and the federation admin, filterable, exportable."""

import io
import zipfile

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gonghui.core.models import SensitiveAccess
from gonghui.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seen(login, world):
    hostile = MemberFactory(org=world.group_a, name="=HYPERLINK(1)")
    quiet = MemberFactory(org=world.group_a, name="钱安静")
    client = login(world.chair_a)
    client.post(reverse("members:reveal", args=[hostile.pk]), {"field": "phone"})
    client.post(reverse("members:reveal", args=[quiet.pk]), {"field": "id_number"})
    login(world.officer_a).post(reverse("members:reveal", args=[quiet.pk]), {"field": "phone"})
    return hostile, quiet


@pytest.mark.parametrize(
    ("role", "org", "status"),
    [
        ("chair_a", "union_a", 200),
        ("fed_admin", "union_a", 200),
        ("fed_admin", "fed", 200),
        ("officer_a", "union_a", 403),
        ("group_leader_a", "group_a", 403),
        ("fed_viewer", "union_a", 403),
        ("member_a", "union_a", 403),
        ("chair_b", "union_a", 404),
    ],
)
def test_who_may_read_it(login, world, seen, role, org, status):
    client = login(getattr(world, role))
    code = getattr(world, org).code
    assert client.get(reverse("orgs:access_log", args=[code])).status_code == status
    assert client.get(reverse("orgs:access_log_export", args=[code])).status_code == status
    detail = client.get(reverse("orgs:detail", args=[code])).content.decode()
    assert ('data-testid="access-log"' in detail) is (status == 200)


def test_who_saw_whose_data_filtered(login, world, seen):
    client = login(world.chair_a)
    url = reverse("orgs:access_log", args=[world.union_a.code])
    body = client.get(url).content.decode()
    assert "钱安静" in body and "身份证号" in body and "手机" in body and "officer_a" in body
    only_officer = client.get(url, {"user": "officer"}).content.decode()
    assert "officer_a" in only_officer and "chair_a" not in only_officer.split("<tbody>")[1]
    only_id = client.get(url, {"field": "身份证号"}).content.decode().split("<tbody>")[1]
    assert "钱安静" in only_id and "HYPERLINK" not in only_id
    empty = client.get(url, {"start": "2001-01-01", "end": "2001-01-31"}).content.decode()
    assert "没有符合条件的记录" in empty
    bad = client.get(url, {"start": "2030-01-01", "end": "2001-01-31", "page": "x"})
    assert bad.status_code == 200 and "开始日期晚于结束日期" in bad.content.decode()


def test_export_has_no_formulas_and_follows_the_filter(login, world, seen):
    response = login(world.chair_a).get(
        reverse("orgs:access_log_export", args=[world.union_a.code]), {"user": "chair"}
    )
    assert response["Content-Disposition"].startswith("attachment")
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode()  # no cell is a formula
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert "会员：=HYPERLINK(1)" in [cell for row in rows for cell in row]
    assert len(rows) == 1 + SensitiveAccess.objects.filter(user=world.chair_a).count()
