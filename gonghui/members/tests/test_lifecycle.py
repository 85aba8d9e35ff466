"""Join, transfer between unions (both keep the history), leave, retire, decease."""

import datetime as dt
import importlib

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.members import services
from gonghui.members.models import EventKind, Member, MemberEvent, MemberStatus, TransferStatus
from gonghui.members.tests.factories import MemberFactory

ID = "110101199003074477"


def person(**extra):
    return {
        "name": "张三",
        "id_number": ID,
        "gender": "M",
        "birth_date": dt.date(1990, 3, 7),
        "join_date": dt.date(2020, 1, 1),
        **extra,
    }


@pytest.mark.django_db
def test_join_records_history_and_search_keys(world):
    member = services.join_member(org=world.group_a, by=world.chair_a, **person())
    assert member.status == MemberStatus.ACTIVE
    assert (member.name_initials, member.id_number_reversed) == ("zs", ID[::-1])
    assert [e.kind for e in member.events.all()] == [EventKind.JOINED]
    assert member.events.get().on == dt.date(2020, 1, 1)


@pytest.mark.django_db
def test_one_active_membership_per_id_number(world):
    services.join_member(org=world.union_a, by=world.chair_a, **person())
    with pytest.raises(ValidationError, match="甲村工会"):
        services.join_member(org=world.union_b, by=world.chair_b, **person())
    # the database refuses it too, whatever the code path
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(org=world.union_b, id_number=ID)


@pytest.mark.django_db
def test_transfer_started_by_sender_accepted_by_receiver(world):
    member = services.join_member(org=world.group_a, by=world.chair_a, **person())
    transfer = services.start_transfer(member=member, to_org=world.union_b, by=world.chair_a, note="调动")
    member.refresh_from_db()
    assert member.status == MemberStatus.ACTIVE  # until the receiving union accepts
    with pytest.raises(ValidationError):
        services.start_transfer(member=member, to_org=world.union_b, by=world.chair_a)
    new = services.accept_transfer(transfer=transfer, by=world.chair_b)
    member.refresh_from_db()
    transfer.refresh_from_db()
    assert member.status == MemberStatus.TRANSFERRED and member.org == world.group_a
    assert new.status == MemberStatus.ACTIVE and new.org == world.union_b and new.transferred_from == member
    assert transfer.status == TransferStatus.ACCEPTED and transfer.new_member == new
    # the join date stays (seniority); the day of the transfer says since when the member is here
    assert (new.join_date, new.transferred_in_on) == (dt.date(2020, 1, 1), timezone.localdate())
    assert member.events.get(kind=EventKind.TRANSFERRED_OUT).on == new.transferred_in_on
    # the sending union keeps its record and history; the receiving union sees the whole story
    assert [e.kind for e in member.events.all()] == [
        EventKind.JOINED, EventKind.TRANSFER_STARTED, EventKind.TRANSFERRED_OUT,
    ]  # fmt: skip
    assert [e.kind for e in services.history(new)][-1] == EventKind.TRANSFERRED_IN
    assert len(services.history(new)) == 4
    assert Member.objects.active().filter(id_number=ID).get() == new


@pytest.mark.django_db
def test_records_transferred_in_earlier_get_their_transfer_day(world):
    """Migration 0005 fills transferred_in_on from the 转入 event, else the old record's 转出 event."""
    from django.apps import apps

    fill = importlib.import_module("gonghui.members.migrations.0005_transferred_in_on").fill_transferred_in_on
    member = services.join_member(org=world.group_a, by=world.chair_a, **person())
    transfer = services.start_transfer(member=member, to_org=world.union_b, by=world.chair_a)
    new = services.accept_transfer(transfer=transfer, by=world.chair_b, on=dt.date(2024, 6, 20))
    again = services.start_transfer(member=new, to_org=world.union_a, by=world.chair_b)
    newer = services.accept_transfer(transfer=again, by=world.chair_a, on=dt.date(2025, 3, 2))
    newer.events.all().delete()  # no 转入 event on file: the old record's 转出 day is the same day
    Member.objects.update(transferred_in_on=None)
    fill(apps, None)
    found = dict(Member.objects.values_list("pk", "transferred_in_on"))
    assert found == {
        world.member_a_record.pk: None, member.pk: None,
        new.pk: dt.date(2024, 6, 20), newer.pk: dt.date(2025, 3, 2),
    }  # fmt: skip


@pytest.mark.django_db
def test_transfer_rejected_or_cancelled_keeps_member(world):
    member = services.join_member(org=world.union_a, by=world.chair_a, **person())
    transfer = services.start_transfer(member=member, to_org=world.union_b, by=world.chair_a)
    services.reject_transfer(transfer=transfer, by=world.chair_b, reason="不是本单位职工")
    with pytest.raises(ValidationError):
        services.accept_transfer(transfer=transfer, by=world.chair_b)
    again = services.start_transfer(member=member, to_org=world.union_b, by=world.chair_a)
    services.cancel_transfer(transfer=again, by=world.chair_a)
    member.refresh_from_db()
    assert member.status == MemberStatus.ACTIVE
    assert member.events.filter(kind=EventKind.TRANSFER_REJECTED, note="不是本单位职工").exists()


@pytest.mark.django_db
def test_transfer_to_own_union_or_a_group_is_refused(world):
    member = services.join_member(org=world.group_a, by=world.chair_a, **person())
    with pytest.raises(ValidationError, match="本工会"):
        services.start_transfer(member=member, to_org=world.union_a, by=world.chair_a)
    with pytest.raises(ValidationError, match="基层工会"):
        services.start_transfer(member=member, to_org=world.group_a, by=world.chair_a)


@pytest.mark.django_db
def test_leave_retire_decease(world):
    member = services.join_member(org=world.union_a, by=world.chair_a, **person())
    services.retire_member(member=member, by=world.chair_a, on=dt.date(2024, 5, 1))
    with pytest.raises(ValidationError, match="退休"):
        services.leave_member(member=member, by=world.chair_a)
    services.record_death(member=member, by=world.chair_a, note="病故")
    member.refresh_from_db()
    assert member.status == MemberStatus.DECEASED
    assert [e.kind for e in member.events.all()] == [EventKind.JOINED, EventKind.RETIRED, EventKind.DECEASED]
    # the person may join again elsewhere only while no other active record exists: here none
    other = MemberFactory(org=world.union_b, id_number="110101199205067646")
    services.leave_member(member=other, by=world.chair_b)
    assert Member.objects.get(pk=other.pk).status == MemberStatus.LEFT


@pytest.mark.django_db
def test_history_of_an_imported_member_starts_at_the_join_date(world):
    # imports write no JOINED event; the timeline still starts with the roster's join date
    member = MemberFactory(org=world.union_a, join_date=dt.date(2015, 6, 1))
    member.events.all().delete()
    services.retire_member(member=member, by=world.chair_a, on=dt.date(2024, 5, 1))
    timeline = services.history(member)
    assert [(e.kind, e.on) for e in timeline] == [
        (EventKind.JOINED, dt.date(2015, 6, 1)),
        (EventKind.RETIRED, dt.date(2024, 5, 1)),
    ]
    assert timeline[0].pk is not None and not MemberEvent.objects.filter(pk=timeline[0].pk).exists()
