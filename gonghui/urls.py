"""URLs: core pages, then each domain app's urls.py under /<app>/ (discovered from settings.GONGHUI_APPS)."""

from django.contrib import admin
from django.urls import include, path

from gonghui.api import api
from gonghui.core.discovery import app_modules


def _app_urls():
    return [path(f"{label}/", include(module)) for label, module in app_modules("urls") if label != "core"]


urlpatterns = [
    path("", include("gonghui.core.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    *_app_urls(),
]

handler404 = "gonghui.core.views.not_found"
handler403 = "gonghui.core.views.forbidden"
handler400 = "gonghui.core.views.bad_request"
handler500 = "gonghui.core.views.server_error"
