"""A rights officer's day in a real browser, on a phone: a dispute received, accepted, mediated to an
agreement and the 调解协议书 downloaded; a contract's renewal reminder seen."""

from datetime import date, timedelta

import pytest
from docx import Document

from gonghui.conftest import browser_login
from gonghui.rights.models import CaseStatus, DisputeCase, Side
from gonghui.rights.tests.factories import CollectiveContractFactory, NegotiatorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def open_step(page, step):
    page.click(f"[data-testid=step-{step}] summary")


def test_dispute_to_agreement(page, rights, screenshot):
    today = date.today()
    CollectiveContractFactory(
        org=rights.union_a, title="甲村集体合同", effective_on=today - timedelta(days=1000),
        expires_on=today + timedelta(days=60), renewal_from=today - timedelta(days=30),
    )  # fmt: skip
    page.set_viewport_size({"width": 375, "height": 800})
    browser_login(page, "rights_officer")
    base = page.base_url

    page.goto(f"{base}/rights/{rights.union_a.code}/cases/new/")
    page.fill("#id_applicants", "李申请")
    page.fill("#id_respondent", "甲村建材厂")
    page.fill("#id_matter", "拖欠三个月工资")
    page.fill("#id_received_on", today.isoformat())
    page.select_option("#id_claim_kind", "wages")
    page.fill("#id_claim_amount", "9000")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=deadline]")
    case = DisputeCase.objects.get(org=rights.union_a)
    assert page.inner_text("[data-testid=deadline]") == f"{case.deadline:%Y-%m-%d}"
    assert "剩余" in page.inner_text("[data-testid=days-left]")
    assert no_sideways_scroll(page)

    open_step(page, "accept")
    page.fill("#id_accept-mediator", "周调解")
    page.click("[data-testid=step-accept] button[type=submit]")
    page.wait_for_selector("text=已办理：受理")
    open_step(page, "session")
    page.fill("#id_session-present", "双方当事人、调解员")
    page.fill("#id_session-minutes", "双方同意分期支付")
    page.click("[data-testid=step-session] button[type=submit]")
    page.wait_for_selector("text=双方同意分期支付")

    open_step(page, "agreement")
    page.fill("#id_agreement-result", "甲村建材厂于月底前支付工资9000元")
    page.fill("#id_agreement-performance_deadline", (today + timedelta(days=15)).isoformat())
    page.fill("#id_agreement-performance_method", "银行转账")
    page.check("#id_agreement-signed_applicant")
    page.check("#id_agreement-signed_respondent")
    page.check("#id_agreement-signed_mediator")
    page.click("[data-testid=step-agreement] button[type=submit]")  # no seal yet: refused
    page.wait_for_selector("text=调解委员会印章")
    page.check("#id_agreement-committee_seal")
    page.click("[data-testid=step-agreement] button[type=submit]")
    page.wait_for_selector("[data-testid=agreement-docx]")
    assert page.inner_text("[data-testid=case-status]") == "调解成功"
    screenshot(page, "rights-case")

    with page.expect_download() as caught:
        page.click("[data-testid=agreement-docx]")
    text = "\n".join(p.text for p in Document(caught.value.path()).paragraphs)
    assert "调解协议书" in text and "支付工资9000元" in text and "银行转账" in text
    assert DisputeCase.objects.get(pk=case.pk).status == CaseStatus.AGREED

    page.goto(f"{base}/rights/{rights.union_a.code}/")
    assert "甲村集体合同" in page.inner_text("[data-testid=renewal]")
    assert no_sideways_scroll(page)

    # The new contract: negotiated, approved by the congress (a vote short of quorum refused), signed, filed.
    draft = CollectiveContractFactory(org=rights.union_a, title="新一期集体合同")
    for side in (Side.WORKER, Side.EMPLOYER):
        for i in range(3):
            NegotiatorFactory(org=rights.union_a, contract=draft, side=side, is_chief=i == 0)
    page.goto(f"{base}/rights/contracts/{draft.pk}/")
    start = today - timedelta(days=30)
    open_step(page, "request")
    page.fill("#id_request-requested_on", start.isoformat())
    page.click("[data-testid=step-request] button[type=submit]")
    page.wait_for_selector("text=已办理：记录协商要约")
    open_step(page, "approval")
    page.fill("#id_approval-approved_on", (start + timedelta(days=10)).isoformat())
    page.fill("#id_approval-delegates_total", "30")
    page.fill("#id_approval-delegates_present", "19")
    page.fill("#id_approval-votes_yes", "19")
    page.click("[data-testid=step-approval] button[type=submit]")
    page.wait_for_selector("text=审议无效")
    page.fill("#id_approval-delegates_present", "20")
    page.click("[data-testid=step-approval] button[type=submit]")
    page.wait_for_selector("text=已办理：记录审议表决")
    open_step(page, "sign")
    page.fill("#id_sign-signed_on", (start + timedelta(days=11)).isoformat())
    page.click("[data-testid=step-sign] button[type=submit]")
    page.wait_for_selector("text=已办理：签订")
    open_step(page, "file")
    page.fill("#id_file-filed_on", (start + timedelta(days=12)).isoformat())
    page.click("[data-testid=step-file] button[type=submit]")
    page.wait_for_selector("text=已办理：报送备案")
    effective = start + timedelta(days=27)
    assert page.inner_text("[data-testid=effective]").startswith(f"{effective:%Y-%m-%d}")
    assert page.inner_text("[data-testid=stage]") == "已生效"
    assert no_sideways_scroll(page)
    screenshot(page, "rights-contract")
