from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from gonghui.core import access


def _menu(request):
    """Each app's menu entries; an app may ask to come first with `menu_position` (the dashboard does).
    An entry may name the capability it needs on the org being worked in (a fourth item): without
    it the entry does not show, rather than leading to a refusal (members have no ledgers)."""
    configs = [apps.get_app_config(label.rsplit(".", 1)[-1]) for label in settings.GONGHUI_APPS]
    items = []
    for config in sorted(configs, key=lambda c: getattr(c, "menu_position", 100)):
        for title, url_name, icon, *needs in getattr(config, "menu", []):
            if needs and (request.org is None or not access.can(request.user, needs[0], request.org)):
                continue
            try:
                items.append({"title": title, "url": reverse(url_name), "icon": icon, "app": config.label})
            except NoReverseMatch:
                continue  # the module is not built yet: it does not show
    return items


def _mark_active(items, path):
    """Highlight the one item whose address is the longest prefix of the page's."""
    matches = [item for item in items if path.startswith(item["url"]) and item["url"] != "/"]
    best = max(matches, key=lambda item: len(item["url"]), default=None)
    for item in items:
        item["active"] = item is best
    return items


def layout(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    # The orgs the user holds roles on, plus the one being worked in (reached from a federation's page).
    switchable = {g.org_id for g in access.grants(request.user)}
    if request.org is not None:
        switchable.add(request.org.pk)
    return {
        "menu": _mark_active(_menu(request), request.path),
        "active_org": request.org,
        "switchable_orgs": access.visible_orgs(request.user).filter(pk__in=switchable).order_by("path"),
    }
