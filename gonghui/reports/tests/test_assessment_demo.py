import random
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gonghui.orgs import demo as orgs_demo
from gonghui.reports.assessment import demo
from gonghui.reports.assessment.models import AssessmentRound, AssessmentStatus, Rubric

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime(2026, 11, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
def test_demo_round_at_the_county_with_two_submitted_and_one_scored():
    orgs_demo.populate(random.Random(1))
    demo.populate(random.Random(1))
    found = AssessmentRound.objects.get(org__code="chengguan", year=2026)
    statuses = dict(found.assessments.values_list("org__code", "status"))
    assert statuses.pop("wuyin-village") == AssessmentStatus.REVIEWED
    assert statuses.pop("luzhong-school") == AssessmentStatus.SUBMITTED
    assert set(statuses.values()) == {AssessmentStatus.DRAFT} and len(statuses) == 12
    demo.populate(random.Random(2))  # a second run changes nothing
    assert AssessmentRound.objects.count() == 1 and Rubric.objects.count() == 2
