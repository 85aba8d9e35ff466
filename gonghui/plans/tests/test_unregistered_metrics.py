"""A target whose metric key no module has registered is entered by hand, under a Chinese name.

The demo showed orgs.model_unions, rights.petition_rate and democracy.congress_held on screens,
and such targets could be neither computed nor filled in (「该目标由系统指标自动计算」).
"""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from gonghui.metrics import registry
from gonghui.plans import services
from gonghui.plans.dashboard import target_progress
from gonghui.plans.tests.factories import PlanFactory, TargetFactory

pytestmark = pytest.mark.django_db
UNREGISTERED = "unionwork.model_homes"  # a key no module registers (orgs.model_unions now is registered)


@pytest.fixture
def target(world):
    assert registry.get(UNREGISTERED) is None
    plan = PlanFactory(org=world.union_a, year=2026)
    return TargetFactory(
        org=world.union_a,
        plan=plan,
        text="创建模范职工之家2个",
        metric_words="模范职工之家",
        metric_key=UNREGISTERED,
        value=Decimal(2),
        unit="个",
    )


def test_an_unregistered_key_makes_a_manual_target_with_the_plans_words(target):
    assert target.is_manual
    assert target.metric_label == "模范职工之家"
    target.metric_words = ""
    assert target.metric_label == "创建模范职工之家2个"  # the target's own text, never the key


def test_a_registered_key_is_computed_and_named_by_the_metric(target):
    target.metric_key = "dues.collection_rate"
    assert not target.is_manual
    assert target.metric_label == registry.get("dues.collection_rate").label


def test_the_value_of_an_unregistered_target_can_be_entered_by_hand(login, world, target):
    png = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(png, "PNG")  # uploads are checked and re-encoded: a real picture
    photo = SimpleUploadedFile("proof.png", png.getvalue(), content_type="image/png")
    response = login(world.chair_a).post(
        reverse("plans:target_manual", args=[target.pk]), {"value": "1", "evidence": photo}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.manual_value == Decimal(1)
    progress = target_progress(target, today=date(2026, 6, 1))
    assert progress.label == "模范职工之家" and progress.display == "1个"


def test_screens_show_the_label_not_the_key(login, world, target):
    client = login(world.chair_a)
    for url in (
        reverse("plans:detail", args=[target.plan.pk]),
        reverse("plans:review", args=[target.plan.pk]),
    ):
        body = client.get(url).content.decode()
        assert "模范职工之家" in body
        assert UNREGISTERED not in body.replace(f'value="{UNREGISTERED}"', "")
    detail = client.get(f"/api/plans/{target.plan.pk}").json()
    assert detail["targets"][0]["manual"] is True
    assert detail["targets"][0]["metric_label"] == "模范职工之家"


def test_the_import_proposes_registered_keys_only(world, monkeypatch):
    text = "2026年工会工作计划\n一、工作目标\n1. 会费收缴率达到100%\n2. 信访办结率达到95%\n"
    monkeypatch.setattr(
        services,
        "match_metric_key",
        lambda words: "unbuilt.petition_rate" if "信访" in words else "dues.collection_rate",
    )
    plan = services.create_plan_from_text(org=world.union_a, text=text, by=world.chair_a, year=2026)
    keys = {t.text: t.metric_key for t in plan.targets.all()}
    assert keys, "the parser found no targets in the text"
    assert "unbuilt.petition_rate" not in keys.values()
    assert all(key == "" or registry.get(key) for key in keys.values())
