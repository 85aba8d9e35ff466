from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from gonghui.help import guide


@login_required
def index(request):
    return render(request, "help/index.html", {"sections": guide.sections()})


@login_required
def page(request, slug):
    found = guide.pages().get(slug)
    if found is None:  # removed since the server started
        raise Http404("没有这一页帮助。")
    return render(request, "help/page.html", {"page": found, "sections": guide.sections()})


@login_required
def image(request, name):
    path = guide.IMAGE_DIR / name
    if not path.is_file():
        raise Http404("没有这张截图。")
    response = HttpResponse(path.read_bytes(), content_type="image/png")  # small: read whole
    response["Cache-Control"] = "private, max-age=3600"
    return response
