from datetime import date

import pytest

from gonghui.metrics.snapshots import build_snapshots, months_of_year
from gonghui.plans.models import ItemStatus
from gonghui.plans.tests.factories import PlanFactory, ScheduleItemFactory, TargetFactory

pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.fixture
def plan_a(world):
    plan = PlanFactory(org=world.union_a, year=TODAY.year)
    ScheduleItemFactory(org=world.union_a, plan=plan, month=TODAY.month, text="读书活动")
    TargetFactory(org=world.union_a, plan=plan, metric_key="plans.schedule_done_rate", text="完成率100%")
    return plan


def test_plans_items_targets_and_dashboard(login, world, plan_a):
    client = login(world.chair_a)
    plans = client.get(f"/api/plans/orgs/{world.union_a.code}/plans").json()
    assert [p["id"] for p in plans] == [str(plan_a.pk)]
    detail = client.get(f"/api/plans/{plan_a.pk}").json()
    assert detail["items"][0]["text"] == "读书活动" and detail["targets"][0]["measurable"] is True
    items = client.get(f"/api/plans/orgs/{world.union_a.code}/items").json()
    item_id = items[0]["id"]
    patched = client.patch(
        f"/api/plans/items/{item_id}", {"text": "读书分享会", "month": 12}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["month"] == 12
    bad = client.patch(f"/api/plans/items/{item_id}", {"month": 13}, content_type="application/json")
    assert bad.status_code == 422 and "detail" in bad.json()
    bare = client.post(f"/api/plans/items/{item_id}/done", {"note": "已办"})
    assert bare.status_code == 422 and "无需留痕的原因" in bare.json()["detail"]  # a note proves nothing
    reason = "读书分享会在线上进行，没有签到表和照片留存。"
    done = client.post(f"/api/plans/items/{item_id}/done", {"reason": reason})
    assert done.json()["status"] == ItemStatus.DONE
    board = client.get(f"/api/plans/orgs/{world.union_a.code}/dashboard").json()
    # the item was moved to December: it counts toward the done rate only once December has come
    expected = "100%" if TODAY.month == 12 else "无数据"
    assert board["counts"] == {"done": 1} and board["targets"][0]["display"] == expected


def test_api_refuses_other_unions(login, world, plan_a):
    client = login(world.chair_b)
    assert client.get(f"/api/plans/{plan_a.pk}").status_code == 404
    item = plan_a.items.get()
    assert client.post(f"/api/plans/items/{item.pk}/done").status_code == 404
    viewer = login(world.fed_viewer)
    assert viewer.post(f"/api/plans/items/{item.pk}/done").status_code == 403


def test_snapshot_api(login, world, plan_a):
    build_snapshots(months=months_of_year(TODAY.year, until=TODAY), keys=["plans.schedule_done_rate"])
    client = login(world.fed_viewer)
    page = client.get(f"/api/metrics/{world.fed.code}/snapshots", {"key": "plans.schedule_done_rate"}).json()
    # every union has its row, the one without a plan saying "no data" (as the metric does)
    assert [(i["org_code"], i["value"] is None) for i in page["items"]] == [
        (world.union_a.code, False),
        (world.union_b.code, True),
    ]
    assert page["total"]["org_code"] == world.fed.code
    assert client.get(f"/api/metrics/{world.fed.code}/snapshots", {"key": "nope"}).status_code == 404
    assert (
        client.get(
            f"/api/metrics/{world.fed.code}/snapshots", {"key": "plans.schedule_done_rate", "month": "x"}
        ).status_code
        == 422
    )
    assert (
        login(world.chair_b)
        .get(f"/api/metrics/{world.fed.code}/snapshots", {"key": "plans.schedule_done_rate"})
        .status_code
        == 404
    )
