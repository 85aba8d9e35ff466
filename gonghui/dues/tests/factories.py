from datetime import date
from decimal import Decimal

import factory
from django.core.files.base import ContentFile

from gonghui.dues import months
from gonghui.dues.models import DuesBase, DuesImport, DuesPayment, DuesSetting, PaymentMethod
from gonghui.members.tests.factories import MemberFactory


class DuesSettingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DuesSetting


class DuesBaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DuesBase

    member = factory.SubFactory(MemberFactory, org=factory.SelfAttribute("..org"))
    monthly_wage = Decimal("6000.00")


class DuesPaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DuesPayment

    member = factory.SubFactory(MemberFactory, org=factory.SelfAttribute("..org"))
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
