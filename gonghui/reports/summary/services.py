from django.db import transaction

from gonghui.reports.summary.models import SummaryText


@transaction.atomic
def save_summary_text(*, org, year: int, texts: dict, by) -> SummaryText:
    """Keep the union's prose for the year; figures are not part of it and are never saved."""
    found, _ = SummaryText.objects.get_or_create(org=org, year=year, defaults={"edited_by": by})
    found.texts, found.edited_by = texts, by
    found.save(update_fields=["texts", "edited_by", "updated_at"])
    return found


def saved_texts(org, year: int) -> dict:
    found = SummaryText.objects.filter(org=org, year=year).first()
    return found.texts if found else {}
