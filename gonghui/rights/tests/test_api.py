"""The rights API: petitions, women's records and health checks (full views logged), and the contract
steps through to filing, the congress approval taken from a democracy vote or entered by hand."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from gonghui.care.tests.factories import member_in
from gonghui.core.models import SensitiveAccess
from gonghui.democracy import services as democracy
from gonghui.democracy.models import VoteStatus
from gonghui.democracy.tests.conftest import seat
from gonghui.democracy.tests.factories import AgendaItemFactory, CongressFactory, VoteFactory
from gonghui.members.models import Gender
from gonghui.rights.models import CollectiveContract, Petition
from gonghui.rights.tests.factories import (
    CareRecordFactory,
    CollectiveContractFactory,
    HealthCheckFactory,
    PetitionFactory,
)

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _logged(obj, user):
    return SensitiveAccess.objects.filter(object_id=str(obj.pk), user=user).count()


# --------------------------------------------------------------------------- petitions


def test_petition_create_list_detail_and_handle(rights, login):
    client = login(rights.rights_officer)
    url = f"/api/rights/{rights.union_a.code}/petitions"
    body = {"received_on": "2026-06-01", "petitioner": "王来访", "matter": "食堂涨价", "people": 4}
    created = client.post(url, body, content_type=JSON)
    assert created.status_code == 201 and created.json()["counted"] is True
    listed = client.get(url).json()
    assert len(listed) == 1 and listed[0]["petitioner"] is None and listed[0]["matter"] is None
    petition = Petition.objects.get()
    detail = client.get(f"/api/rights/petitions/{petition.pk}").json()
    assert detail["petitioner"] == "王来访" and _logged(petition, rights.rights_officer) == 1
    handle = f"/api/rights/petitions/{petition.pk}/handle"
    early = client.post(handle, {"handling": "已答复", "handled_on": "2026-05-01"}, content_type=JSON)
    assert early.status_code in (400, 422) and "不能早于" in early.json()["detail"]
    done = client.post(handle, {"handling": "已答复", "handled_on": "2026-06-03"}, content_type=JSON)
    assert done.status_code == 200 and done.json()["handled_on"] == "2026-06-03"


@pytest.mark.parametrize("role", ["plain_officer", "women_officer", "fed_viewer", "member_a", "chair_b"])
def test_petitions_api_refuses_without_the_rights_duty(rights, login, role):
    petition = PetitionFactory(org=rights.union_a, recorded_by=rights.chair_a)
    client = login(getattr(rights, role))
    assert client.get(f"/api/rights/{rights.union_a.code}/petitions").status_code in (403, 404)
    assert client.get(f"/api/rights/petitions/{petition.pk}").status_code in (403, 404)
    handled = client.post(f"/api/rights/petitions/{petition.pk}/handle",
                          {"handling": "x", "handled_on": "2026-06-01"}, content_type=JSON)  # fmt: skip
    assert handled.status_code in (403, 404)
    created = client.post(f"/api/rights/{rights.union_a.code}/petitions",
                          {"received_on": "2026-06-01", "petitioner": "x", "matter": "x"}, content_type=JSON)  # fmt: skip
    assert created.status_code in (403, 404)
    assert Petition.objects.count() == 1 and _logged(petition, getattr(rights, role)) == 0


# --------------------------------------------------------------------------- women workers


def test_care_record_api_for_the_womens_officer(rights, login):
    client = login(rights.women_officer)
    her = member_in(rights.union_a, gender=Gender.FEMALE, name="孕期会员")
    him = member_in(rights.union_a, gender=Gender.MALE)
    url = f"/api/rights/{rights.union_a.code}/care-records"
    body = {"member_id": str(her.pk), "period": "nursing", "consent": True, "started_on": "2026-03-01",
            "birth_date": "2026-02-20", "babies": 2}  # fmt: skip
    created = client.post(url, body, content_type=JSON)
    assert created.status_code == 201, created.content
    assert "哺乳时间每天 2 小时，至 2027-02-20（婴儿满一周岁）" in created.json()["entitlements"]
    male = client.post(url, {**body, "member_id": str(him.pk)}, content_type=JSON)
    assert male.status_code in (400, 422) and "女职工" in male.json()["detail"]
    no_consent = client.post(url, {**body, "consent": False}, content_type=JSON)
    assert no_consent.status_code in (400, 422) and "同意" in no_consent.json()["detail"]
    listed = client.get(url).json()
    assert len(listed) == 1 and listed[0]["member_name"] is None and listed[0]["no_overtime"] is True
    record_id = listed[0]["id"]
    detail = client.get(f"/api/rights/care-records/{record_id}").json()
    assert detail["member_name"] == "孕期会员" and detail["babies"] == 2
    assert SensitiveAccess.objects.filter(object_id=record_id, user=rights.women_officer).count() == 1


def test_care_record_api_refuses_a_member_of_another_union(rights, login):
    stranger = member_in(rights.union_b, gender=Gender.FEMALE)
    body = {"member_id": str(stranger.pk), "period": "menstrual", "consent": True, "started_on": "2026-06-01"}
    answer = login(rights.women_officer).post(
        f"/api/rights/{rights.union_a.code}/care-records", body, content_type=JSON
    )
    assert answer.status_code in (400, 422) and "找不到" in answer.json()["detail"]


@pytest.mark.parametrize("role", ["rights_officer", "plain_officer", "fed_viewer", "member_a", "chair_b"])
def test_womens_records_api_refuses_other_roles(rights, login, role):
    record = CareRecordFactory(org=rights.union_a)
    check = HealthCheckFactory(org=rights.union_a)
    client = login(getattr(rights, role))
    for url in (f"/api/rights/{rights.union_a.code}/care-records", f"/api/rights/care-records/{record.pk}",
                f"/api/rights/{rights.union_a.code}/health-checks",
                f"/api/rights/health-checks/{check.campaign_id}"):  # fmt: skip
        assert client.get(url).status_code in (403, 404), url
    assert not SensitiveAccess.objects.filter(user=getattr(rights, role)).exists()


def test_health_check_api_counts_and_logs_the_results(rights, login):
    check = HealthCheckFactory(org=rights.union_a, result="follow_up")
    HealthCheckFactory(org=rights.union_a, campaign=check.campaign)
    client = login(rights.chair_a)
    listed = client.get(f"/api/rights/{rights.union_a.code}/health-checks").json()
    assert [(c["due"], c["attended"]) for c in listed] == [(2, 1)]
    detail = client.get(f"/api/rights/health-checks/{check.campaign_id}").json()
    assert sorted(c["result"] for c in detail["checks"]) == ["due", "follow_up"]
    assert _logged(check.campaign, rights.chair_a) == 1


# --------------------------------------------------------------------------- contracts


def _post(client, url, body, status=200):
    answer = client.post(url, body, content_type=JSON)
    assert answer.status_code == status, answer.content.decode()
    return answer.json()


def _negotiated(client, org):
    contract = _post(client, f"/api/rights/{org.code}/contracts",
                     {"kind": "general", "title": "2026年集体合同", "employer": "某厂"}, 201)  # fmt: skip
    base = f"/api/rights/contracts/{contract['id']}"
    for side in ("worker", "employer"):
        for i in range(3):
            _post(
                client, f"{base}/negotiators", {"side": side, "name": f"{side}{i}", "is_chief": i == 0}, 201
            )
    _post(client, f"{base}/request", {"requested_on": "2026-04-01"})
    meeting = _post(client, f"{base}/meetings", {"held_on": "2026-04-15", "minutes": "首轮协商"}, 201)
    assert meeting["meetings"][0]["minutes"] == "首轮协商" and meeting["negotiator_problems"] == []
    return base


def test_contract_steps_by_hand_through_filing(world, login):
    client = login(world.chair_a)
    base = _negotiated(client, world.union_a)
    missing = client.post(f"{base}/approval", {"approved_on": "2026-05-01"}, content_type=JSON)
    assert missing.status_code in (400, 422) and "职代会表决" in missing.json()["detail"]
    thin = {"approved_on": "2026-05-01", "delegates_total": 30, "delegates_present": 19, "votes_yes": 19}
    refused = client.post(f"{base}/approval", thin, content_type=JSON)
    assert refused.status_code in (400, 422) and "三分之二" in refused.json()["detail"]
    approved = _post(client, f"{base}/approval", {**thin, "delegates_present": 20, "votes_yes": 15})
    assert approved["approved_on"] == "2026-05-01" and approved["approval_vote_id"] is None
    early = client.post(f"{base}/sign", {"signed_on": "2026-04-30"}, content_type=JSON)
    assert early.status_code in (400, 422)
    signed = _post(client, f"{base}/sign", {"signed_on": "2026-05-10"})
    assert signed["file_by"] == "2026-05-20"
    before = client.post(f"{base}/file", {"filed_on": "2026-05-09"}, content_type=JSON)
    assert before.status_code in (400, 422) and "签订日期" in before.json()["detail"]
    filed = _post(client, f"{base}/file", {"filed_on": "2026-05-12"})
    assert filed["effective_on"] == "2026-05-27" and filed["stage"] == "已生效"


def test_contract_steps_refused_to_officers_of_other_unions_and_members(world, login):
    contract = CollectiveContractFactory(org=world.union_a, requested_on=date(2026, 4, 1))
    for user in (world.chair_b, world.member_a, world.fed_viewer):
        answer = login(user).post(f"/api/rights/contracts/{contract.pk}/meetings",
                                  {"held_on": "2026-04-15", "minutes": "x"}, content_type=JSON)  # fmt: skip
        assert answer.status_code in (403, 404)
    assert not contract.meetings.exists()


def _real_vote(org, chair, *, yes, present):
    """A congress of 3 seated delegates voting on the draft through the democracy services."""
    congress = CongressFactory(org=org)
    delegates = seat(congress, 3)
    session = democracy.create_session(congress=congress, held_on=date(2026, 5, 8), by=chair)
    item = democracy.add_agenda_item(session=session, title="审议《集体合同（草案）》")
    vote = democracy.create_vote(item=item)
    for d in delegates[:present]:
        democracy.check_in(session=session, delegate=d, by=chair)
    democracy.open_vote(vote=vote, by=chair)
    yes_option = next(o for o in vote.option_rows() if o.is_yes)
    for d in delegates[:yes]:
        democracy.cast_ballot(vote=vote, user=d.member.user, option_id=yes_option.pk)
    return democracy.close_vote(vote=vote, by=chair)


@pytest.mark.time_machine(datetime(2026, 5, 8, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
def test_contract_approved_by_the_congress_vote(world, login):
    client = login(world.chair_a)
    base = _negotiated(client, world.union_a)
    vote = _real_vote(world.union_a, world.chair_a, yes=2, present=3)
    assert vote.passed
    approved = _post(client, f"{base}/approval", {"vote_id": str(vote.pk)})
    assert approved["approval_vote_id"] == str(vote.pk) and approved["approved_on"] == "2026-05-08"
    assert (approved["delegates_total"], approved["delegates_present"], approved["votes_yes"]) == (3, 3, 2)
    page = client.get(reverse("rights:contract", args=[approved["id"]])).content.decode()
    link = f'职代会表决：<a href="{reverse("democracy:vote", args=[vote.pk])}" data-testid="approval-vote">'
    assert f"{link}审议《集体合同（草案）》</a>" in page


def _closed_vote(org, *, seated, present, yes, passed):
    vote = VoteFactory(org=org, item=AgendaItemFactory(org=org), status=VoteStatus.CLOSED,
                       closed_at=datetime(2026, 5, 8, 10, tzinfo=ZoneInfo("Asia/Shanghai")), seated_count=seated,
                       present_count=present, passed=passed, result_text="赞成票数")  # fmt: skip
    vote.options.filter(is_yes=True).update(count=yes)
    return vote


def test_contract_vote_refused_when_failed_not_quorate_foreign_or_open(world, login):
    client = login(world.chair_a)
    base = _negotiated(client, world.union_a)
    contract = CollectiveContract.objects.get()
    failed = _closed_vote(world.union_a, seated=30, present=25, yes=10, passed=False)
    thin = _closed_vote(world.union_a, seated=30, present=19, yes=16, passed=True)
    foreign = _closed_vote(world.union_b, seated=30, present=30, yes=30, passed=True)
    still_open = _closed_vote(world.union_a, seated=30, present=30, yes=30, passed=True)
    still_open.status = VoteStatus.OPEN
    still_open.save()
    for vote, says in ((failed, "未通过"), (thin, "三分之二"), (foreign, "本单位"), (still_open, "本单位")):
        answer = client.post(f"{base}/approval", {"vote_id": str(vote.pk)}, content_type=JSON)
        assert answer.status_code in (400, 422) and says in answer.json()["detail"], vote
    contract.refresh_from_db()
    assert contract.approved_on is None
    page = client.get(reverse("rights:contract", args=[contract.pk])).content.decode()
    assert 'data-testid="step-vote"' in page and str(thin.pk) in page and str(foreign.pk) not in page


def test_contract_page_approves_by_vote_and_hides_the_step_without_a_congress(world, login):
    client = login(world.chair_a)
    base = _negotiated(client, world.union_a)
    contract = CollectiveContract.objects.get()
    page = client.get(reverse("rights:contract", args=[contract.pk])).content.decode()
    assert 'data-testid="step-vote"' not in page and 'data-testid="step-approval"' in page
    vote = _closed_vote(world.union_a, seated=30, present=21, yes=16, passed=True)
    answer = client.post(reverse("rights:contract_vote", args=[contract.pk]), {"vote-vote": str(vote.pk)})
    assert answer.status_code == 302, answer.content.decode()
    contract.refresh_from_db()
    assert contract.approval_vote == vote and (contract.delegates_present, contract.votes_yes) == (21, 16)
    assert base.endswith(str(contract.pk))
