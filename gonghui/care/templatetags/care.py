"""Template checks for care pages; the decisions themselves are made in core/access.py."""

from django import template

from gonghui.core import access, masking

register = template.Library()


@register.filter
def can_care(user, org):
    """May this user see why a visit happened, case details and amounts in this org?"""
    return access.can(user, access.CARE, org)


@register.filter
def can_personal(user, org):
    return access.can(user, access.PERSONAL, org)


@register.filter
def can_change(user, org):
    return access.can(user, access.CHANGE, org)


@register.filter
def masked_id(value):
    return masking.mask_id(value)
