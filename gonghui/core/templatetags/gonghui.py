from functools import cache

from django import template
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import Resolver404, resolve

from gonghui.core import access
from gonghui.core.models import OrgOwned
from gonghui.orgs.models import Org

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def can(user, action, target) -> bool:
    """Whether the page may offer a link to `target` (an org or an org-owned row) for `action`.

    `{% can request.user "view" plan as may_open %}{% if may_open %}<a …>{% endif %}`. It asks
    the same fetch the view makes (core.access), so a link is shown exactly when following it
    works, and no rule is restated here.
    """
    try:
        if isinstance(target, Org):
            access.get_org_for(user, target.code, action=action)
        else:
            access.get_object_for(user, type(target), action=action, pk=target.pk)
    except (Http404, PermissionDenied):
        return False
    return True


@cache
def _owned_models() -> dict:
    return {m._meta.model_name: m for m in apps.get_models() if issubclass(m, OrgOwned)}


@register.filter
def followable(url, user) -> bool:
    """Whether `user` may open `url`, for links built without knowing the viewer (calendar entries
    from every app's source). URLs name their objects `<model_name>_id` and orgs `org_code` (the
    URL rules in docs/conventions.md), so each is fetched as the view would fetch it."""
    if not url:
        return False
    try:
        kwargs = resolve(str(url).split("?")[0]).kwargs
    except Resolver404:
        return False
    try:
        for name, value in kwargs.items():
            model = _owned_models().get(name.removesuffix("_id")) if name.endswith("_id") else None
            if model is not None:
                access.get_object_for(user, model, pk=value)
            elif name == "org_code":
                access.get_org_for(user, value)
    except (Http404, PermissionDenied):
        return False
    return True
