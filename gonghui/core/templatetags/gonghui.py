from django import template
from django.core.exceptions import PermissionDenied
from django.http import Http404

from gonghui.core import access
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
