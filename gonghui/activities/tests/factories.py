import itertools
from datetime import date, timedelta

import factory
from django.utils import timezone

from gonghui.activities.models import (
    Activity,
    ActivityFile,
    ActivityPhoto,
    Attendance,
    Category,
    Contest,
    Entrant,
)
from gonghui.members.tests.factories import MemberFactory

_birthdays = itertools.count()


def member_in(org, **fields):
    """A member with a birth date of its own: ID numbers drawn for one date collide too often."""
    fields.setdefault("birth_date", date(1975, 1, 1) + timedelta(days=next(_birthdays) % 9000))
    return MemberFactory(org=org, **fields)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    title = factory.Sequence(lambda n: f"职工趣味运动会{n}")
    category = Category.SPORTS
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    end = factory.LazyAttribute(lambda a: a.start + timedelta(hours=3))
    place = "村委会广场"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    activity = factory.LazyAttribute(lambda a: ActivityFactory(org=a.org))
    member = factory.LazyAttribute(lambda a: member_in(a.org))


# Photos and files are named, not written: the tests that need real bytes upload them through the service.
class ActivityPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityPhoto

    activity = factory.LazyAttribute(lambda p: ActivityFactory(org=p.org))
    image = "activities/missing/photo.jpg"


class ActivityFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityFile

    activity = factory.LazyAttribute(lambda f: ActivityFactory(org=f.org))
    file = "activities/missing/notice.pdf"
    name = "活动通知.pdf"


class ContestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contest

    activity = factory.LazyAttribute(lambda c: ActivityFactory(org=c.org))
    name = "乒乓球"


class EntrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entrant

    contest = factory.LazyAttribute(lambda e: ContestFactory(org=e.org))
    member = factory.LazyAttribute(lambda e: member_in(e.org))
