"""The menu offers ledgers and the summary only to those who may open them: a member was offered
both and refused (403), found by the page crawl."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("role", "offered"), [("chair_a", True), ("member_a", False)])
def test_ledgers_and_summary_in_the_menu_only_for_those_who_may_open_them(login, world, role, offered):
    client = login(getattr(world, role))
    page = client.get(reverse("home"), follow=True).content.decode()
    for name in ["reports:index", "reports:summary_index"]:
        assert (f'href="{reverse(name)}"' in page) is offered, name
        assert (client.get(reverse(name), follow=True).status_code == 200) is offered
    assert f'href="{reverse("reports:assessment_index")}"' in page  # 会员评家 is for members too
