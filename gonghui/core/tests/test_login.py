import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

WRONG = "用户名或密码不正确"


def post_login(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_wrong_password_and_unknown_user_get_the_same_message(world):
    wrong_password = post_login(Client(), "chair_a", "nope").content.decode()
    unknown_user = post_login(Client(), "nobody", "nope").content.decode()
    assert WRONG in wrong_password and WRONG in unknown_user


def test_login_then_logout(world):
    client = Client()
    assert post_login(client, "chair_a", "pw-123456").status_code == 302
    assert client.get("/orgs/union-a/").status_code == 200
    client.post("/logout/")
    assert client.get("/orgs/union-a/").status_code == 302


def test_five_failures_lock_the_account(world):
    client = Client()
    for _ in range(5):
        post_login(client, "chair_a", "wrong")
    response = post_login(client, "chair_a", "pw-123456")
    assert response.status_code == 429
    assert "已锁定" in response.content.decode()


def test_password_change(world):
    client = Client()
    client.force_login(world.chair_a)
    response = client.post(
        "/password/",
        {
            "old_password": "pw-123456",
            "new_password1": "Gonghui#2026new",
            "new_password2": "Gonghui#2026new",
        },
    )
    assert response.status_code == 302
    world.chair_a.refresh_from_db()
    assert world.chair_a.check_password("Gonghui#2026new")


def test_password_change_pages_use_the_app_layout(world):
    # django.contrib.admin ships registration/password_change_*.html too; ours must win.
    client = Client()
    client.force_login(world.chair_a)
    for url in ("/password/", "/password/done/"):
        page = client.get(url).content.decode()
        assert "工会工作台" in page and 'data-testid="logout"' in page
        assert "Django" not in page


def test_switching_org(client, world):
    client.force_login(world.fed_admin)
    client.post("/switch-org/", {"org": "union-b", "next": "/"})
    assert client.session["active_org_id"] == world.union_b.pk
    client.force_login(world.chair_a)
    assert client.post("/switch-org/", {"org": "union-b"}).status_code == 404


def test_pages_need_login(client, world):
    response = client.get("/orgs/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
