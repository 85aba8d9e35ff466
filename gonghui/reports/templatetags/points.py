from django import template

from gonghui.reports.assessment.rubric import points_text

register = template.Library()


@register.filter
def points(value) -> str:
    """8.50 → 8.5, 0 → 0 (never blank: a zero is a score), None → —."""
    return points_text(value)
