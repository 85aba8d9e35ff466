"""A NUL character anywhere a client can type is a Chinese 400 (PostgreSQL text cannot hold it)."""

import pytest

from gonghui.core.middleware import NUL_MESSAGE

pytestmark = pytest.mark.django_db


def test_api_search_with_a_nul_is_a_chinese_400(login, world):
    response = login(world.chair_a).get("/api/members/search", {"q": "张\x00三"})
    assert response.status_code == 400 and response.json()["detail"] == NUL_MESSAGE


def test_a_page_query_with_a_nul_is_a_400(login, world):
    response = login(world.chair_a).get("/members/", {"q": "\x00"})
    assert response.status_code == 400 and "空字符" in response.content.decode()


def test_a_json_body_with_a_nul_is_refused(login, world):
    response = login(world.chair_a).post(
        "/api/care/union-a/visits", '{"notes": "a\\u0000b"}', content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["detail"] == NUL_MESSAGE


def test_a_form_post_with_a_nul_is_refused(login, world):
    response = login(world.chair_a).post("/profile/tokens/", {"name": "脚本\x00"})
    assert response.status_code == 400


def test_ordinary_requests_pass(login, world):
    client = login(world.chair_a)
    assert client.get("/api/members/search", {"q": "甲"}).status_code == 200
    assert client.get("/members/", {"q": "%00 is text"}).status_code == 200
