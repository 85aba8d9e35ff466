"""Pagination: keyset for big tables (no COUNT per page view), plain pages for small ones."""

import base64
import json

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q


def paginate(request, queryset, per_page=30):
    """Numbered pages for lists that stay small (orgs, terms, a union's notices)."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def encode_cursor(values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, default=str).encode()).decode()


def decode_cursor(cursor: str):
    try:
        return json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, TypeError):
        return None


def keyset_page(queryset, *, order: tuple[str, str], cursor: str | None, per_page=50):
    """One page ordered by (order[0], order[1]) ascending, after the row the cursor names.

    Returns (rows, next_cursor). The second key must be unique (usually the primary key).
    """
    first, second = order
    qs = queryset.order_by(first, second)
    after = _checked(queryset.model, (first, second), decode_cursor(cursor)) if cursor else None
    if after:
        # The redundant `first >= value` bounds the index range: the OR alone makes PostgreSQL
        # walk the (first, second) index from its start on every later page.
        qs = qs.filter(**{f"{first}__gte": after[0]}).filter(
            Q(**{f"{first}__gt": after[0]}) | Q(**{first: after[0], f"{second}__gt": after[1]})
        )
    rows = list(qs[: per_page + 1])
    next_cursor = None
    if len(rows) > per_page:
        rows = rows[:per_page]
        last = rows[-1]
        next_cursor = encode_cursor([_value(last, first), _value(last, second)])
    return rows, next_cursor


def _checked(model, fields, values):
    """The cursor's values as the fields' own types, or None (the first page) for a cursor we did not write.

    A cursor comes back from the client: an edited one must not reach the database as, say, a
    non-UUID compared with a UUID column (a 500 on PostgreSQL and SQLite alike).
    """
    if not isinstance(values, list) or len(values) != 2:
        return None
    if any(isinstance(value, str) and "\x00" in value for value in values):
        return None  # PostgreSQL cannot compare text holding a NUL: a 500, not a page
    try:
        return [_field(model, name).to_python(value) for name, value in zip(fields, values, strict=True)]
    except (ValidationError, TypeError, ValueError):
        return None


def _field(model, path):
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.get_field(name)


def _value(obj, field):
    for part in field.split("__"):
        obj = getattr(obj, part)
    return obj
