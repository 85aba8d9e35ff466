"""The dues ledger names who recorded a payment by the person's name, not their login."""

from datetime import date

import pytest
from python_calamine import CalamineWorkbook

from gonghui.dues import exports
from gonghui.dues.models import DuesPayment
from gonghui.dues.tests.factories import DuesPaymentFactory
from gonghui.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def recorders(path):
    rows = CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
    column = rows[0].index("登记人")
    return [row[column] for row in rows[1:] if row[0] == "张三"]


def test_the_recorder_column_shows_the_persons_name(world):
    world.chair_a.first_name = "王建国"
    world.chair_a.save()
    member = MemberFactory(org=world.group_a, name="张三", join_date=date(2020, 1, 1))
    DuesPaymentFactory(org=member.org, member=member, recorded_by=world.chair_a)
    DuesPaymentFactory(org=member.org, member=member, recorded_by=world.officer_a, first_month=24300)
    path = exports.payments(DuesPayment.objects.all())
    assert sorted(recorders(path)) == sorted(
        ["王建国", world.officer_a.username]
    )  # no name given: the login still says who
