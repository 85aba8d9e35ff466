"""Bearer tokens write without CSRF; the browser's session still needs its CSRF token."""

import pytest
from django.test import Client
from django.utils.crypto import get_random_string

from gonghui.core.api_auth import issue_token
from gonghui.plans.models import ItemStatus
from gonghui.plans.tests.factories import PlanFactory, ScheduleItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(world):
    plan = PlanFactory(org=world.union_a, year=2026)
    return ScheduleItemFactory(org=world.union_a, plan=plan, month=3, text="三八节活动")


def mark_done(client, item, **headers):
    return client.post(
        f"/api/plans/items/{item.pk}/done", {"reason": "三八节活动已在线下举行，签到表另行归档。"}, **headers
    )


def test_a_token_writes_without_a_csrf_token(world, item):
    key = issue_token(user=world.chair_a, name="对接脚本")
    response = mark_done(Client(enforce_csrf_checks=True), item, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200, response.content
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE


def test_a_token_writes_even_beside_a_logged_in_session(world, item):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.chair_a)
    key = issue_token(user=world.chair_a, name="对接脚本")
    assert mark_done(client, item, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


def test_a_session_write_without_csrf_is_refused_in_chinese(world, item):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.chair_a)
    response = mark_done(client, item)
    assert response.status_code == 403
    assert "CSRF 令牌" in response.json()["detail"]
    item.refresh_from_db()
    assert item.status != ItemStatus.DONE


def test_a_session_write_with_the_csrf_token_goes_through(world, item):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.chair_a)
    token = get_random_string(32)  # the cookie a page load sets, echoed in the header as htmx does
    client.cookies["csrftoken"] = token
    assert mark_done(client, item, HTTP_X_CSRFTOKEN=token).status_code == 200


def test_a_wrong_token_without_a_session_is_a_chinese_401(world, item):
    response = mark_done(Client(enforce_csrf_checks=True), item, HTTP_AUTHORIZATION="Bearer wrong")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("请先登录")
