"""What a chair types wrong into the org form gets a plain Chinese answer that says what to do."""

import pytest

pytestmark = pytest.mark.django_db


def post_new_org(client, world, **fields):
    data = {"name": "丙村工会", "code": "union-c", "kind": "union", "unit_type": "village", **fields}
    return client.post(f"/orgs/{world.fed.code}/new/", data).content.decode()


def test_a_taken_code_names_the_code_and_asks_for_another(login, world):
    body = post_new_org(login(world.fed_admin), world, code="union-a")
    assert "代码为 union-a 的组织已存在，请换一个代码。" in body
    assert "具有" not in body


def test_huge_numbers_get_sensible_limits(login, world):
    body = post_new_org(
        login(world.fed_admin), world, employee_count="99999999999999999999", aid_ceiling="123456789012"
    )
    assert "9223372036854775807" not in body and "个数字" not in body
    assert "职工人数不能超过 2000000，请检查是否多输了数字。" in body
    assert "元，请检查是否多输了数字。" in body
