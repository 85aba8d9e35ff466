"""The installable web app: the manifest, the service worker and the page it shows offline.

All three are public (the browser fetches them without the session) and hold nothing private.
The worker caches only the offline page and the files it needs: never a page behind the login,
so a shared phone keeps no one's roster or dues after they log out.
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control

# Tabler's primary colour (--tblr-primary, oklch(54.6% 0.1724 254.2) ≈ #066fd1), the app's buttons and links.
THEME_COLOR = "#066fd1"
CACHE_VERSION = "gonghui-offline-v1"


def _icon(size: int, purpose: str) -> dict:
    name = f"core/icons/icon-{'maskable-' if purpose == 'maskable' else ''}{size}.png"
    return {"src": static(name), "sizes": f"{size}x{size}", "type": "image/png", "purpose": purpose}


@cache_control(max_age=3600, public=True)
def manifest(request):
    data = {
        "name": "工会工作台",
        "short_name": "工会工作台",
        "lang": "zh-CN",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": [_icon(size, purpose) for purpose in ("any", "maskable") for size in (192, 512)],
    }
    return JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )


@cache_control(no_cache=True)  # a new worker reaches phones at their next visit
def service_worker(request):
    context = {
        "version": CACHE_VERSION,
        "offline_url": reverse("offline"),
        "assets": [
            static("vendor/tabler/tabler.min.css"),
            static("core/app.css"),
            static("core/icons/icon-192.png"),
        ],
    }
    return render(request, "core/sw.js", context, content_type="text/javascript; charset=utf-8")


def offline(request):
    return render(request, "core/offline.html")
