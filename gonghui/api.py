"""The JSON API under /api/: session auth for the browser, bearer tokens for scripts.

Each app's `api.py` router is mounted at /api/<app>/ (discovered from settings.GONGHUI_APPS).
Errors always come back as JSON with a Chinese `detail`.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from gonghui.core.api_auth import CsrfSessionAuth, TokenAuth
from gonghui.core.api_docs import document_errors
from gonghui.core.discovery import app_modules


class GonghuiAPI(NinjaAPI):
    """Our handlers answer every error as JSON `{"detail": …}`: the document says so for each route."""

    def get_openapi_schema(self, **kwargs):
        return document_errors(super().get_openapi_schema(**kwargs))


api = GonghuiAPI(
    title="工会工作台 API",
    version="1",
    description="Gonghui API. 浏览器使用会话登录；脚本使用 `Authorization: Bearer <令牌>`。",
    # The bearer token first: a script has no CSRF token, and a header a browser page cannot set
    # cross-site carries no CSRF risk. Without one, the session decides, with its CSRF check.
    auth=[TokenAuth(), CsrfSessionAuth()],
    urls_namespace="api",
    # The document lists every route: in production only a logged-in user reads it.
    docs_decorator=None if settings.DEBUG else login_required,
)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "找不到该记录，或您无权查看。"}, status=404)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or "您没有权限执行此操作。"}, status=403)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(request, {"detail": "请先登录或提供有效的 API 令牌。"}, status=401)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    return api.create_response(request, {"detail": "；".join(exc.messages)}, status=422)


@api.exception_handler(NinjaValidationError)
def _schema_invalid(request, exc):
    problems = "；".join(_problem(error) for error in exc.errors)
    detail = f"请求数据格式不正确：{problems}。请修改后重试。" if problems else "请求数据格式不正确。"
    return api.create_response(request, {"detail": detail, "errors": exc.errors}, status=422)


def _problem(error: dict) -> str:
    """One pydantic error in Chinese, naming the parameter: the English `msg` stays for programmers."""
    name = str(error.get("loc", ["?"])[-1])
    ctx = error.get("ctx") or {}
    kind = error.get("type", "")
    if kind == "missing":
        return f"缺少 {name}"
    if kind == "greater_than_equal":
        return f"{name} 不能小于 {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"{name} 不能大于 {ctx.get('le')}"
    if kind.startswith("int_"):
        return f"{name} 应为整数"
    if kind.startswith("uuid"):
        return f"{name} 不是有效的编号"
    return f"{name} 的值不正确"


@api.exception_handler(HttpError)
def _http_error(request, exc):
    # ninja's own 400 for a body that is not JSON is English; ours are Chinese already.
    detail = "请求内容不是有效的 JSON，请检查后重试。" if exc.status_code == 400 else str(exc)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


def _mount_routers():
    for label, module in app_modules("api"):
        api.add_router(f"/{label}/", module.router)


_mount_routers()
