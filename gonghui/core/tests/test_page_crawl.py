"""Every demo role walks the app from its home page on the demo data.

Fails on a 5xx, on a link the page offered that leads to 404/403 (or back to login), on a raw
metric key (orgs.model_unions) or an English sentence in what the page shows. The demo is loaded
once for the module inside a transaction that is rolled back, so other tests see an empty database.
"""

import io

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from gonghui.core.tests.crawl import CRAWL_NOW, DEMO_ROLES, crawl, text_problems
from gonghui.metrics import registry

# The mark makes pytest-django create the test database; each test then runs in a savepoint
# inside the module's transaction.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    clock = time_machine.travel(CRAWL_NOW, tick=False)
    with django_db_blocker.unblock(), transaction.atomic(), clock, io.StringIO() as quiet:
        call_command("demo", stdout=quiet)
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("username", DEMO_ROLES)
def test_every_page_a_role_can_reach_works_and_reads_chinese(demo, username):
    client = Client(raise_request_exception=False)  # a 500 is reported as a problem, the walk goes on
    client.force_login(get_user_model().objects.get(username=username))
    result = crawl(client, {m.key for m in registry.all_metrics()})
    assert len(result.visits) > 5, "the walk found almost nothing: is the home page linking anywhere?"
    assert not result.problems, "\n".join(result.problems)


def test_the_text_checks_catch_what_they_are_for():
    keys = {"dues.collection_rate"}
    assert text_problems("目标：orgs.model_unions 达到 3 个", keys)
    assert text_problems("会费收缴率 dues.collection_rate", keys)
    assert text_problems("无法读取：invalid Zip archive", keys)
    assert not text_problems("请上传 roster.xlsx 或 CSV 文件，邮箱 a@example.com", keys)
