import re
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gonghui.core import access
from gonghui.core.pagination import paginate
from gonghui.metrics import registry as metrics
from gonghui.orgs import access_log as access_log_rows
from gonghui.orgs import audit as audit_rows
from gonghui.orgs import figures, services
from gonghui.orgs.access_log import AccessLogFilter
from gonghui.orgs.forms import MoveOrgForm, OfficerForm, OrgForm, TermForm
from gonghui.orgs.models import Officer, Org, Role, Term
from gonghui.reports import registry as reports_registry


@login_required
def tree(request):
    roots = _top_orgs(request.user)
    counts = figures.member_counts(roots)
    return render(request, "orgs/tree.html", {"nodes": roots, "counts": counts})


def _top_orgs(user):
    """One tree per role the user holds, without repeating a tree nested in another."""
    if user.is_superuser:
        return list(Org.get_root_nodes())
    paths = sorted({g.path for g in access.grants(user)})
    tops = [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]
    return list(Org.objects.filter(path__in=tops).order_by("path"))


@login_required
def children(request, org_code):
    org = access.get_org_for(request.user, org_code)
    nodes = list(org.get_children())
    return render(request, "orgs/tree.html#nodes", {"nodes": nodes, "counts": figures.member_counts(nodes)})


@login_required
def detail(request, org_code):
    org = access.get_org_for(request.user, org_code)
    term = org.current_term()
    parent = org.get_parent()
    context = {
        "org": org,
        "ancestors": access.visible_orgs(request.user).filter(pk__in=[a.pk for a in org.get_ancestors()]),
        "can_move": parent is not None and access.can(request.user, access.MANAGE, parent),
        "term": term,
        "officers": term.officers.all() if term else [],
        "children": org.get_children(),
        "figures": figures.key_figures(org),
        "can_manage": access.can(request.user, access.MANAGE, org),
        "can_audit": access.can(request.user, access.AUDIT, org),
        "can_see_access_log": access.can(request.user, access.ACCESS_LOG, org),
    }
    return render(request, "orgs/detail.html", context)


@login_required
def create(request, org_code):
    parent = access.get_org_for(request.user, org_code, action=access.MANAGE)
    form = OrgForm(request.POST or None, parent=parent)
    if request.method == "POST" and form.is_valid():
        org = services.create_org(parent=parent, form=form, by=request.user)
        messages.success(request, f"已建立：{org.name}")
        return redirect("orgs:detail", org_code=org.code)
    return render(
        request, "orgs/form.html", {"form": form, "parent": parent, "title": f"在「{parent.name}」下新建组织"}
    )


@login_required
def edit(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.MANAGE)
    form = OrgForm(request.POST or None, instance=org, parent=org.get_parent())
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "已保存。")
        return redirect("orgs:detail", org_code=org.code)
    return render(request, "orgs/form.html", {"form": form, "org": org, "title": f"编辑「{org.name}」"})


@login_required
def move(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.MANAGE)
    targets = access.visible_orgs(request.user, access.MANAGE).exclude(kind="group").exclude(pk=org.pk)
    form = MoveOrgForm(request.POST or None, choices=targets.order_by("path"))
    if request.method == "POST" and form.is_valid():
        try:
            org = services.move_org(org=org, new_parent=form.cleaned_data["new_parent"], by=request.user)
        except ValidationError as error:
            form.add_error("new_parent", error.messages[0])
        else:
            messages.success(request, f"已移到「{org.get_parent().name}」之下。")
            return redirect("orgs:detail", org_code=org.code)
    return render(request, "orgs/form.html", {"form": form, "org": org, "title": f"移动「{org.name}」"})


@login_required
def term_create(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.MANAGE)
    form = TermForm(request.POST or None, org=org)
    if request.method == "POST" and form.is_valid():
        form.instance.org = org
        term = form.save()
        messages.success(request, f"已建立{term}。")
        return redirect("orgs:term", term_id=term.pk)
    return render(request, "orgs/form.html", {"form": form, "org": org, "title": "新建委员会届次"})


@login_required
def term_detail(request, term_id):
    term = access.get_object_for(request.user, Term, id=term_id)
    return _term_page(request, term, OfficerForm())


@login_required
@require_POST
def officer_add(request, term_id):
    term = access.get_object_for(request.user, Term, action=access.MANAGE, id=term_id)
    form = OfficerForm(request.POST)
    if form.is_valid():
        form.instance.term = term
        form.instance.org = term.org
        form.save()
        messages.success(request, "已添加委员。")
        return redirect("orgs:term", term_id=term.pk)
    return _term_page(request, term, form, status=422)


def _term_page(request, term, form, status=200):
    context = {
        "term": term,
        "org": term.org,
        "officers": term.officers.all(),
        "form": form,
        "can_manage": access.can(request.user, access.MANAGE, term.org),
    }
    return render(request, "orgs/term.html", context, status=status)


@login_required
@require_POST
def officer_remove(request, officer_id):
    officer = access.get_object_for(request.user, Officer, action=access.MANAGE, id=officer_id)
    officer.delete()
    messages.success(request, f"已移除：{officer.name}")
    return redirect("orgs:term", term_id=officer.term_id)


@login_required
def audit(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.AUDIT)
    page_obj = paginate(request, audit_rows.entries(org), 50)
    rows = [audit_row(request.user, entry, org) for entry in page_obj]
    context = {"org": org, "page_obj": page_obj, "rows": rows, "keep_days": settings.GONGHUI_AUDIT_KEEP_DAYS}
    return render(request, "orgs/audit.html", context)


@login_required
def audit_export(request, org_code):
    """The change log as .xlsx (newest first, at most audit.EXPORT_LIMIT rows), with what changed only
    where the page would show it."""
    org = access.get_org_for(request.user, org_code, action=access.AUDIT)
    entries = audit_rows.entries(org)[: audit_rows.EXPORT_LIMIT]
    content = audit_rows.workbook(audit_row(request.user, entry, org) for entry in entries.iterator(2000))
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = quote(f"操作记录-{org.name}.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@login_required
def roles(request, org_code):
    """Who holds which role where in this org's subtree, and the roles above that reach it."""
    org = access.get_org_for(request.user, org_code, action=access.AUDIT)
    role = request.GET.get("role", "")
    if role not in Role.values:
        role = ""
    page_obj = paginate(request, audit_rows.role_assignments(org, role=role), 50)
    context = {
        "org": org,
        "page_obj": page_obj,
        "above": audit_rows.roles_above(org),
        "role": role,
        "roles": Role.choices,
        "query": urlencode({"role": role}) if role else "",
    }
    return render(request, "orgs/roles.html", context)


def audit_row(user, entry, org) -> dict:
    """One line of the log. What changed is shown only to those who may see the object in full
    (a member's fields to SENSITIVE holders, a hardship case to CARE holders); others see who
    did what to which kind of record, when. Sensitive values are stored masked anyway."""
    model = entry.content_type.model_class()
    path = (entry.additional_data or {}).get("org_path") or org.path
    shown = model is not None and access.can_at(user, access.full_view_capability(model), path)
    return {
        "entry": entry,
        "kind": entry.content_type.name,
        "object": entry.object_repr if shown else "",
        "changes": _changes(model, entry.changes_dict) if shown else None,
    }


def _changes(model, changes: dict) -> list[tuple[str, str, str]]:
    """(field label, before, after) for each changed field, labelled as on the forms."""
    labels = {f.name: _field_label(f) for f in model._meta.get_fields() if hasattr(f, "verbose_name")}
    keys = _key_labels()
    rows = []
    for name, change in changes.items():
        before, after = (list(change) + ["", ""])[:2] if isinstance(change, list | tuple) else ("", change)
        before, after = (keys.get(v, v) if isinstance(v, str) else v for v in (before, after))
        rows.append((labels.get(name, name), before, after))
    return rows


CJK = re.compile(r"[\u4e00-\u9fff]")


def _field_label(field) -> str:
    """A field's Chinese label. Fields no form shows (signed_up_by, content_type…) have only
    Django's English default, which the log must not print: who did it, else what it points at."""
    label = str(field.verbose_name)
    if CJK.search(label):
        return label
    if field.name == "by" or field.name.endswith("_by"):
        return "经办人"
    if field.is_relation and field.related_model is not None:
        related = str(field.related_model._meta.verbose_name)
        return related if CJK.search(related) else "关联记录"
    return "其他信息"


def _key_labels() -> dict:
    """Metric and evidence-type keys stored in a record (a target's measure, a proof's type) read as
    their Chinese names in the log, as on the forms; nobody should have to decode 「care.visit」."""
    labels = {kind.key: kind.label for kind in reports_registry.evidence_types()}
    labels.update({m.key: m.label for m in metrics.all_metrics()})
    return labels


@login_required
def access_log(request, org_code):
    """Who saw whose sensitive data in this org's subtree: for the chair and the federation admin."""
    org = access.get_org_for(request.user, org_code, action=access.ACCESS_LOG)
    form = AccessLogFilter(request.GET or None)
    page_obj = paginate(request, access_log_rows.entries(org, form), 50)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "org": org,
        "form": form,
        "page_obj": page_obj,
        "rows": access_log_rows.rows(page_obj),
        "query": query.urlencode(),
    }
    return render(request, "orgs/access_log.html", context)


@login_required
def access_log_export(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.ACCESS_LOG)
    content = access_log_rows.workbook(access_log_rows.entries(org, AccessLogFilter(request.GET or None)))
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = quote(f"敏感信息查看记录-{org.name}.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response
