"""The shared member picker: one htmx search (members:pick) behind every form that picks a member."""

from django import forms
from django.urls import reverse

from gonghui.members.models import MemberStatus
from gonghui.members.picker import MemberPickerField, pickable
from gonghui.members.tests.factories import MemberFactory


def pick(client, org, query, field="member"):
    return client.get(reverse("members:pick", args=[org.code]), {"field": field, f"{field}-q": query})


def test_finds_by_name_initials_and_id_tail(login, world):
    zhang = MemberFactory(org=world.group_a, name="张三丰")
    MemberFactory(org=world.union_a, name="李四")
    client = login(world.officer_a)
    for query in ("张三", "zsf", "zhangsan", zhang.id_number[-6:]):
        html = pick(client, world.union_a, query).content.decode()
        assert str(zhang.pk) in html and "李四" not in html, query
        assert 'name="member"' in html and "checked" in html  # a single match is chosen at once
        assert zhang.id_number not in html  # masked: the last four digits only
    assert "没有找到" in pick(client, world.union_a, "不存在").content.decode()
    assert "form-check" not in pick(client, world.union_a, "").content.decode()


def test_options_are_named_like_the_field(login, world):
    MemberFactory(org=world.union_a, name="张三")
    html = pick(login(world.officer_a), world.union_a, "zs", field="aid-member").content.decode()
    assert 'name="aid-member"' in html
    bad = login(world.officer_a).get(reverse("members:pick", args=[world.union_a.code]), {"field": '"><x'})
    assert bad.status_code == 400


def test_scoped_to_active_members_the_user_may_act_on(login, world):
    MemberFactory(org=world.union_b, name="张外校")
    MemberFactory(org=world.union_a, name="张退休", status=MemberStatus.RETIRED)
    officer = login(world.officer_a)
    html = pick(officer, world.union_a, "张").content.decode()
    assert "张外校" not in html and "张退休" not in html
    assert pick(officer, world.union_b, "张").status_code == 404
    assert pick(login(world.member_a), world.union_a, "张").status_code in (403, 404)
    assert pick(login(world.fed_viewer), world.union_a, "张").status_code == 403
    chair_b = pick(login(world.chair_b), world.union_b, "张").content.decode()
    assert "张外校" in chair_b


class PickForm(forms.Form):
    member = MemberPickerField(label="会员")


def test_field_accepts_only_pickable_members_and_renders_the_choice(world):
    own = MemberFactory(org=world.union_a, name="张三")
    foreign = MemberFactory(org=world.union_b, name="李四")
    members = pickable(world.officer_a, world.union_a)

    def form(data=None, **kwargs):
        f = PickForm(data, **kwargs)
        f.fields["member"].pick_from(members, world.union_a)
        return f

    assert form({"member": str(own.pk)}).is_valid()
    for value in (str(foreign.pk), "not-a-uuid", ""):
        bound = form({"member": value})
        assert not bound.is_valid() and bound.errors["member"], value
    html = str(form(initial={"member": own.pk})["member"])
    assert reverse("members:pick", args=[world.union_a.code]) in html
    assert f'value="{own.pk}" checked' in html and "<select" not in html and "<script" not in html
    assert str(foreign.pk) not in str(form(initial={"member": foreign.pk})["member"])
