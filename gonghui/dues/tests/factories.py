import itertools
from datetime import date
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from stdnum.cn import ric

from gonghui.dues import months
from gonghui.dues.models import DuesBase, DuesImport, DuesPayment, DuesSetting, PaymentMethod
from gonghui.members.tests.factories import MemberFactory


def _member(org):
    """A member with an ID number no other factory member has (random ones collide now and then)."""
    n = next(_serial)
    body = f"110105{1970 + n // 900 % 30}0101{100 + n % 900:03d}"
    return MemberFactory(org=org, id_number=body + ric.calc_check_digit(body + "0"))


_serial = itertools.count()


class DuesSettingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DuesSetting


class DuesBaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DuesBase

    member = factory.LazyAttribute(lambda o: _member(o.org))
    monthly_wage = Decimal("6000.00")


class DuesPaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DuesPayment

    member = factory.LazyAttribute(lambda o: _member(o.org))
    first_month = months.month_index(2025, 1)
    last_month = months.month_index(2025, 3)
    amount = Decimal("90.00")
    paid_on = date(2025, 3, 10)
    method = PaymentMethod.CASH


class DuesImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DuesImport

    filename = "会费.csv"
    file = factory.LazyFunction(lambda: ContentFile("身份证号,起始月份,金额\n".encode(), name="dues.csv"))
    counts = factory.LazyFunction(lambda: {"rows": 0, "new": 0, "duplicate": 0, "error": 0})
