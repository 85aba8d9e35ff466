from datetime import date

import factory
from stdnum.cn import ric

from gonghui.members.demo import AREA_CODES
from gonghui.members.models import EventKind, Gender, ImportJob, Member, MemberEvent, MemberTransfer
from gonghui.members.pinyin import name_keys


def unique_id_number(birth: date, gender: str, n: int) -> str:
    """A valid ID number, different for every n (up to 3,000 per birth date), matching birth and gender."""
    sequence = (n % 500) * 2 + (1 if gender == Gender.MALE else 0)
    body = f"{AREA_CODES[(n // 500) % len(AREA_CODES)]}{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    name = factory.Iterator(["张三", "李四", "王五", "赵六", "孙七", "周八", "吴九", "郑十"])
    gender = Gender.MALE
    birth_date = date(1985, 3, 7)
    id_number = factory.LazyAttributeSequence(lambda m, n: unique_id_number(m.birth_date, m.gender, n))
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    join_date = date(2015, 1, 1)
    name_pinyin = factory.LazyAttribute(lambda m: name_keys(m.name)[0])
    name_initials = factory.LazyAttribute(lambda m: name_keys(m.name)[1])
    id_number_reversed = factory.LazyAttribute(lambda m: m.id_number[::-1])


class MemberEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberEvent

    member = factory.SubFactory(MemberFactory, org=factory.SelfAttribute("..org"))
    kind = EventKind.JOINED
    on = date(2015, 1, 1)


class MemberTransferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberTransfer

    member = factory.SubFactory(MemberFactory, org=factory.SelfAttribute("..org"))
    to_org = factory.SelfAttribute("org")


class ImportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportJob

    filename = "花名册.xlsx"
    path = ""
