"""The error pages a union sees with DEBUG off: Chinese, in the app's layout, and the 500 page without a database."""

import re

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, RequestFactory
from django.urls import include, path

from gonghui.core import views


def _forbidden(request):
    raise PermissionDenied


def _bad(request):
    raise SuspiciousOperation("bad")


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("forbidden/", _forbidden),
    path("bad/", _bad),
    path("boom/", _boom),
    path("", include("gonghui.core.urls")),
]
handler400 = "gonghui.core.views.bad_request"
handler403 = "gonghui.core.views.forbidden"
handler404 = "gonghui.core.views.not_found"
handler500 = "gonghui.core.views.server_error"

ENGLISH = ["Not Found", "Forbidden", "Server Error", "Bad Request", "CSRF", "Traceback", "DEBUG"]


def _visible_text(body):
    return re.sub(r"<[^>]*>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S))


def _assert_chinese_page(response, status, words):
    body = response.content.decode()
    assert response.status_code == status
    assert 'data-testid="error-page"' in body  # the app's own layout, not Django's page
    assert "vendor/tabler/tabler.min.css" in body
    for word in words:
        assert word in body
    text = _visible_text(body)
    for english in ENGLISH:
        assert english not in text


@pytest.mark.django_db
def test_404_is_chinese_in_the_layout_with_the_menu(world, settings):
    settings.DEBUG = False
    client = Client()
    client.force_login(world.chair_a)
    response = client.get("/no-such-page/")
    _assert_chinese_page(response, 404, ["找不到该页面", "返回首页"])
    assert "navbar-vertical" in response.content.decode()  # a signed-in user keeps the side menu


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_403_and_400_are_chinese(world, settings):
    settings.DEBUG = False
    client = Client()
    client.force_login(world.chair_a)
    _assert_chinese_page(client.get("/forbidden/"), 403, ["没有权限", "联系本工会主席"])
    _assert_chinese_page(client.get("/bad/"), 400, ["请求无效", "检查填写的内容"])


@pytest.mark.django_db
def test_a_foreign_host_gets_the_chinese_400(settings):
    settings.DEBUG = False
    _assert_chinese_page(Client().get("/login/", HTTP_HOST="evil.example.com"), 400, ["请求无效"])


@pytest.mark.django_db
def test_csrf_failure_is_chinese_and_says_what_to_do(world, settings):
    settings.DEBUG = False
    response = Client(enforce_csrf_checks=True).post("/login/", {"username": "chair_a", "password": "x"})
    _assert_chinese_page(response, 403, ["页面已过期", "刷新页面"])


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_500_is_chinese(world, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(world.chair_a)
    _assert_chinese_page(client.get("/boom/"), 500, ["系统出错了", "系统管理员"])


def test_500_renders_without_the_database():
    """No django_db mark: any query (a context processor, the session) would fail this test."""
    response = views.server_error(RequestFactory().get("/"))
    _assert_chinese_page(response, 500, ["系统出错了"])
