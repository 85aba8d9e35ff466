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
