"""The visit, occurrence, case and aid forms pick the member through the shared htmx search
(members/picker.py), never a drop-down of every member, and accept only members in scope."""

from datetime import date

import pytest
from django.urls import reverse

from gonghui.care.models import Aid, Visit

pytestmark = pytest.mark.django_db

FORMS = ["care:visit_create", "care:occurrence_create", "care:case_create", "care:aid_create"]


@pytest.mark.parametrize("url_name", FORMS)
def test_forms_offer_a_search_not_a_list_of_everyone(care, login, url_name):
    html = login(care.chair_a).get(reverse(url_name, args=[care.union_a.code])).content.decode()
    assert reverse("members:pick", args=[care.union_a.code]) in html
    assert 'hx-get="' in html and 'name="member-q"' in html
    assert care.patient.name not in html and care.needy.name not in html  # nothing listed up front
    assert '<select name="member"' not in html and "<script>" not in html


def test_the_member_from_the_link_is_already_chosen(care, login):
    client = login(care.officer_a)
    url = reverse("care:visit_create", args=[care.union_a.code])
    html = client.get(url, {"member": care.patient.pk}).content.decode()
    assert f'value="{care.patient.pk}" checked' in html and care.patient.name in html
    foreign = client.get(url, {"member": care.member_b.pk}).content.decode()
    assert f'value="{care.member_b.pk}"' not in foreign and care.member_b.name not in foreign


def test_search_finds_the_patient_for_the_visit_form(care, login):
    response = login(care.officer_a).get(
        reverse("members:pick", args=[care.union_a.code]), {"field": "member", "member-q": "wbr"}
    )
    html = response.content.decode()
    assert care.patient.name in html and str(care.patient.pk) in html
    assert care.member_b.name not in html


def test_a_foreign_member_is_refused(care, login):
    client = login(care.officer_a)
    visit = {"member": care.member_b.pk, "occasion": "hospitalised", "visited_on": date.today().isoformat()}
    response = client.post(reverse("care:visit_create", args=[care.union_a.code]), visit)
    assert response.status_code == 200 and "member" in response.context["form"].errors
    assert not Visit.objects.exists()
    aid = {
        "member": care.member_b.pk,
        "kind": "living",
        "amount": "300",
        "paid_on": date.today().isoformat(),
        "fund_source": "工会经费",
        "approved_by": "主席",
        "emergency": "on",
        "emergency_reason": "火灾",
    }
    response = login(care.chair_a).post(reverse("care:aid_create", args=[care.union_a.code]), aid)
    assert response.status_code == 200 and "member" in response.context["form"].errors
    assert not Aid.objects.exists()


def test_a_bad_post_keeps_the_chosen_member(care, login):
    client = login(care.officer_a)
    data = {"member": care.patient.pk, "occasion": "hospitalised", "visited_on": "2026-13-45"}
    html = client.post(reverse("care:visit_create", args=[care.union_a.code]), data).content.decode()
    assert f'value="{care.patient.pk}" checked' in html
