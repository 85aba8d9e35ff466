"""Pages and API: who may do what, masking and its log, the import and export flows."""

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gonghui.core.masking import mask_id
from gonghui.core.models import SensitiveAccess, TaskProgress
from gonghui.core.tasks import media_path
from gonghui.members import roster_check
from gonghui.members.models import ImportJob, ImportStatus, Member, MemberStatus, MemberTransfer
from gonghui.members.tests.factories import MemberFactory
from gonghui.metrics import registry

FILES = Path(__file__).parent / "files"


@pytest.fixture
def roster(world):
    names = ["张三", "张珊", "李四", "王五", "赵六"]
    made = [MemberFactory(org=world.union_a, name=n, phone=f"1380000000{i}") for i, n in enumerate(names)]
    for m in made:
        m.set_search_keys()
        m.save()
    MemberFactory(org=world.union_b, name="张三丰")
    return made


def names(response):
    return [m["name"] for m in response.context["rows"]]


@pytest.mark.django_db
def test_roster_lists_own_union_only_and_masks(login, world, roster):
    client = login(world.chair_a)
    response = client.get(reverse("members:roster"))
    assert response.status_code == 200
    assert "张三丰" not in names(response) and "张三" in names(response)
    body = response.content.decode()
    assert roster[0].id_number not in body and mask_id(roster[0].id_number) in body
    assert f'href="/members/{roster[0].pk}/"' in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "q,expected",
    [
        ("zs", ["张三", "张珊"]),
        ("zhangs", ["张三", "张珊"]),
        ("张", ["张三", "张珊"]),
        ("lisi", ["李四"]),
        ("ZS", ["张三", "张珊"]),
    ],
)
def test_search_by_name_and_pinyin(login, world, roster, q, expected):
    response = login(world.chair_a).get(reverse("members:roster"), {"q": q})
    assert sorted(names(response)) == sorted(expected)


@pytest.mark.django_db
def test_search_by_id_tail_and_phone(login, world, roster):
    client = login(world.chair_a)
    target = roster[2]
    target.id_number = "110101199003074477"
    target.set_search_keys()
    target.save()
    assert names(client.get(reverse("members:roster"), {"q": "074477"})) == [target.name]
    assert names(client.get(reverse("members:roster"), {"q": "110101199003074477"})) == [target.name]
    assert names(client.get(reverse("members:roster"), {"q": "13800000003"})) == ["王五"]


@pytest.mark.django_db
def test_filters_and_keyset_pages(login, world, roster):
    client = login(world.chair_a)
    Member.objects.filter(pk=roster[1].pk).update(
        status=MemberStatus.RETIRED, gender="F", join_date=dt.date(2019, 5, 1)
    )
    assert names(client.get(reverse("members:roster"), {"status": "retired"})) == ["张珊"]
    assert names(client.get(reverse("members:roster"), {"gender": "F"})) == ["张珊"]
    assert names(client.get(reverse("members:roster"), {"joined": "2019"})) == ["张珊"]
    assert "张三" in names(client.get(reverse("members:roster"), {"age": "40-49"}))
    assert names(client.get(reverse("members:roster"), {"status": "nonsense"}))  # ignored, not a 500
    from gonghui.members import views

    views.PER_PAGE, saved = 2, views.PER_PAGE
    try:
        first = client.get(reverse("members:roster"))
        cursor = first.context["next_cursor"]
        second = client.get(reverse("members:roster"), {"after": cursor}, HTTP_HX_REQUEST="true")
        body = second.content.decode()
        assert len(names(first)) == 2 and "<html" not in body
        assert not any(f">{name}</a>" in body for name in names(first))
        assert any(f">{m.name}</a>" in body for m in roster if m.name not in names(first))
    finally:
        views.PER_PAGE = saved


@pytest.mark.django_db
def test_detail_reveal_is_logged_and_needs_sensitive(login, world, roster):
    member = roster[0]
    url = reverse("members:reveal", kwargs={"member_id": member.pk})
    response = login(world.chair_a).post(url, {"field": "id_number"})
    assert response.status_code == 200 and member.id_number in response.content.decode()
    log = SensitiveAccess.objects.get()
    assert (log.user, log.field, log.object_id) == (world.chair_a, "id_number", str(member.pk))
    assert (
        login(world.officer_a).get(reverse("members:detail", kwargs={"member_id": member.pk})).status_code
        == 200
    )
    assert login(world.fed_viewer).post(url, {"field": "id_number"}).status_code == 403
    assert login(world.chair_a).post(url, {"field": "name"}).status_code == 400
    assert SensitiveAccess.objects.count() == 1


@pytest.mark.django_db
def test_join_form_validates_in_chinese(login, world):
    client = login(world.chair_a)
    response = client.post(reverse("members:new"), {"name": "", "id_number": "1.10105E+17", "phone": "123"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "文本" in errors["id_number"][0] and "手机号" in errors["phone"][0] and errors["name"]
    response = client.post(
        reverse("members:new"),
        {
            "name": "钱七",
            "id_number": "110101199003074477",
            "phone": "13800138000",
            "employment_type": "regular",
        },
    )
    member = Member.objects.get(id_number="110101199003074477")
    assert response.status_code == 302 and member.gender == "M" and member.birth_date == dt.date(1990, 3, 7)


@pytest.mark.django_db
def test_lifecycle_urls(login, world, roster):
    member = roster[0]
    chair = login(world.chair_a)
    response = chair.post(
        reverse("members:transfer", kwargs={"member_id": member.pk}), {"to_org_code": "union-b"}
    )
    assert response.status_code == 302
    transfer = MemberTransfer.objects.get()
    # the sending chair cannot accept; the receiving chair can
    assert (
        chair.post(reverse("members:transfer_accept", kwargs={"membertransfer_id": transfer.pk})).status_code
        == 404
    )
    receiver = login(world.chair_b)
    assert "张三" in receiver.get(reverse("members:transfers")).content.decode()
    response = receiver.post(reverse("members:transfer_accept", kwargs={"membertransfer_id": transfer.pk}))
    assert response.status_code == 302
    new = Member.objects.get(id_number=member.id_number, status=MemberStatus.ACTIVE)
    assert new.org == world.union_b
    page = receiver.get(reverse("members:detail", kwargs={"member_id": new.pk})).content.decode()
    assert "转入" in page and "发起会籍转接" in page
    response = login(world.chair_a).post(
        reverse("members:retire", kwargs={"member_id": roster[1].pk}), {"on": "2024-01-01", "note": ""}
    )
    assert response.status_code == 302 and Member.objects.get(pk=roster[1].pk).status == MemberStatus.RETIRED
    bad = login(world.chair_a).post(
        reverse("members:leave", kwargs={"member_id": roster[1].pk}), {"on": "2024-01-01"}
    )
    assert bad.status_code == 200 and "不能办理" in bad.content.decode()


@pytest.mark.django_db
def test_group_leader_and_viewer_rights(login, world, roster):
    url = reverse("members:leave", kwargs={"member_id": roster[0].pk})
    assert login(world.fed_viewer).post(url, {"on": "2024-01-01"}).status_code == 403
    assert (
        login(world.member_a).get(reverse("members:detail", kwargs={"member_id": roster[0].pk})).status_code
        == 404
    )
    own = login(world.member_a).get(reverse("members:detail", kwargs={"member_id": world.member_a_record.pk}))
    assert own.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("beside", [False, True], ids=["in-process", "checked-by-helper"])
def test_import_ui_flow(login, world, beside, monkeypatch):
    # a big file's rows are read and checked by a helper process; the flow is the same
    monkeypatch.setattr(roster_check, "CHECK_BESIDE_ABOVE", 0 if beside else 10**12)
    client = login(world.chair_a)
    with open(FILES / "ugly_roster.xlsx", "rb") as fh:
        response = client.post(reverse("members:import"), {"file": fh})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == ImportStatus.PREVIEWED
    assert job.counts["created"] == 3 and job.counts["errors"] == 4
    page = client.get(reverse("members:import_detail", kwargs={"importjob_id": job.pk})).content.decode()
    assert "身份证号被 Excel 当作数字保存" in page and "下载全部错误" in page
    errors = client.get(reverse("members:import_errors", kwargs={"importjob_id": job.pk}))
    assert errors.status_code == 200
    # commit without skipping is refused while errors remain
    client.post(reverse("members:import_commit", kwargs={"importjob_id": job.pk}))
    assert not Member.objects.filter(id_number="110101199003074477").exists()
    # fix the mapping: stop importing the phone column → its errors go away
    mapping = {f"col{i}": f for i, f in job.mapping.items()}
    phone_col = next(k for k, v in mapping.items() if v == "phone")
    mapping[phone_col] = ""
    client.post(reverse("members:import_mapping", kwargs={"importjob_id": job.pk}), mapping)
    job.refresh_from_db()
    assert "phone" not in job.mapping.values() and job.counts["errors"] == 4  # 孙八 still has other errors
    client.post(reverse("members:import_commit", kwargs={"importjob_id": job.pk}), {"skip_errors": "1"})
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTED
    assert Member.objects.get(id_number="110101199003074477").phone == ""  # the column stayed unmapped


@pytest.mark.django_db
def test_mapping_form_errors_are_chinese(login, world):
    client = login(world.chair_a)
    with open(FILES / "ugly_roster.xlsx", "rb") as fh:
        client.post(reverse("members:import"), {"file": fh})
    job = ImportJob.objects.get()
    response = client.post(
        reverse("members:import_mapping", kwargs={"importjob_id": job.pk}), {"col1": "name"}
    )
    assert response.status_code == 400 and "身份证号" in response.content.decode()


@pytest.mark.django_db
def test_upload_refuses_wrong_type(login, world, tmp_path):
    path = tmp_path / "x.docx"
    path.write_bytes(b"hello")
    with open(path, "rb") as fh:
        response = login(world.chair_a).post(reverse("members:import"), {"file": fh})
    assert response.status_code == 200 and "不支持的文件类型" in response.content.decode()


@pytest.mark.django_db
def test_export_respects_filters_and_masking(login, world, roster):
    client = login(world.fed_viewer)  # no sensitive capability: masked
    response = client.post(reverse("members:export"), {"q": "zs"})
    assert response.status_code == 302
    progress = TaskProgress.objects.get(kind="members_export")
    assert client.get(response.url).context["progress"] == progress
    download = client.get(reverse("members:export_download", kwargs={"taskprogress_id": progress.pk}))
    assert download.status_code == 200
    path = media_path(progress.result["path"])
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert [r[0] for r in rows[1:]] == ["张三", "张三丰", "张珊"]
    assert rows[1][2] == mask_id(roster[0].id_number)
    assert not SensitiveAccess.objects.exists()
    login(world.chair_a).post(reverse("members:export"), {})
    full = TaskProgress.objects.filter(kind="members_export").latest("created_at")
    rows = CalamineWorkbook.from_path(str(media_path(full.result["path"]))).get_sheet_by_index(0).to_python()
    assert len(rows) == 7 and roster[0].id_number in [r[2] for r in rows]
    assert SensitiveAccess.objects.get().action == "export"
    # someone else cannot fetch my export
    assert (
        login(world.chair_b)
        .get(reverse("members:export_download", kwargs={"taskprogress_id": full.pk}))
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_api_list_search_detail(login, world, roster):
    client = login(world.chair_a)
    data = client.get("/api/members/", {"q": "zs", "limit": 1}).json()
    assert [m["name"] for m in data["items"]] == ["张三"] and data["next"]
    more = client.get("/api/members/", {"q": "zs", "limit": 1, "after": data["next"]}).json()
    assert [m["name"] for m in more["items"]] == ["张珊"]
    found = client.get("/api/members/search", {"q": "lisi"}).json()
    assert [m["name"] for m in found] == ["李四"] and "*" in found[0]["id_number"]
    member_b = Member.objects.get(name="张三丰")
    assert client.get(f"/api/members/{member_b.pk}").status_code == 404
    assert client.get(f"/api/members/{roster[0].pk}").json()["name"] == "张三"
    assert client.get("/api/members/", {"org": "union-b"}).status_code == 404


@pytest.mark.django_db
def test_metrics(world, roster):
    today = dt.date.today()
    count = registry.compute("members.count", world.union_a, today.replace(month=1, day=1), today)
    assert count.value == 6  # 5 + the world's member
    rate = registry.compute("members.membership_rate", world.union_a, today.replace(month=1, day=1), today)
    assert rate.value == 60.0  # 6 members / 10 employees
    empty = registry.compute("members.membership_rate", world.other_fed, today, today)
    assert empty.display() == "无数据"
