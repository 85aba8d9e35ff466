from datetime import date

import pytest

from gonghui.dues.models import DuesPayment
from gonghui.members.tests.factories import MemberFactory


@pytest.fixture
def member(world):
    return MemberFactory(org=world.group_a, name="张三", join_date=date(2020, 1, 1))


def create(client, member, **data):
    body = {"first_month": "2025-01", "last_month": "2025-03", "amount": "90", "paid_on": "2025-03-10"}
    body |= {"method": "wechat"} | data
    return client.post(f"/api/dues/members/{member.pk}/payments", body, content_type="application/json")


def test_create_list_and_overlap(login, world, member):
    client = login(world.chair_a)
    response = create(client, member)
    assert response.status_code == 201, response.content
    assert response.json()["months"] == 3
    refused = create(client, member, first_month="2025-03", last_month="2025-05")
    assert refused.status_code == 409
    assert "重叠" in refused.json()["detail"]
    listed = client.get(f"/api/dues/members/{member.pk}/payments").json()
    assert [(p["first_month"], p["last_month"]) for p in listed] == [("2025-01", "2025-03")]


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"first_month": "2025-13"}, 422),
        ({"amount": "-1"}, 422),
        ({"method": "bitcoin"}, 422),
        ({"paid_on": "x"}, 422),
    ],
)
def test_bad_payloads_get_chinese_details(login, world, member, data, status):
    response = create(login(world.chair_a), member, **data)
    assert response.status_code == status
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["detail"])


def test_strangers_and_viewers_cannot_create(login, world, member):
    assert create(login(world.chair_b), member).status_code == 404
    assert create(login(world.fed_viewer), member).status_code == 403
    assert create(login(world.member_a), member).status_code == 404
    assert not DuesPayment.objects.exists()


def test_arrears_and_rate(login, world, member):
    client = login(world.chair_a)
    create(client, member)
    rate = client.get("/api/dues/union-a/collection-rate?first_month=2025-01&last_month=2025-12").json()
    # 张三 and the world's member (joined 2015): 24 months due, 3 paid
    assert (rate["months_paid"], rate["months_due"], rate["rate"]) == (3, 24, 12.5)
    arrears = client.get("/api/dues/union-a/arrears?first_month=2025-01&last_month=2025-06").json()
    owed = {r["name"]: r["owed"] for r in arrears["results"]}
    assert owed["张三"] == ["2025-04 至 2025-06"]
    assert client.get("/api/dues/union-a/arrears?first_month=bad").status_code == 422
    assert client.get("/api/dues/union-b/arrears").status_code == 404
    assert login(world.chair_b).get("/api/dues/union-a/collection-rate").status_code == 404
