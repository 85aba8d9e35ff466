"""Factories of reports' org-owned models (the authorization test builds one of each with `org=`)."""

from decimal import Decimal

import factory

from gonghui.orgs.tests.factories import UserFactory
from gonghui.reports.assessment.models import (
    Assessment,
    AssessmentFile,
    AssessmentRound,
    Designation,
    ItemScore,
    RatingMarker,
    RatingTally,
    Rubric,
    RubricItem,
    RubricSection,
)
from gonghui.reports.summary.models import SummaryText

YEAR = 2026


class RubricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rubric

    title = factory.Sequence(lambda n: f"基层工会年度考核细则{n}")
    year = YEAR
    total = Decimal(10)
    pass_score = Decimal(6)
    designation = "示范工会"


class RubricSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RubricSection

    rubric = factory.LazyAttribute(lambda s: RubricFactory(org=s.org))
    title = "一、组织建设"


class RubricItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RubricItem

    section = factory.LazyAttribute(lambda i: RubricSectionFactory(org=i.org))
    title = factory.Sequence(lambda n: f"考核项目{n}")
    max_points = Decimal(10)
    rule = factory.LazyFunction(lambda: {"kind": "manual"})


class AssessmentRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentRound

    rubric = factory.LazyAttribute(lambda r: RubricFactory(org=r.org))
    title = factory.Sequence(lambda n: f"{YEAR}年度考核{n}")
    year = YEAR


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    round = factory.LazyAttribute(lambda a: AssessmentRoundFactory(org=a.org))


class ItemScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItemScore

    assessment = factory.LazyAttribute(lambda s: AssessmentFactory(org=s.org))
    item = factory.LazyAttribute(lambda s: RubricItemFactory(org=s.org))


class AssessmentFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentFile

    score = factory.LazyAttribute(lambda f: ItemScoreFactory(org=f.org))
    file = "reports/assessment/missing/minutes.pdf"
    name = "会议纪要.pdf"


class DesignationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Designation

    title = "示范工会"
    year = YEAR


class RatingTallyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RatingTally

    round = factory.LazyAttribute(lambda t: AssessmentRoundFactory(org=t.org))


class RatingMarkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RatingMarker

    round = factory.LazyAttribute(lambda m: AssessmentRoundFactory(org=m.org))
    user = factory.SubFactory(UserFactory)


class SummaryTextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SummaryText

    year = YEAR
    texts = factory.LazyFunction(lambda: {"overview": "全年工作稳步推进。"})
