"""Numbers and cursors a client can type never become a 500: bounded years and offsets, checked cursors."""

import pytest

from gonghui.core.pagination import encode_cursor
from gonghui.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/api/activities/?year=10000",
        "/api/activities/?year=0",
        "/api/care/union-a/aid?year=99999",
        "/api/care/union-a/summary?year=-5",
        "/api/care/union-a/cases?offset=99999999999999999999",
        "/api/care/union-a/visits?offset=-1",
        "/api/care/union-a/visits?limit=99999999999999999999",
        "/api/metrics/fed/snapshots?key=plans.schedule_done_rate&offset=99999999999999999999",
    ],
)
def test_out_of_range_numbers_are_a_chinese_422(login, world, url):
    response = login(world.fed_admin).get(url)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith("请求数据格式不正确：") and "不能" in detail


def test_the_422_names_the_parameter_and_its_bound(login, world):
    detail = login(world.fed_admin).get("/api/activities/?year=10000").json()["detail"]
    assert "year 不能大于 2100" in detail


def test_years_in_range_still_answer(login, world):
    client = login(world.fed_admin)
    assert client.get("/api/activities/?year=2026").status_code == 200
    assert client.get("/api/care/union-a/aid?year=2026").status_code == 200
    assert client.get("/api/care/union-a/cases?offset=1000000").json() == []


EDITED_CURSORS = [
    encode_cursor(["zhang", "not-a-uuid"]),
    encode_cursor([{"a": 1}, [1, 2]]),
    encode_cursor(["zhang"]),
    encode_cursor("zhang"),
    encode_cursor(["zh\x00ang", "5f0c9a4e-1111-4c3e-9d1e-2b7a3c1e0f00"]),
    "!!!not-base64!!!",
    "gA==",  # base64 of a byte that is not UTF-8
]


@pytest.mark.parametrize("cursor", EDITED_CURSORS)
def test_an_edited_cursor_shows_the_first_page(login, world, cursor):
    MemberFactory(org=world.union_a, name="张三")
    client = login(world.chair_a)
    page = client.get("/members/", {"after": cursor})
    assert page.status_code == 200 and "张三" in page.content.decode()
    api = client.get("/api/members/", {"after": cursor})
    assert api.status_code == 200 and "张三" in [m["name"] for m in api.json()["items"]]


def test_a_real_cursor_still_pages(login, world):
    for name in ["阿一", "阿二", "阿三"]:
        MemberFactory(org=world.union_a, name=name)
    client = login(world.chair_a)
    first = client.get("/api/members/", {"limit": 2}).json()
    second = client.get("/api/members/", {"limit": 2, "after": first["next"]}).json()
    seen = [m["name"] for m in first["items"] + second["items"]]
    assert len(seen) == len(set(seen)) == 4  # 甲会员 of the cast and the three


@pytest.mark.parametrize("page", ["-1", "0", "abc", "99999999999999999999"])
def test_audit_page_numbers_out_of_range_show_a_page(login, world, page):
    response = login(world.fed_admin).get("/orgs/union-a/audit/", {"page": page})
    assert response.status_code == 200
