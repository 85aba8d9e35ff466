from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.dues import months
from gonghui.dues.models import DuesMode, DuesPayment, DuesSetting
from gonghui.dues.tests.factories import DuesPaymentFactory
from gonghui.members.tests.factories import MemberFactory

JAN, MAR = months.month_index(2025, 1), months.month_index(2025, 3)


@pytest.fixture
def member(world):
    return MemberFactory(org=world.group_a, name="张三", join_date=date(2020, 1, 1))


def post_payment(client, org, member, first="2025-01", last="2025-03", amount="90"):
    return client.post(
        reverse("dues:record", args=[org.code]),
        {
            "member": str(member.pk),
            "first_month": first,
            "last_month": last,
            "amount": amount,
            "paid_on": "2025-03-10",
            "method": "wechat",
        },
    )


@pytest.mark.parametrize("role", ["chair_a", "officer_a", "fed_admin", "fed_viewer", "group_leader_a"])
def test_pages_open_for_roles_that_see_the_union(login, world, member, role):
    client = login(getattr(world, role))
    org = world.group_a if role == "group_leader_a" else world.union_a
    for name in ("overview", "arrears", "payments"):
        assert client.get(reverse(f"dues:{name}", args=[org.code])).status_code == 200
    assert client.get(reverse("dues:member", args=[member.pk])).status_code == 200


def test_other_union_and_members_are_refused(login, world, member):
    client = login(world.chair_b)
    for name in ("overview", "arrears", "payments", "record", "setting", "import"):
        assert client.get(reverse(f"dues:{name}", args=[world.union_a.code])).status_code == 404
    assert client.get(reverse("dues:member", args=[member.pk])).status_code == 404
    assert post_payment(client, world.union_b, member).status_code == 200  # the form refuses the member
    assert not DuesPayment.objects.exists()


def test_chair_records_a_payment(login, world, member):
    client = login(world.chair_a)
    response = post_payment(client, world.union_a, member)
    assert response.status_code == 302
    payment = DuesPayment.objects.get()
    assert (payment.first_month, payment.last_month, payment.amount) == (JAN, MAR, Decimal("90"))
    assert payment.recorded_by == world.chair_a
    page = client.get(reverse("dues:member", args=[member.pk])).content.decode()
    assert "2025-01 至 2025-03" in page


def test_overlap_is_shown_on_the_form(login, world, member):
    client = login(world.chair_a)
    post_payment(client, world.union_a, member)
    response = post_payment(client, world.union_a, member, first="2025-03", last="2025-04", amount="60")
    assert response.status_code == 200
    assert "缴费月份不能重叠" in response.content.decode()
    assert DuesPayment.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"first_month": "2025-13"}, "月份格式不正确"),
        ({"last_month": "2024-12"}, "截止月份不能早于起始月份"),
        ({"amount": "-5"}, "0.01"),
        ({"amount": "abc"}, "金额请填写数字"),
        ({"member": "not-a-uuid"}, "找不到该会员"),
    ],
)
def test_bad_input_gets_a_chinese_message(login, world, member, data, message):
    client = login(world.chair_a)
    form = {"member": str(member.pk), "first_month": "2025-01", "last_month": "2025-03", "amount": "90"}
    form |= {"paid_on": "2025-03-10", "method": "cash"} | data
    response = client.post(reverse("dues:record", args=[world.union_a.code]), form)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_members_and_viewers_cannot_record(login, world, member):
    for user in (world.member_a, world.fed_viewer):
        assert post_payment(login(user), world.union_a, member).status_code in (403, 404)
    # a group leader may record for the group, not for the whole union
    assert post_payment(login(world.group_leader_a), world.union_a, member).status_code == 404
    assert post_payment(login(world.group_leader_a), world.group_a, member).status_code == 302


def test_member_sees_own_dues_only(login, world, member):
    client = login(world.member_a)
    own = world.member_a_record
    DuesPaymentFactory(org=own.org, member=own)
    assert client.get(reverse("dues:member", args=[own.pk])).status_code == 200
    assert client.get(reverse("dues:member", args=[member.pk])).status_code == 404
    assert client.get(reverse("dues:overview", args=[world.union_a.code])).status_code == 200
    payments = client.get(reverse("dues:payments", args=[world.union_a.code])).content.decode()
    assert own.name in payments


def test_member_search_by_pinyin_initials(login, world, member):
    client = login(world.chair_a)
    response = client.get(
        reverse("members:pick", args=[world.union_a.code]), {"field": "member", "member-q": "zs"}
    )
    assert "张三" in response.content.decode()
    assert str(member.pk) in response.content.decode()


def test_setting_page_for_chair_not_group_leader(login, world):
    client = login(world.chair_a)
    url = reverse("dues:setting", args=[world.union_a.code])
    response = client.post(url, {"mode": DuesMode.FIXED, "rate": "0.5", "fixed_amount": ""})
    assert "固定金额方式需要填写" in response.content.decode()
    assert client.post(url, {"mode": DuesMode.FIXED, "rate": "0.5", "fixed_amount": "12"}).status_code == 302
    assert DuesSetting.objects.get(org=world.union_a).fixed_amount == Decimal("12")
    assert login(world.group_leader_a).get(url).status_code == 404  # the union is above its group
    assert login(world.fed_viewer).get(url).status_code == 403


def test_arrears_list_and_group_filter(login, world, member):
    other = MemberFactory(org=world.union_a, name="李四", join_date=date(2020, 1, 1))
    DuesPaymentFactory(org=member.org, member=member, first_month=JAN, last_month=JAN + 11, amount=360)
    client = login(world.chair_a)
    url = reverse("dues:arrears", args=[world.union_a.code])
    page = client.get(url, {"first_month": "2025-01", "last_month": "2025-12"}).content.decode()
    assert "李四" in page and "张三" not in page
    page = client.get(
        url, {"first_month": "2025-01", "last_month": "2025-12", "group": "group-a"}
    ).content.decode()
    assert "李四" not in page and other.name not in page
    assert client.get(url, {"first_month": "junk", "group": "nope"}).status_code == 200


def test_exports_are_xlsx(login, world, member):
    DuesPaymentFactory(org=member.org, member=member)
    client = login(world.chair_a)
    for name in ("payments_export", "arrears_export"):
        response = client.get(reverse(f"dues:{name}", args=[world.union_a.code]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content)[:2] == b"PK"


def test_dues_tab_on_the_member_page(login, world, member):
    from gonghui.members.tabs import member_tabs

    assert "dues" in [t.key for t in member_tabs()]
    DuesPaymentFactory(org=member.org, member=member)
    client = login(world.chair_a)
    tab = client.get(reverse("dues:member_tab", args=[member.pk]))
    assert tab.status_code == 200 and "2025-01 至 2025-03" in tab.content.decode()
    assert "<html" not in tab.content.decode()
    assert login(world.chair_b).get(reverse("dues:member_tab", args=[member.pk])).status_code == 404


def void(client, payment, reason="重复登记"):
    return client.post(reverse("dues:void", args=[payment.pk]), {"reason": reason}, follow=True)


def test_chair_voids_a_payment_from_the_member_page(login, world, member):
    payment = DuesPaymentFactory(org=member.org, member=member)
    client = login(world.chair_a)
    page = client.get(reverse("dues:member", args=[member.pk])).content.decode()
    assert reverse("dues:void", args=[payment.pk]) in page
    assert (
        reverse("dues:void", args=[payment.pk])
        in client.get(reverse("dues:payments", args=[world.union_a.code])).content.decode()
    )
    response = void(client, payment)
    payment.refresh_from_db()
    assert payment.voided and payment.voided_by == world.chair_a
    page = response.content.decode()
    assert "已作废" in page and "重复登记" in page and 'data-paid="1"' not in page


@pytest.mark.parametrize("role", ["fed_viewer", "member_a", "chair_b"])
def test_void_is_refused_without_the_change_capability(login, world, member, role):
    payment = DuesPaymentFactory(org=member.org, member=member)
    client = login(getattr(world, role))
    response = client.post(reverse("dues:void", args=[payment.pk]), {"reason": "想作废"})
    assert response.status_code in (403, 404)
    payment.refresh_from_db()
    assert not payment.voided
    if role == "fed_viewer":  # sees the member's page, but without the button
        page = client.get(reverse("dues:member", args=[member.pk])).content.decode()
        assert reverse("dues:void", args=[payment.pk]) not in page


def test_void_without_a_reason_is_a_chinese_message(login, world, member):
    payment = DuesPaymentFactory(org=member.org, member=member)
    client = login(world.chair_a)
    assert "请填写作废原因" in void(client, payment, reason="  ").content.decode()
    assert client.get(reverse("dues:void", args=[payment.pk])).status_code == 405
    payment.refresh_from_db()
    assert not payment.voided
