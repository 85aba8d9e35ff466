from ninja import Router, Schema

from gonghui.core import access

router = Router(tags=["账户"])


class RoleOut(Schema):
    org_code: str
    org_name: str
    role: str
    role_label: str


class MeOut(Schema):
    username: str
    name: str
    roles: list[RoleOut]


@router.get("/me", response=MeOut, summary="当前用户")
def me(request):
    user = request.user
    roles = [
        RoleOut(org_code=a.org.code, org_name=a.org.name, role=a.role, role_label=a.get_role_display())
        for a in user.roles.select_related("org")
    ]
    access.forget_grants(user)
    return MeOut(username=user.username, name=user.get_full_name() or user.username, roles=roles)
