"""One factory per org-owned voice model (the authorization test builds one of each with `org=`)."""

from datetime import date

import factory
from django.utils import timezone

from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.tests.factories import UserFactory
from gonghui.voice.models import (
    Audience,
    Category,
    Channel,
    Frequency,
    Notice,
    NoticeAttachment,
    NoticeKind,
    NoticeRead,
    NoticeStatus,
    Opinion,
    PublishingRule,
    Suggestion,
    SuggestionAttachment,
)


class NoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notice

    kind = NoticeKind.FACTORY
    category = Category.WELFARE
    title = factory.Sequence(lambda n: f"2026年职工疗休养安排公示{n}")
    body = "<p>经工会委员会研究，今年疗休养名额如下。</p>"
    audience = Audience.ALL
    publish_from = date(2026, 6, 1)
    publish_to = date(2026, 6, 30)
    status = NoticeStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    created_by = factory.SubFactory(UserFactory)


class NoticeAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NoticeAttachment

    notice = factory.LazyAttribute(lambda o: NoticeFactory(org=o.org))
    name = "名单.pdf"
    file = factory.django.FileField(filename="list.pdf", data=b"%PDF-1.4 test")
    size = 13


class NoticeReadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NoticeRead

    notice = factory.LazyAttribute(lambda o: NoticeFactory(org=o.org))
    user = factory.SubFactory(UserFactory)
    read_at = factory.LazyFunction(timezone.now)


class OpinionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opinion

    notice = factory.LazyAttribute(lambda o: NoticeFactory(org=o.org))
    author = factory.SubFactory(UserFactory)
    member = factory.LazyAttribute(lambda o: MemberFactory(org=o.org))
    body = "名额分配是否考虑了一线职工？"
    due_on = date(2026, 7, 15)


class PublishingRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublishingRule

    kind = NoticeKind.FACTORY
    category = ""
    frequency = Frequency.QUARTERLY


class SuggestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Suggestion

    channel = Channel.SUGGESTION
    title = factory.Sequence(lambda n: f"车间照明改用LED灯{n}")
    body = "现有照明耗电大，建议分批更换为LED灯具。"
    author = factory.SubFactory(UserFactory)
    member = factory.LazyAttribute(lambda o: MemberFactory(org=o.org))
    submitted_on = date(2026, 5, 10)
    due_on = date(2026, 7, 9)


class SuggestionAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SuggestionAttachment

    suggestion = factory.LazyAttribute(lambda o: SuggestionFactory(org=o.org))
    name = "现场照片.pdf"
    file = factory.django.FileField(filename="photo.pdf", data=b"%PDF-1.4 test")
    size = 13
