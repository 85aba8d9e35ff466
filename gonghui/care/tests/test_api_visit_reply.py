"""A visit recorded through the API answers with the documented shape (found by bin/fuzz-api)."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_visit_without_money_answers_money_as_a_decimal_string(care, login):
    response = login(care.chair_a).post(
        f"/api/care/{care.union_a.code}/visits",
        {"member_id": str(care.patient.pk), "occasion": "other", "visited_on": "2026-06-01"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["money"] == "0"  # the schema's Decimal; it was the integer 0
