"""The member picker: search by name, pinyin initials ("zs" → 张三), ID tail, phone or member
number, then choose one of the first matches. Used by every form that picks one member
(dues payments, care visits and aid): a drop-down of all members is too heavy for a
2,000-member union.

    member = MemberPickerField(label="会员")
    ...
    form.fields["member"].pick_from(pickable(request.user, org), org)

The widget renders a search box that asks `members:pick` (htmx) for radio buttons named like
the field; the endpoint offers exactly `pickable(user, org)`, the queryset the field accepts.
"""

import re
import uuid

from django import forms
from django.urls import reverse

from gonghui.core import access
from gonghui.core.masking import mask_id
from gonghui.members.models import Member

MAX_OPTIONS = 10
FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,60}$")


def pickable(user, org):
    """Active members of the org's subtree the user may act on (record a payment, a visit, aid)."""
    members = Member.objects.active().in_subtree(org)
    return access.scope(user, members, access.CHANGE).select_related("org")


def options(members) -> list[dict]:
    """Radio options: enough to tell two 张伟 apart (org, member number, masked ID), never the full ID."""
    return [
        {
            "pk": m.pk,
            "label": " · ".join(
                part for part in (m.name, m.org.name, m.member_number, mask_id(m.id_number)) if part
            ),
        }
        for m in members
    ]


def find(user, members, query: str) -> list:
    """The first matches, searched as deep as this user may (members.lookup)."""
    from gonghui.members import lookup

    query = (query or "").strip()[:30]
    if not query:
        return []
    return list(lookup.lookup(user, members, query).select_related("org")[:MAX_OPTIONS])


class MemberPicker(forms.Widget):
    template_name = "members/widgets/member_picker.html"
    search_url = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = None
        queryset = getattr(getattr(self, "choices", None), "queryset", None)
        if queryset is not None and value and _is_uuid(value):
            chosen = queryset.filter(pk=value).first()
        context["widget"].update(
            {
                "search_url": self.search_url,
                "options": options([chosen]) if chosen else [],
                "checked": True,
            }
        )
        return context


class MemberPickerField(forms.ModelChoiceField):
    widget = MemberPicker
    default_error_messages = {
        "required": "请先搜索并选择会员。",
        "invalid_choice": "找不到该会员，或您无权为其办理。",
    }

    def __init__(self, **kwargs):
        super().__init__(Member.objects.none(), **kwargs)

    def pick_from(self, members, org):
        """Accept only `members` (use `pickable(user, org)`), searched through members:pick for the org."""
        self.queryset = members
        self.widget.search_url = reverse("members:pick", kwargs={"org_code": org.code})

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:  # not even a UUID: the same answer as an unknown member
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
