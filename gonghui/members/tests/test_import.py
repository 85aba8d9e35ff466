"""Import preview and commit on the ugly sample sheets, idempotent re-import, all-or-nothing."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from gonghui.members import importer
from gonghui.members.importer import import_file
from gonghui.members.models import EventKind, Member, MemberStatus
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.models import Org, OrgKind

FILES = Path(__file__).parent / "files"
UGLY = FILES / "ugly_roster.xlsx"
UGLY_CSV = FILES / "ugly_roster_gbk.csv"
GOOD_IDS = {"110101199003074477", "110101199205067646", "11010119850910101X"}


@pytest.mark.django_db
@pytest.mark.parametrize("path", [UGLY, UGLY_CSV])
def test_preview_writes_nothing_and_counts(world, path):
    errors = []
    outcome = import_file(str(path), org=world.union_a, on_error=errors.append)
    assert outcome.counts.as_dict() == {"rows": 7, "created": 3, "updated": 0, "unchanged": 0, "errors": 4}
    assert not outcome.committed
    assert not Member.objects.filter(id_number__in=GOOD_IDS).exists()
    assert {e.column for e in errors} >= {"身份证号码", "手机号码", "入会日期", "性别"}
    assert sorted(outcome.new_groups) == ["第一小组", "第二小组"]  # 第三小组 has only bad rows


@pytest.mark.django_db
def test_commit_with_errors_is_all_or_nothing(world):
    outcome = import_file(str(UGLY), org=world.union_a, commit=True)
    assert not outcome.committed
    assert "未写入任何数据" in outcome.message
    assert not Member.objects.filter(id_number__in=GOOD_IDS).exists()
    assert Org.objects.get_children_count(world.union_a) == 1  # no group created either


@pytest.mark.django_db
def test_skip_errors_writes_good_rows_and_reimport_changes_nothing(world):
    first = import_file(str(UGLY), org=world.union_a, commit=True, skip_errors=True)
    assert first.committed and first.counts.created == 3
    members = {m.id_number: m for m in Member.objects.filter(id_number__in=GOOD_IDS).select_related("org")}
    assert set(members) == GOOD_IDS
    zhang = members["110101199003074477"]
    assert (zhang.name, zhang.gender, zhang.name_initials, zhang.name_pinyin) == (
        "张三",
        "M",
        "zs",
        "zhangsan",
    )
    assert zhang.org.name == "第一小组" and zhang.org.kind == OrgKind.GROUP
    assert zhang.id_number_reversed == "110101199003074477"[::-1]
    assert members["110101199205067646"].phone == "13912345678"
    stamp = {m.pk: m.updated_at for m in members.values()}

    again = import_file(str(UGLY), org=world.union_a, commit=True, skip_errors=True)
    assert again.counts.as_dict() == {"rows": 7, "created": 0, "updated": 0, "unchanged": 3, "errors": 4}
    assert {m.pk: m.updated_at for m in Member.objects.filter(id_number__in=GOOD_IDS)} == stamp
    # the same people from the GBK CSV (same data, other format): still unchanged
    csv = import_file(str(UGLY_CSV), org=world.union_a, commit=True, skip_errors=True)
    assert csv.counts.unchanged == 3 and csv.counts.created == 0


@pytest.mark.django_db
def test_changed_rows_are_updated_with_one_event_per_status_change(world, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("姓名,身份证号,手机,状态\n张三,110101199003074477,13800138000,在会\n", encoding="utf-8")
    import_file(str(path), org=world.union_a, commit=True)
    path.write_text("姓名,身份证号,手机,状态\n张三丰,110101199003074477,13800138001,退休\n", encoding="utf-8")
    outcome = import_file(str(path), org=world.union_a, commit=True)
    assert outcome.counts.updated == 1
    member = Member.objects.get(id_number="110101199003074477")
    assert (member.name, member.phone, member.status, member.name_initials) == (
        "张三丰",
        "13800138001",
        "retired",
        "zsf",
    )
    assert list(member.events.values_list("kind", flat=True)) == [EventKind.RETIRED]


@pytest.mark.django_db
def test_person_active_in_another_union_is_an_error(world, tmp_path):
    MemberFactory(org=world.union_b, id_number="110101199003074477", name="张三")
    path = tmp_path / "r.csv"
    path.write_text("姓名,身份证号\n张三,110101199003074477\n", encoding="utf-8")
    errors = []
    outcome = import_file(str(path), org=world.union_a, commit=True, skip_errors=True, on_error=errors.append)
    assert outcome.counts.errors == 1 and outcome.counts.created == 0
    assert "乙校工会" in errors[0].reason and "会籍转接" in errors[0].reason
    assert Member.objects.filter(id_number="110101199003074477").count() == 1


@pytest.mark.django_db
def test_small_batches_give_the_same_result(world):
    outcome = import_file(str(UGLY), org=world.union_a, commit=True, skip_errors=True, batch_size=2)
    assert outcome.counts.as_dict() == {"rows": 7, "created": 3, "updated": 0, "unchanged": 0, "errors": 4}
    # every batch's rows are in (on PostgreSQL each batch is written while the next is read)
    assert set(Member.objects.values_list("id_number", flat=True)) >= GOOD_IDS


@pytest.mark.django_db
def test_a_failed_write_of_a_later_batch_rolls_back_the_earlier_ones(world, monkeypatch):
    values = importer._InsertPlan.values
    calls = []

    def fail_on_third_row(plan, row):
        calls.append(row["id_number"])
        if len(calls) == 3:
            raise RuntimeError("写入失败")
        return values(plan, row)

    monkeypatch.setattr(importer._InsertPlan, "values", fail_on_third_row)
    with pytest.raises(RuntimeError, match="写入失败"):
        import_file(str(UGLY), org=world.union_a, commit=True, skip_errors=True, batch_size=2)
    assert len(calls) == 3  # two rows written by earlier batches, then the failure
    assert not Member.objects.filter(id_number__in=GOOD_IDS).exists()
    assert Org.objects.get(pk=world.union_a.pk).get_children().count() == 1  # the new groups went too


@pytest.mark.django_db
def test_group_org_imports_into_that_group(world, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("姓名,身份证号,小组\n张三,110101199003074477,别的组\n", encoding="utf-8")
    import_file(str(path), org=world.group_a, commit=True)
    assert Member.objects.get(id_number="110101199003074477").org == world.group_a


@pytest.mark.django_db
def test_command_prints_json_last_and_writes_errors(world, tmp_path):
    out, err = StringIO(), StringIO()
    errors = tmp_path / "errors.xlsx"
    call_command(
        "import_members", str(UGLY), "--org", "union-a", "--commit", "--skip-errors", "--errors", str(errors),
        "--json", stdout=out, stderr=err,
    )  # fmt: skip
    last = out.getvalue().strip().splitlines()[-1]
    assert json.loads(last) == {"rows": 7, "created": 3, "updated": 0, "unchanged": 0, "errors": 4}
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(errors)).get_sheet_by_index(0).to_python()
    assert rows[0] == ["行号", "列", "内容", "原因"] and len(rows) >= 5
    assert "第 8 行" in err.getvalue()


@pytest.mark.django_db
def test_command_refuses_unknown_org(world):
    with pytest.raises(CommandError, match="找不到"):
        call_command("import_members", str(UGLY), "--org", "nope")


@pytest.mark.django_db
def test_command_preview_by_default(world):
    out = StringIO()
    call_command("import_members", str(UGLY_CSV), "--org", "union-a", "--json", stdout=out)
    assert json.loads(out.getvalue().splitlines()[-1])["created"] == 3
    assert not Member.objects.filter(id_number__in=GOOD_IDS).exists()
    assert Member.objects.filter(status=MemberStatus.ACTIVE).count() == 1  # the world's member_a
