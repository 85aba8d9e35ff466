from django.urls import path

from gonghui.rights import views

app_name = "rights"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:org_code>/", views.overview, name="overview"),
    path("<str:org_code>/committee/new/", views.seat_add, name="seat_add"),
    path("<str:org_code>/cases/new/", views.case_create, name="case_create"),
    path("<str:org_code>/petitions/", views.petition_list, name="petition_list"),
    path("<str:org_code>/petitions/new/", views.petition_create, name="petition_create"),
    path("<str:org_code>/contracts/new/", views.contract_create, name="contract_create"),
    path("<str:org_code>/women/", views.women, name="women"),
    path("<str:org_code>/women/new/", views.care_create, name="care_create"),
    path("<str:org_code>/checks/new/", views.campaign_create, name="campaign_create"),
    path("committee/<uuid:committeemember_id>/remove/", views.seat_remove, name="seat_remove"),
    path("cases/<uuid:disputecase_id>/", views.case_detail, name="case"),
    path("cases/<uuid:disputecase_id>/agreement.docx", views.agreement_docx, name="agreement_docx"),
    path("petitions/<uuid:petition_id>/", views.petition_detail, name="petition"),
    path("contracts/<uuid:collectivecontract_id>/", views.contract_detail, name="contract"),
    path("contracts/<uuid:collectivecontract_id>/text/", views.contract_text, name="contract_text"),
    path("women/<uuid:carerecord_id>/", views.care_detail, name="care"),
    path("checks/<uuid:checkcampaign_id>/", views.campaign_detail, name="campaign"),
    path("check-results/<uuid:healthcheck_id>/", views.check_set, name="check_set"),
    # One URL per workflow step (rights:case_accept, rights:contract_sign, ...).
    *[
        path(
            f"cases/<uuid:disputecase_id>/{step.replace('_', '-')}/",
            views.case_step,
            {"step": step},
            name=f"case_{step}",
        )  # fmt: skip
        for step in views.CASE_STEPS
    ],
    *[
        path(
            f"contracts/<uuid:collectivecontract_id>/{step}/",
            views.contract_step,
            {"step": step},
            name=f"contract_{step}",
        )  # fmt: skip
        for step in views.CONTRACT_STEPS
    ],
]
