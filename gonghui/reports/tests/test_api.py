import pytest

from gonghui.core.models import TaskProgress
from gonghui.reports.tests.conftest import YEAR

pytestmark = pytest.mark.django_db


def test_ledgers_and_evidence_types(login, world, records):
    client = login(world.chair_a)
    kinds = client.get("/api/reports/evidence-types").json()
    assert {"key": "activities.activity", "label": "活动"} in kinds
    rows = client.get(f"/api/reports/orgs/{world.union_a.code}/ledgers", {"year": YEAR}).json()
    roster = next(r for r in rows if r["key"] == "members.roster")
    assert roster["book"] == "会员名册" and roster["count"] >= 1 and roster["missing"] is False
    assert client.get(f"/api/reports/orgs/{world.union_a.code}/ledgers", {"year": 1}).status_code == 422


def test_ledger_and_binder_tasks(login, world, records):
    client = login(world.chair_a)
    started = client.post(f"/api/reports/orgs/{world.union_a.code}/binder", {"year": YEAR})
    assert started.status_code == 202
    task = client.get(f"/api/reports/tasks/{started.json()['id']}").json()
    assert task["status"] == "done" and task["download_url"]
    ledger = client.post(
        f"/api/reports/orgs/{world.union_a.code}/ledgers/build", {"key": "care.visits", "year": YEAR}
    )
    assert ledger.status_code == 202
    bad = client.post(f"/api/reports/orgs/{world.union_a.code}/ledgers/build", {"key": "nope", "year": YEAR})
    assert bad.status_code == 422 and "台帐" in bad.json()["detail"]
    assert login(world.fed_admin).get(f"/api/reports/tasks/{started.json()['id']}").status_code == 404


def test_foreign_and_member_requests_are_refused(login, world, records):
    for user in (world.chair_b, world.member_a):
        client = login(user)
        assert client.get(f"/api/reports/orgs/{world.union_a.code}/ledgers", {"year": YEAR}).status_code in (
            403,
            404,
        )
        assert client.post(f"/api/reports/orgs/{world.union_a.code}/binder", {"year": YEAR}).status_code in (
            403,
            404,
        )
    assert not TaskProgress.objects.exists()


def test_the_picker_through_the_api(login, world, records):
    client = login(world.chair_a)
    url = f"/api/reports/items/{records.item.pk}/evidence"
    picks = client.get(url, {"type": "activities.activity", "q": "三八"}).json()
    assert [p["text"] for p in picks] == ["2026-03-08 三八节趣味运动会"]
    linked = client.post(url, {"type": "activities.activity", "record": picks[0]["id"]})
    assert linked.status_code == 201 and linked.json()["evidence_key"] == "activities.activity"
    assert client.get(url, {"type": "activities.activity", "q": "三八"}).json()[0]["linked"] is True
    assert client.post(url, {"type": "nope", "record": picks[0]["id"]}).status_code == 422
    assert client.post(url, {"type": "activities.activity", "record": "bad"}).status_code == 422
    assert login(world.chair_b).get(url, {"type": "activities.activity"}).status_code == 404
