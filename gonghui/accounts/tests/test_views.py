"""The pages: opening, the slip page, the first login, phone log-in, who may do what, the installable app."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from gonghui.accounts.models import AccountBatch, FirstPassword
from gonghui.members.models import Member
from gonghui.members.services import leave_member

pytestmark = pytest.mark.django_db
User = get_user_model()
STRONG = "Gonghui#2026me"


def open_and_print(client, world, capture, members=None):
    data = {"member": [str(m.pk) for m in members]} if members else {"everyone": "1"}
    with capture(execute=True):  # the task is queued on commit
        response = client.post(f"/accounts/org/{world.union_a.code}/open/", data)
    assert response.status_code == 302 and "/accounts/batches/" in response["Location"]
    batch_page = client.get(response["Location"]).content.decode()
    assert 'data-testid="print-slips"' in batch_page
    return client.post(response["Location"] + "slips/").content.decode()


def password_on(slips_html, name):
    slip = slips_html.split(f'data-testid="slip-name">{name}<', 1)[1]
    return re.search(r'data-testid="slip-password">([^<]+)<', slip).group(1).replace(" ", "")


@pytest.fixture
def chair(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.chair_a)
    return client


def test_the_chair_opens_accounts_and_prints_the_slips_once(
    chair, world, roster, django_capture_on_commit_callbacks
):
    page = chair.get("/accounts/org/union-a/").content.decode()
    assert "王芳" in page and "周已退" not in page
    slips = open_and_print(chair, world, django_capture_on_commit_callbacks)
    assert slips.count('data-testid="slip"') == 3 and "13800138000" in slips
    assert "data:image/svg+xml" in slips and "/login/" in slips  # the QR code to the login page
    batch = AccountBatch.objects.get()
    again = chair.post(f"/accounts/batches/{batch.pk}/slips/", follow=True).content.decode()
    assert "只显示一次" in again and 'data-testid="slip"' not in again
    detail = chair.get(f"/accounts/batches/{batch.pk}/").content.decode()
    assert "名册中没有手机号" in detail and "名册中的手机号格式不正确" in detail


def test_opening_with_nothing_ticked_says_so(chair, world, roster):
    response = chair.post("/accounts/org/union-a/open/", {}, follow=True)
    assert "请先勾选要开通账号的会员" in response.content.decode()
    assert not AccountBatch.objects.exists()


def test_the_slip_page_is_never_cached(chair, world, roster, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        chair.post("/accounts/org/union-a/open/", {"everyone": "1"})
    response = chair.post(f"/accounts/batches/{AccountBatch.objects.get().pk}/slips/")
    assert "no-store" in response["Cache-Control"]


def test_the_member_logs_in_by_phone_and_must_change_the_first_password(
    chair, world, roster, django_capture_on_commit_callbacks
):
    slips = open_and_print(chair, world, django_capture_on_commit_callbacks, [roster["li"]])
    password = password_on(slips, "李强")
    member = Client()
    response = member.post("/login/", {"username": "139 0013 9000", "password": password})
    assert response.status_code == 302
    assert member.get("/voice/")["Location"] == "/accounts/first-password/"
    assert member.get("/api/voice/me/notices").status_code == 403
    weak = member.post(
        "/accounts/first-password/", {"new_password1": "12345678", "new_password2": "12345678"}
    )
    assert "密码至少要包含大写字母、小写字母、数字、符号中的 3 种" in weak.content.decode()
    same = member.post("/accounts/first-password/", {"new_password1": password, "new_password2": password})
    assert "不能与密码条上的首次密码相同" in same.content.decode()
    mismatch = member.post(
        "/accounts/first-password/", {"new_password1": STRONG, "new_password2": STRONG + "x"}
    )
    assert "两次输入的新密码不一致" in mismatch.content.decode()
    done = member.post("/accounts/first-password/", {"new_password1": STRONG, "new_password2": STRONG})
    assert done["Location"] == "/"
    assert member.get("/voice/me/").status_code == 200  # still logged in, free to go anywhere
    assert FirstPassword.objects.get(user__username="13900139000").changed_at is not None
    assert Client().post("/login/", {"username": "13900139000", "password": STRONG}).status_code == 302


def test_phone_log_in_for_a_member_whose_account_has_another_name(world):
    world.member_a.set_password(STRONG)
    world.member_a.save()
    response = Client().post("/login/", {"username": world.member_a_record.phone, "password": STRONG})
    assert response.status_code == 302


def test_a_phone_locks_out_after_five_failures_like_a_user_name(world):
    world.member_a.set_password(STRONG)
    world.member_a.save()
    client = Client()
    phone = world.member_a_record.phone
    for _ in range(5):
        client.post("/login/", {"username": phone, "password": "wrong"})
    assert client.post("/login/", {"username": phone, "password": STRONG}).status_code == 429


def test_a_member_who_left_can_no_longer_log_in(chair, world, roster, django_capture_on_commit_callbacks):
    slips = open_and_print(chair, world, django_capture_on_commit_callbacks, [roster["wang"]])
    leave_member(member=Member.objects.get(pk=roster["wang"].pk), by=world.chair_a)
    response = Client().post("/login/", {"username": "13800138000", "password": password_on(slips, "王芳")})
    assert response.status_code == 200 and "用户名或密码不正确" in response.content.decode()


def test_the_login_page_asks_for_a_phone_or_user_name(client):
    assert "手机号或用户名" in client.get("/login/").content.decode()


def test_reissue_from_the_opened_list(chair, world, roster, django_capture_on_commit_callbacks):
    open_and_print(chair, world, django_capture_on_commit_callbacks, [roster["wang"]])
    page = chair.get("/accounts/org/union-a/?show=opened").content.decode()
    assert "待首次改密" in page
    response = chair.post(f"/accounts/members/{roster['wang'].pk}/reissue/")
    batch = AccountBatch.objects.get(reissue=True)
    assert response["Location"] == f"/accounts/batches/{batch.pk}/"
    assert (
        chair.post(f"/accounts/batches/{batch.pk}/slips/").content.decode().count('data-testid="slip"') == 1
    )


def test_reissue_without_an_account_says_why(chair, roster):
    response = chair.post(f"/accounts/members/{roster['wang'].pk}/reissue/", follow=True)
    assert "还没有开通账号" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [("chair_a", 200), ("fed_admin", 200), ("group_leader_a", 404), ("officer_a", 403), ("member_a", 403),
     ("fed_viewer", 403), ("chair_b", 404)],
)  # fmt: skip
def test_only_those_who_keep_the_roster_open_accounts(client, world, role, status):
    client.force_login(getattr(world, role))
    assert client.get("/accounts/org/union-a/").status_code == status
    assert (
        client.post("/accounts/org/union-a/open/", {"everyone": "1"}).status_code == status
        if status != 200
        else True
    )


def test_another_officer_sees_the_result_but_cannot_print(
    chair, world, roster, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        chair.post("/accounts/org/union-a/open/", {"everyone": "1"})
    batch = AccountBatch.objects.get()
    admin = Client()
    admin.force_login(world.fed_admin)
    assert "只能由开通账号的" in admin.get(f"/accounts/batches/{batch.pk}/").content.decode()
    refused = admin.post(f"/accounts/batches/{batch.pk}/slips/", follow=True).content.decode()
    assert "只能由开通账号的人打印" in refused and 'data-testid="slip"' not in refused


def test_the_api_opens_reads_and_reissues(chair, world, roster, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = chair.post(
            "/api/accounts/orgs/union-a/batches",
            {"member_ids": [str(roster["wang"].pk)]},
            content_type="application/json",
        )
    assert response.status_code == 202
    batch_id = response.json()["id"]
    detail = chair.get(f"/api/accounts/batches/{batch_id}").json()
    assert detail["opened"] == 1 and detail["slips_available"] and "password" not in json.dumps(detail)
    reissued = chair.post(f"/api/accounts/members/{roster['wang'].pk}/reissue")
    assert reissued.status_code == 201 and reissued.json()["reissue"] is True
    refused = chair.post(f"/api/accounts/members/{roster['nophone'].pk}/reissue")
    assert refused.status_code == 422 and "还没有开通账号" in refused.json()["detail"]


def test_a_member_sees_no_roster_nor_officer_menu(client, world):
    client.force_login(world.member_a)
    response = client.get("/members/")
    assert response["Location"] == f"/members/{world.member_a_record.pk}/"
    page = client.get(response["Location"]).content.decode()
    for officer_item in ("会员名册", "组织架构", "会费管理", "工作计划", "会员账号", "导出"):
        assert officer_item not in page, officer_item


# ---- the installable app


def test_the_manifest_is_valid_and_its_icons_are_there(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(response.content)
    assert (
        manifest["name"] == "工会工作台"
        and manifest["start_url"] == "/"
        and manifest["display"] == "standalone"
    )
    assert manifest["theme_color"] == "#066fd1"
    icons = {(i["sizes"], i["purpose"]) for i in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"), ("512x512", "maskable")} <= icons
    for icon in manifest["icons"]:
        image = client.get(icon["src"])
        assert image.status_code == 200 and b"".join(image.streaming_content).startswith(b"\x89PNG")


def test_the_service_worker_is_served_from_the_root_as_javascript(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    assert '"/offline/"' in body and "caches.match(OFFLINE_URL)" in body
    assert "/members/" not in body and "/voice/" not in body  # only the offline page and its files are cached


def test_every_page_links_the_manifest(client, world):
    client.force_login(world.member_a)
    page = client.get("/profile/").content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in page and "core/sw-register.js" in page


def test_the_offline_page_renders_and_names_nobody(client, world):
    client.force_login(world.chair_a)
    page = client.get("/offline/").content.decode()
    assert "网络未连接" in page and "chair_a" not in page and "甲村工会" not in page


def test_the_api_says_what_is_wrong_with_a_bad_body(chair, world):
    response = chair.post(
        "/api/accounts/orgs/union-a/batches", {"member_ids": "all"}, content_type="application/json"
    )
    assert response.status_code == 422 and "member_ids 应为会员编号" in response.json()["detail"]
