from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.functional import SimpleLazyObject

from gonghui.core import access

SESSION_KEY = "active_org_id"


def _active_org(request):
    if not request.user.is_authenticated:
        return None
    org_id = request.session.get(SESSION_KEY)
    if org_id:
        org = access.visible_orgs(request.user).filter(pk=org_id).first()
        if org is not None:
            return org
    return access.default_org(request.user)


class ActiveOrgMiddleware:
    """Sets `request.org`: the org the user is working in, chosen in the top bar's switcher."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.org = SimpleLazyObject(lambda: _active_org(request))
        return self.get_response(request)


NUL_MESSAGE = "请求中含有空字符（\\0），无法保存或查找。请删除这个不可见字符后重试。"


class RejectNulMiddleware:
    """A NUL character in a query or form value becomes a Chinese 400, never a database error.

    PostgreSQL text cannot hold NUL, so `?q=%00` reached the database and answered 500. Django's
    form fields refuse NUL, but query parameters and the API's JSON bodies do not pass through them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": NUL_MESSAGE}, status=400)
            return HttpResponseBadRequest(NUL_MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _has_nul(request) -> bool:
    if _nul_in(request.GET):
        return True
    if request.content_type == "application/json":
        # The JSON escape \u0000 as well as a raw byte (which is not JSON anyway).
        return b"\\u0000" in request.body or b"\x00" in request.body
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        return _nul_in(request.POST)
    return False


def _nul_in(query) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query.lists())
