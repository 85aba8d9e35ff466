from django.urls import path

from gonghui.care import views
from gonghui.care.views import STEP_FORMS

app_name = "care"
urlpatterns = [
    path("", views.index, name="index"),
    path("report/", views.report_own, name="report_own"),
    path("<str:org_code>/", views.overview, name="overview"),
    path("<str:org_code>/visits/", views.visit_list, name="visit_list"),
    path("<str:org_code>/visits/new/", views.visit_create, name="visit_create"),
    path("<str:org_code>/to-visit/", views.to_visit, name="to_visit"),
    path("<str:org_code>/occurrences/new/", views.occurrence_create, name="occurrence_create"),
    path("<str:org_code>/campaigns/", views.campaign_list, name="campaign_list"),
    path("<str:org_code>/campaigns/new/", views.campaign_create, name="campaign_create"),
    path("<str:org_code>/cases/", views.case_list, name="case_list"),
    path("<str:org_code>/cases/new/", views.case_create, name="case_create"),
    path("<str:org_code>/aid/", views.aid_list, name="aid_list"),
    path("<str:org_code>/aid/new/", views.aid_create, name="aid_create"),
    path("<str:org_code>/ledgers/visits/", views.visits_ledger, name="visits_ledger"),
    path("<str:org_code>/ledgers/cases/", views.cases_ledger, name="cases_ledger"),
    path("<str:org_code>/ledgers/aid/", views.aid_ledger, name="aid_ledger"),
    path("ledgers/<uuid:taskprogress_id>/", views.ledger_download, name="ledger_download"),
    path("ledgers/<uuid:taskprogress_id>/progress/", views.ledger_progress, name="ledger_progress"),
    path("visits/<uuid:visit_id>/", views.visit_detail, name="visit"),
    path("visits/<uuid:visit_id>/photo/", views.visit_photo, name="visit_photo"),
    path("occurrences/<uuid:occurrence_id>/close/", views.occurrence_close, name="occurrence_close"),
    path("campaigns/<uuid:campaign_id>/", views.campaign_detail, name="campaign"),
    path("campaign-items/<uuid:campaignitem_id>/tick/", views.campaign_tick, name="campaign_tick"),
    path("cases/<uuid:hardshipcase_id>/", views.case_detail, name="case"),
    path("cases/<uuid:hardshipcase_id>/documents/", views.document_add, name="document_add"),
    path("cases/<uuid:hardshipcase_id>/case-file.docx", views.case_docx, name="case_docx"),
    path("cases/<uuid:hardshipcase_id>/pairings/new/", views.pairing_create, name="pairing_create"),
    path("documents/<uuid:casedocument_id>/", views.document_download, name="document"),
    path("pairings/<uuid:pairing_id>/", views.pairing_detail, name="pairing"),
    path("pairings/<uuid:pairing_id>/end/", views.pairing_end, name="pairing_end"),
    path("members/<uuid:member_id>/visits/", views.member_visits, name="member_visits"),
    path("members/<uuid:member_id>/aid/", views.member_aid, name="member_aid"),
    # One URL per workflow step (care:case_check, care:case_home_visit, ...), all handled by case_step.
    *[
        path(
            f"cases/<uuid:hardshipcase_id>/{step.value.replace('_', '-')}/",
            views.case_step,
            {"step": step},
            name=f"case_{step.value}",
        )
        for step in STEP_FORMS
    ],
]
