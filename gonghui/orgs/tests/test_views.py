from datetime import date

import pytest
from auditlog.models import LogEntry

from gonghui.orgs.models import Officer, Org, Term
from gonghui.orgs.tests.factories import TermFactory

pytestmark = pytest.mark.django_db


def test_tree_shows_the_users_subtree_with_member_counts(login, world):
    response = login(world.chair_a).get("/orgs/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "甲村工会" in body and "乙校工会" not in body
    assert "会员 1" in body  # member_a's record sits in group_a


def test_tree_children_are_loaded_on_demand(login, world):
    response = login(world.fed_admin).get("/orgs/fed/children/")
    assert "甲村工会" in response.content.decode() and "乙校工会" in response.content.decode()


def test_detail_shows_key_figures_and_officers(login, world):
    term = TermFactory(org=world.union_a, number=1, start_on=date(2024, 1, 1), end_on=date(2029, 1, 1))
    Officer.objects.create(org=world.union_a, term=term, name="王主席", post="chair")
    body = login(world.chair_a).get("/orgs/union-a/").content.decode()
    assert "王主席" in body and "10.0%" in body  # 1 member / 10 employees


def test_expired_term_warns(login, world):
    TermFactory(org=world.union_a, number=1, start_on=date(2018, 1, 1), end_on=date(2021, 1, 1))
    body = login(world.chair_a).get("/orgs/union-a/").content.decode()
    assert "届满" in body


def test_unknown_or_foreign_org_is_404(login, world):
    client = login(world.chair_a)
    assert client.get("/orgs/no-such-org/").status_code == 404
    assert client.get("/orgs/union-b/").status_code == 404


def test_chair_creates_a_group(login, world):
    response = login(world.chair_a).post(
        "/orgs/union-a/new/",
        {
            "name": "甲村第二小组",
            "code": "group-a2",
            "kind": "group",
            "unit_type": "village",
        },
    )
    assert response.status_code == 302
    group = Org.objects.get(code="group-a2")
    assert group.get_parent().code == "union-a"
    assert LogEntry.objects.filter(object_repr="甲村第二小组", action=LogEntry.Action.CREATE).exists()


def test_invalid_org_form_shows_chinese_errors_and_saves_nothing(login, world):
    response = login(world.chair_a).post(
        "/orgs/union-a/new/",
        {
            "name": "",
            "code": "Bad Code!",
            "kind": "federation",
            "unit_type": "village",
            "uscc": "123",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "代码只能用小写字母" in body
    assert "统一社会信用代码无效" in body
    assert "不能建立" in body
    assert not Org.objects.filter(code="Bad Code!").exists()


def test_valid_uscc_is_accepted(login, world):
    response = login(world.fed_admin).post(
        "/orgs/fed/new/",
        {
            "name": "丙厂工会",
            "code": "union-c",
            "kind": "union",
            "unit_type": "enterprise",
            "uscc": "91110000600037341L",
        },
    )
    assert response.status_code == 302
    assert Org.objects.get(code="union-c").uscc == "91110000600037341L"


def test_an_officer_may_not_manage_the_org(login, world):
    client = login(world.officer_a)
    assert client.get("/orgs/union-a/edit/").status_code == 403
    assert client.post("/orgs/union-a/new/", {"name": "x", "code": "xx", "kind": "group"}).status_code == 403


def test_moving_an_org_under_its_own_descendant_is_refused(login, world):
    from gonghui.orgs.models import OrgKind
    from gonghui.orgs.tests.factories import make_org

    town = make_org(world.fed, code="town", name="某镇总工会", kind=OrgKind.FEDERATION)
    response = login(world.fed_admin).post("/orgs/fed/move/", {"new_parent": town.code})
    assert response.status_code in (200, 404)  # the root cannot be chosen as a move target of itself
    inner = make_org(town, code="inner", name="镇下总工会", kind=OrgKind.FEDERATION)
    response = login(world.fed_admin).post("/orgs/town/move/", {"new_parent": inner.code})
    assert "不能把组织移到它自己或它的下级组织之下" in response.content.decode()
    assert Org.objects.get(code="town").get_parent().code == "fed"


def test_moving_a_union_keeps_its_subtree(login, world):
    from gonghui.orgs.models import OrgKind
    from gonghui.orgs.tests.factories import make_org

    make_org(world.fed, code="town", name="某镇总工会", kind=OrgKind.FEDERATION)
    response = login(world.fed_admin).post("/orgs/union-a/move/", {"new_parent": "town"})
    assert response.status_code == 302
    assert Org.objects.get(code="group-a").get_ancestors().filter(code="town").exists()


def test_term_with_end_before_start_is_refused(login, world):
    response = login(world.chair_a).post(
        "/orgs/union-a/terms/new/",
        {
            "number": 5,
            "start_on": "2025-01-01",
            "end_on": "2024-01-01",
        },
    )
    assert "届满日期必须晚于开始日期" in response.content.decode()
    assert not Term.objects.exists()


def test_officers_are_added_and_removed(login, world):
    client = login(world.chair_a)
    client.post("/orgs/union-a/terms/new/", {"number": 5, "start_on": "2024-01-01", "end_on": "2029-01-01"})
    term = Term.objects.get()
    client.post(
        f"/orgs/terms/{term.pk}/officers/", {"name": "李委员", "post": "member", "phone": "13900000000"}
    )
    officer = Officer.objects.get(name="李委员")
    assert officer.org == world.union_a
    client.post(f"/orgs/officers/{officer.pk}/remove/")
    assert not Officer.objects.exists()


def test_audit_trail_shows_before_and_after(login, world):
    client = login(world.chair_a)
    client.post(
        "/orgs/union-a/edit/",
        {
            "name": "甲村工会联合会",
            "code": "union-a",
            "kind": "union",
            "unit_type": "village",
            "employee_count": 12,
        },
    )
    body = client.get("/orgs/union-a/audit/").content.decode()
    assert "甲村工会联合会" in body and "职工人数" in body
    assert login(world.group_leader_a).get("/orgs/group-a/audit/").status_code == 403
