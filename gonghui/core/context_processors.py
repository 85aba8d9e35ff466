from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from gonghui.core import access


def _menu():
    items = []
    for label in settings.GONGHUI_APPS:
        config = apps.get_app_config(label.rsplit(".", 1)[-1])
        for title, url_name, icon in getattr(config, "menu", []):
            try:
                items.append({"title": title, "url": reverse(url_name), "icon": icon, "app": config.label})
            except NoReverseMatch:
                continue  # the module is not built yet: it does not show
    return items


def layout(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    # The orgs the user holds roles on, plus the one being worked in (reached from a federation's page).
    switchable = {g.org_id for g in access.grants(request.user)}
    if request.org is not None:
        switchable.add(request.org.pk)
    return {
        "menu": _menu(),
        "active_org": request.org,
        "switchable_orgs": access.visible_orgs(request.user).filter(pk__in=switchable).order_by("path"),
    }
