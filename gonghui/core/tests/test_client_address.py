"""One client address for both logs: X-Forwarded-For counts only from our own proxy."""

import pytest
from auditlog.models import LogEntry
from django.test import RequestFactory, override_settings
from django.urls import reverse

from gonghui.core.middleware import client_address
from gonghui.core.models import SensitiveAccess
from gonghui.members.tests.factories import MemberFactory


def _request(remote, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        ([], "203.0.113.9", "1.2.3.4", "203.0.113.9"),  # no proxy configured: the header is anyone's
        (["127.0.0.1"], "203.0.113.9", "1.2.3.4", "203.0.113.9"),  # not from our proxy
        (["127.0.0.1"], "127.0.0.1", "198.51.100.7", "198.51.100.7"),
        (["127.0.0.1"], "127.0.0.1", "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # a forged first hop
        (["127.0.0.1", "10.0.0.0/8"], "127.0.0.1", "198.51.100.7:5555, 10.1.2.3", "198.51.100.7"),
        (["127.0.0.1"], "127.0.0.1", "[2001:db8::1]:443", "2001:db8::1"),
        (["127.0.0.1"], "127.0.0.1", "not-an-address", "127.0.0.1"),
        (["127.0.0.1"], "127.0.0.1", None, "127.0.0.1"),
    ],
)
def test_client_address(proxies, remote, forwarded, expected):
    with override_settings(GONGHUI_TRUSTED_PROXIES=proxies):
        assert client_address(_request(remote, forwarded)) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("proxies", "remote", "expected"),
    [([], "203.0.113.9", "203.0.113.9"), (["127.0.0.1"], "127.0.0.1", "198.51.100.7")],
)
def test_both_logs_record_the_same_client_address(login, world, proxies, remote, expected):
    member = MemberFactory(org=world.group_a)
    client = login(world.chair_a)
    headers = {"REMOTE_ADDR": remote, "HTTP_X_FORWARDED_FOR": "6.6.6.6, 198.51.100.7"}
    with override_settings(GONGHUI_TRUSTED_PROXIES=proxies):
        client.post(reverse("members:reveal", args=[member.pk]), {"field": "phone"}, **headers)
        client.post(reverse("members:leave", args=[member.pk]), {"on": "2024-01-01", "note": ""}, **headers)
    assert SensitiveAccess.objects.get().ip == expected
    assert LogEntry.objects.get_for_object(member).latest("timestamp").remote_addr == expected
