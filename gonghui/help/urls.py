"""/help/: the guide's index, one route per page and per screenshot (no free-form path reaches a file)."""

from django.urls import path

from gonghui.help import guide, views

app_name = "help"
urlpatterns = [
    path("", views.index, name="index"),
    *(path(f"{slug}/", views.page, {"slug": slug}, name=slug) for slug in guide.slugs()),
    *(path(f"img/{p.name}", views.image, {"name": p.name}) for p in sorted(guide.IMAGE_DIR.glob("*.png"))),
]
