"""Switching the active org returns to a page of this site only, whatever `next` says."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "/\\evil.example/phish",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
        "home-page-name",
        "",
    ],
)
def test_next_outside_this_site_goes_home(login, world, next_url):
    response = login(world.fed_admin).post("/switch-org/", {"org": "union-b", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_local_path_is_followed(login, world):
    response = login(world.fed_admin).post("/switch-org/", {"org": "union-b", "next": "/members/?page=2"})
    assert response["Location"] == "/members/?page=2"
