"""Idle timeout (30 minutes) and absolute timeout (12 hours), renewed on activity, with the clock pinned."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 10, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai


def _signed_in(world):
    client = Client()
    assert client.post("/login/", {"username": "chair_a", "password": "pw-123456"}).status_code == 302
    return client


def _page(client):
    return client.get("/orgs/union-a/")


def test_idle_for_longer_than_the_limit_logs_out_with_a_chinese_reason(world):
    with time_machine.travel(START, tick=False) as clock:
        client = _signed_in(world)
        assert _page(client).status_code == 200
        clock.shift(timedelta(minutes=29))
        assert _page(client).status_code == 200  # still in, and the idle clock starts again
        clock.shift(timedelta(minutes=29))
        assert _page(client).status_code == 200
        clock.shift(timedelta(minutes=31))
        response = _page(client)
        assert response.status_code == 302 and response["Location"].startswith("/login/")
        login_page = client.get(response["Location"]).content.decode()
        assert "30 分钟没有操作" in login_page and "请重新登录" in login_page


def test_activity_does_not_extend_past_the_absolute_limit(world):
    with time_machine.travel(START, tick=False) as clock:
        client = _signed_in(world)
        for _ in range(12 * 3):  # busy all day: a request every 20 minutes for 12 hours
            clock.shift(timedelta(minutes=20))
            assert _page(client).status_code == 200
        clock.shift(timedelta(minutes=20))
        response = _page(client)
        assert response.status_code == 302
        assert "已满 12 小时" in client.get(response["Location"]).content.decode()


def test_the_limits_come_from_settings(world, settings):
    settings.GONGHUI_SESSION_IDLE_MINUTES = 5
    with time_machine.travel(START, tick=False) as clock:
        client = _signed_in(world)
        clock.shift(timedelta(minutes=6))
        assert _page(client).status_code == 302


def test_a_timed_out_htmx_request_reloads_the_login_page_whole(world):
    with time_machine.travel(START, tick=False) as clock:
        client = _signed_in(world)
        _page(client)
        clock.shift(timedelta(minutes=31))
        response = client.get(
            "/orgs/union-a/", HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://testserver/orgs/union-a/"
        )
        assert response.status_code == 204
        assert response["HX-Redirect"] == "/login/?next=%2Forgs%2Funion-a%2F"


def test_pages_carry_the_seconds_left_for_the_warning_script(world):
    with time_machine.travel(START, tick=False) as clock:
        client = _signed_in(world)
        _page(client)
        clock.shift(timedelta(minutes=10))
        body = _page(client).content.decode()
        assert 'data-idle="1800" data-left="1800"' in body
        assert "core/session.js" in body
        # The keepalive behind 「继续使用」 renews the session; a logged-out one is sent to the login page.
        clock.shift(timedelta(minutes=28))
        assert client.get("/session/keepalive/").status_code == 204
        clock.shift(timedelta(minutes=28))
        assert _page(client).status_code == 200
        clock.shift(timedelta(minutes=31))
        assert client.get("/session/keepalive/").status_code == 302


def test_anonymous_pages_have_no_warning_script(db):
    assert "core/session.js" not in Client().get("/login/").content.decode()
