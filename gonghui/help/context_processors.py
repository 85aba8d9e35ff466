from django.urls import NoReverseMatch, reverse

from gonghui.help import guide


def help_link(request):
    """`help_url`: the guide page for the screen being shown (its URL name), else the guide's index."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    found = guide.page_for(match.view_name if match else None)
    try:
        return {"help_url": found.url if found else reverse("help:index")}
    except NoReverseMatch:  # a URLconf without the guide (a test's own)
        return {}
