import pytest
from django.test import Client

from gonghui.core.api_auth import issue_token

pytestmark = pytest.mark.django_db


def test_org_tree_lists_only_the_visible_subtree(login, world):
    data = login(world.chair_a).get("/api/orgs/").json()
    assert [o["code"] for o in data] == ["union-a", "group-a"]
    assert data[1]["parent_code"] == "union-a"


def test_org_detail_and_children(login, world):
    client = login(world.fed_admin)
    assert client.get("/api/orgs/union-a").json()["parent_code"] == "fed"
    assert {o["code"] for o in client.get("/api/orgs/fed/children").json()} == {"union-a", "union-b"}


def test_foreign_org_is_a_chinese_404(login, world):
    response = login(world.chair_a).get("/api/orgs/union-b")
    assert response.status_code == 404
    assert response.json() == {"detail": "找不到该记录，或您无权查看。"}


def test_me(login, world):
    data = login(world.officer_a).get("/api/core/me").json()
    assert data["username"] == "officer_a"
    assert data["roles"][0]["role"] == "union_officer"


def test_token_authentication(world):
    key = issue_token(user=world.chair_b, name="script")
    client = Client()
    assert client.get("/api/core/me").status_code == 401
    assert client.get("/api/core/me").json()["detail"].startswith("请先登录")
    response = client.get("/api/core/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.json()["username"] == "chair_b"
    assert client.get("/api/core/me", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401


def test_openapi_docs_are_for_logged_in_users_when_debug_is_off(client, world):
    assert client.get("/api/docs")["Location"].startswith("/login/")
    assert client.get("/api/openapi.json")["Location"].startswith("/login/")
    client.force_login(world.member_a)
    assert client.get("/api/openapi.json").status_code == 200
    assert client.get("/api/docs").status_code == 200


def test_tokens_are_made_and_shown_once_on_the_profile(login, world):
    client = login(world.chair_a)
    client.post("/profile/tokens/", {"name": "对接脚本"})
    body = client.get("/profile/").content.decode()
    assert "对接脚本" in body and 'data-testid="new-token"' in body
    assert 'data-testid="new-token"' not in client.get("/profile/").content.decode()
