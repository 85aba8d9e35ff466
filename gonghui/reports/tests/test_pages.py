"""The ledger page per union and the downloads it starts (background tasks, POST/redirect/GET)."""

from urllib.parse import unquote

import pytest
from django.urls import reverse

from gonghui.core.models import TaskProgress
from gonghui.reports.tasks import BINDER_KIND, LEDGER_KIND
from gonghui.reports.tests.conftest import YEAR

pytestmark = pytest.mark.django_db


def _page(client, org, year=YEAR):
    return client.get(reverse("reports:ledgers", args=[org.code]), {"year": year})


def test_the_page_lists_every_ledger_with_its_count(login, world, records):
    body = _page(login(world.chair_a), world.union_a).content.decode()
    assert "活动台帐" in body and "会员名册" in body and "走访慰问台帐" in body
    assert 'data-testid="ledgers-missing"' not in body  # union A kept every required ledger


def test_a_required_ledger_without_records_is_red(login, world, records):
    body = _page(login(world.chair_b), world.union_b).content.decode()
    assert 'data-testid="ledgers-missing"' in body
    row = body.split('data-testid="ledger-dues.payments"')[0].rsplit("<tr", 1)[1]
    assert "table-danger" in row


def test_odd_years_fall_back_to_this_year(login, world):
    client = login(world.chair_a)
    for year in ("abc", "99999", ""):
        assert _page(client, world.union_a, year).status_code == 200


@pytest.mark.parametrize(("role", "status"), [("chair_b", 404), ("member_a", 404), ("fed_viewer", 200)])
def test_who_sees_union_a_ledgers(login, world, role, status):
    response = _page(login(getattr(world, role)), world.union_a)
    assert response.status_code in ((status,) if status == 200 else (403, 404))


def test_an_officer_without_the_care_duty_gets_no_case_ledger(login, world, records):
    from gonghui.orgs.models import Role
    from gonghui.orgs.tests.factories import make_user

    plain = make_user("plain", Role.UNION_OFFICER, world.union_a)
    client = login(plain)
    body = _page(client, world.union_a).content.decode()
    row = body.split('data-testid="ledger-care.cases"')[1].split("</tr>")[0]
    assert "无权限" in row and "<button" not in row
    client.post(
        reverse("reports:ledger_build", args=[world.union_a.code]), {"key": "care.cases", "year": YEAR}
    )
    assert not TaskProgress.objects.filter(kind=LEDGER_KIND).exists()


def test_a_ledger_download_runs_in_the_background(login, world, records):
    client = login(world.chair_a)
    response = client.post(
        reverse("reports:ledger_build", args=[world.union_a.code]), {"key": "activities.ledger", "year": YEAR}
    )
    progress = TaskProgress.objects.get(kind=LEDGER_KIND)
    assert response.status_code == 302 and response.url == reverse("reports:task", args=[progress.pk])
    page = client.get(response.url).content.decode()
    download = reverse("reports:download", args=[progress.pk])
    assert download in page and "已生成，共 1 条" in page
    file = client.get(download)
    assert file.status_code == 200 and "活动台帐" in unquote(file["Content-Disposition"])
    # the file is its starter's alone
    assert login(world.fed_admin).get(download).status_code == 404
    assert login(world.fed_admin).get(reverse("reports:task", args=[progress.pk])).status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"key": "nope", "year": YEAR},
        {"key": "activities.ledger", "year": "x"},
        {"key": "activities.ledger", "year": YEAR, "fmt": "pdf"},
    ],
)
def test_bad_ledger_requests_say_what_to_do(login, world, data):
    client = login(world.chair_a)
    response = client.post(reverse("reports:ledger_build", args=[world.union_a.code]), data, follow=True)
    assert response.status_code == 200 and "alert" in response.content.decode()
    assert not TaskProgress.objects.exists()


def test_a_binder_for_an_org_outside_the_subtree_is_refused(login, world):
    client = login(world.chair_a)
    for org in (world.union_b, world.fed, world.other_fed):
        response = client.post(reverse("reports:binder_build", args=[org.code]), {"year": YEAR})
        assert response.status_code == 404
    assert not TaskProgress.objects.filter(kind=BINDER_KIND).exists()


def test_the_binder_button_builds_and_shows_each_union(login, world, records):
    client = login(world.fed_admin)
    response = client.post(reverse("reports:binder_build", args=[world.fed.code]), {"year": YEAR})
    progress = TaskProgress.objects.get(kind=BINDER_KIND)
    assert response.url == reverse("reports:task", args=[progress.pk])
    assert progress.status == TaskProgress.Status.DONE and progress.done == progress.total == 3
    page = client.get(response.url).content.decode()
    assert "甲村工会" in page and "乙校工会" in page and 'data-testid="sections"' in page
    assert client.get(reverse("reports:download", args=[progress.pk]))["Content-Type"] == "application/zip"
    status = client.get(reverse("reports:task_status", args=[progress.pk]))
    assert status.status_code == 200 and "hx-get" not in status.content.decode()  # finished: stops polling
