from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from gonghui.activities.tests.factories import ActivityFactory, member_in
from gonghui.members.models import Gender


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT


@pytest.fixture
def activity(world):
    return ActivityFactory(org=world.union_a, title="职工趣味运动会")


@pytest.fixture
def members(world):
    """Three members of union A (in its group), a woman among them."""
    return [
        member_in(world.group_a, name="张三"),
        member_in(world.group_a, name="李四", gender=Gender.FEMALE),
        member_in(world.union_a, name="王五"),
    ]


@pytest.fixture
def today_activity(world):
    start = timezone.now() - timedelta(minutes=30)
    return ActivityFactory(
        org=world.union_a, title="职工趣味运动会", start=start, end=start + timedelta(hours=3)
    )


@pytest.fixture
def past_activity(world):
    start = timezone.now() - timedelta(days=3)
    return ActivityFactory(org=world.union_a, title="三八节活动", start=start, end=start + timedelta(hours=2))


def image_upload(name="photo.jpg", size=(2400, 1800), kind="JPEG", color="red"):
    out = BytesIO()
    Image.new("RGB", size, color).save(out, kind)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")
