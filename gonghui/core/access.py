"""The one place that decides who may see or change what.

A role is held on an org and reaches the org's whole subtree (a prefix match on the
materialised path). Every list, detail, export and API call asks here.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from gonghui.orgs.models import Org, Role

VIEW, CHANGE, MANAGE, SENSITIVE, CARE, AUDIT = "view", "change", "manage", "sensitive", "care", "audit"
# PERSONAL: see rows about one named person (a visit to 张三), not only roll-ups of them.
# OVERRIDE: go past a configured limit (e.g. an aid ceiling), with a recorded reason.
PERSONAL, OVERRIDE = "personal", "override"
# Changing a domain that a union divides among its officers (分工): the roster, dues, care.
# CARE doubles as "see case details", which only those who do care work need.
MEMBERS, DUES = "members", "dues"
# Read the sensitive-access log: who saw whose ID numbers, phones, hardship files.
ACCESS_LOG = "access_log"
# See dispute details and women workers' health records (维权, 女职工): as sensitive as hardship files,
# so only the chair, the federation admin and an officer given that duty.
RIGHTS, WOMEN = "rights", "women"

CAPABILITIES = {
    Role.FEDERATION_ADMIN: {
        VIEW,
        CHANGE,
        MANAGE,
        SENSITIVE,
        CARE,
        AUDIT,
        PERSONAL,
        OVERRIDE,
        MEMBERS,
        DUES,
        ACCESS_LOG,
        RIGHTS,
        WOMEN,
    },  # fmt: skip
    Role.FEDERATION_VIEWER: {VIEW},
    Role.UNION_CHAIR: {
        VIEW,
        CHANGE,
        MANAGE,
        SENSITIVE,
        CARE,
        AUDIT,
        PERSONAL,
        OVERRIDE,
        MEMBERS,
        DUES,
        ACCESS_LOG,
        RIGHTS,
        WOMEN,
    },  # fmt: skip
    Role.UNION_OFFICER: {VIEW, CHANGE, AUDIT, PERSONAL},
    # A group leader keeps their own group's roster and collects its dues (小组长收会费).
    Role.GROUP_LEADER: {VIEW, CHANGE, PERSONAL, MEMBERS, DUES},
    Role.MEMBER: set(),
}

# An officer changes a divided domain only through the duty their chair gave them: with the
# care duty they may view the roster and the dues, not change them. Domains nobody divides
# (activities, plans) stay open to every officer through CHANGE.
DUTY_CAPABILITIES = {
    "care": {CARE, SENSITIVE},
    "members": {MEMBERS, SENSITIVE},
    "dues": {DUES},
    "rights": {RIGHTS},
    "women": {WOMEN},
}


@dataclass(frozen=True)
class Grant:
    org_id: int
    path: str
    role: str
    capabilities: frozenset


def grants(user) -> list[Grant]:
    """The user's roles with what each allows; cached on the user object for the request."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_gonghui_grants", None)
    if cached is None:
        cached = [_grant(a) for a in user.roles.select_related("org")]
        user._gonghui_grants = cached
    return cached


def _grant(assignment) -> Grant:
    caps = set(CAPABILITIES[assignment.role])
    if assignment.role == Role.UNION_OFFICER:
        for duty in assignment.duty_set:
            caps |= DUTY_CAPABILITIES.get(duty, set())
    return Grant(assignment.org_id, assignment.org.path, assignment.role, frozenset(caps))


def forget_grants(user):
    user.__dict__.pop("_gonghui_grants", None)


def _paths_for(user, action) -> list[str]:
    return [g.path for g in grants(user) if action in g.capabilities]


def _prefix_q(paths, field) -> Q:
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{field}__startswith": p}) for p in paths))


def can(user, action, org) -> bool:
    return can_at(user, action, org.path)


def can_at(user, action, path: str) -> bool:
    """`can` for an org known only by its path (e.g. the one an audit entry recorded)."""
    if user.is_superuser:
        return True
    return any(path.startswith(granted) for granted in _paths_for(user, action))


def holds(user, action) -> bool:
    """Whether the user may do `action` on some org (e.g. to offer a deeper search at all)."""
    return user.is_superuser or bool(_paths_for(user, action))


def require(user, action, org):
    if not can(user, action, org):
        raise PermissionDenied("您没有权限执行此操作。")


def visible_orgs(user, action=VIEW) -> QuerySet:
    """Orgs the user may see (or act on): the subtrees of the roles that allow `action`."""
    if user.is_superuser:
        return Org.objects.all()
    paths = _paths_for(user, action)
    if action == VIEW:
        paths += [g.path for g in grants(user) if g.role == Role.MEMBER]
    return Org.objects.filter(_prefix_q(paths, "path"))


def member_orgs(user) -> list[Grant]:
    return [g for g in grants(user) if g.role == Role.MEMBER]


def required_capability(model, action=VIEW) -> str:
    """What seeing (or acting on) a model's rows takes: a model may ask more than VIEW just to be
    seen, with `view_capability` (care cases need CARE; visits need PERSONAL, so roll-up-only
    viewers get counts, never rows)."""
    return getattr(model, "view_capability", VIEW) if action == VIEW else action


# Rows any viewer of the model sees, with some fields only for those who may see it in full:
# a member's ID number and phone (SENSITIVE), a visit's occasion, notes and money (CARE).
FULL_VIEW = {"members.member": SENSITIVE, "care.visit": CARE}


def full_view_capability(model) -> str:
    """What seeing every field of a model's rows takes (e.g. a change's details in the audit log)."""
    return FULL_VIEW.get(model._meta.label_lower) or required_capability(model)


def scope(user, queryset, action=VIEW) -> QuerySet:
    """The rows of an org-owned queryset the user may see or act on."""
    if isinstance(queryset, type) and issubclass(queryset, Model):
        queryset = queryset.objects.all()
    if user.is_superuser:
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    condition = _prefix_q(_paths_for(user, required_capability(queryset.model, action)), "org__path")
    if action == VIEW:
        condition |= _member_condition(user, queryset.model) | _published_above(user, queryset.model)
    return queryset.filter(condition)


def _ancestor_paths(paths) -> set[str]:
    return {p[:i] for p in paths for i in range(Org.steplen, len(p), Org.steplen)}


def _published_above(user, model) -> Q:
    """Rows a federation publishes for everyone below it (a county sports meet): every role below sees them."""
    if not getattr(model, "member_visible", False):
        return Q(pk__in=[])
    return Q(org__path__in=_ancestor_paths(g.path for g in grants(user)))


def _member_condition(user, model) -> Q:
    """What the `member` role sees: public rows of its union, or rows about themselves."""
    member_grants = member_orgs(user)
    if not member_grants:
        return Q(pk__in=[])
    condition = Q(pk__in=[])
    if getattr(model, "member_visible", False):
        condition |= _prefix_q([g.path for g in member_grants], "org__path")
    owner_field = getattr(model, "member_owner_field", None)
    if owner_field:
        condition |= Q(**{owner_field: user})
    return condition


def get_object_for(user, queryset, action=VIEW, **lookup):
    """One object the user may see, else 404 (we do not reveal that it exists); 403 if it may not act on it."""
    if isinstance(queryset, type) and issubclass(queryset, Model):
        queryset = queryset.objects.all()
    obj = scope(user, queryset, VIEW).filter(**lookup).first()
    if obj is None:
        raise Http404("找不到该记录，或您无权查看。")
    if action != VIEW:
        require(user, action, obj.org)
    return obj


def get_org_for(user, code, action=VIEW) -> Org:
    org = visible_orgs(user).filter(code=code).first()
    if org is None:
        raise Http404("找不到该组织，或您无权查看。")
    if action != VIEW:
        require(user, action, org)
    return org


def sees_internal_work(user, org) -> bool:
    """Plans, their schedule items, targets and dashboards are the union's internal work: for its
    officers and those above. The member role sees what the union publishes (activities,
    notices: models with `member_visible`), on the calendar too, never the plan behind them."""
    return can(user, VIEW, org)


def default_org(user):
    """The org a user starts in: the highest one they hold a role on."""
    found = sorted(grants(user), key=lambda g: (len(g.path), g.path))
    if found:
        return Org.objects.get(pk=found[0].org_id)
    if user.is_superuser:
        return Org.get_first_root_node()
    return None


def roles_on(user, org) -> set[str]:
    """The roles that reach `org` for this user."""
    return {g.role for g in grants(user) if org.path.startswith(g.path)}


# A dispute case is listed for every viewer of the union's work; its parties, claims and minutes
# need RIGHTS (see gonghui/rights/models.py).
FULL_VIEW["rights.disputecase"] = RIGHTS


def may_see_rights(user, org) -> bool:
    """Dispute details and petitions: the chair, the federation admin, an officer with the rights duty."""
    return can(user, RIGHTS, org)


def may_see_women(user, org) -> bool:
    """Women workers' health and five-period records: the chair, the federation admin, the women's officer."""
    return can(user, WOMEN, org)


# A member's own part in their union's life (评先推优 online): nominate colleagues in its honour
# rounds, see what it posts for comment (公示) and object to it.
def is_member_in(user, org) -> bool:
    """The member role reaches `org`: the user acts there as one of its members."""
    return any(g.role == Role.MEMBER and org.path.startswith(g.path) for g in grants(user))


def as_member(user, queryset) -> QuerySet:
    """Rows of the orgs where the user holds the member role: what a union shows all its members
    beyond rows about themselves (a publicity list; the caller narrows it to what is on show)."""
    return queryset.filter(_prefix_q([g.path for g in member_orgs(user)], "org__path"))


def get_as_member(user, queryset, **lookup):
    """One row of `as_member`, else 404 (we do not reveal that it exists)."""
    obj = as_member(user, queryset).filter(**lookup).first()
    if obj is None:
        raise Http404("找不到该记录，或您无权查看。")
    return obj
