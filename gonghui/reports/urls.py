from django.urls import path

from gonghui.reports import views
from gonghui.reports.assessment import views as assessment
from gonghui.reports.summary import views as summary

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:org_code>/ledgers/", views.ledgers, name="ledgers"),
    path("<str:org_code>/ledgers/build/", views.ledger_build, name="ledger_build"),
    path("<str:org_code>/binder/", views.binder_build, name="binder_build"),
    path("tasks/<uuid:taskprogress_id>/", views.task_page, name="task"),
    path("tasks/<uuid:taskprogress_id>/status/", views.task_status, name="task_status"),
    path("downloads/<uuid:taskprogress_id>/", views.download, name="download"),
    # The year-end summary and the assessment (summary/, assessment/).
    path("summary/", summary.summary_index, name="summary_index"),
    path("assessment/", assessment.assessment_index, name="assessment_index"),
    path("<str:org_code>/summary/", summary.summary_page, name="summary"),
    path("<str:org_code>/summary/save/", summary.summary_save, name="summary_save"),
    path("<str:org_code>/summary.docx", summary.summary_download, name="summary_docx"),
    path("<str:org_code>/assessment/", assessment.home, name="assessment"),
    path("<str:org_code>/rubrics/load/", assessment.rubric_load, name="rubric_load"),
    path("<str:org_code>/rubrics/import/", assessment.rubric_import, name="rubric_import"),
    path("<str:org_code>/rate/", assessment.rate, name="rate"),
    path("rubrics/<uuid:rubric_id>/", assessment.rubric_detail, name="rubric"),
    path("rubrics/<uuid:rubric_id>/copy/", assessment.rubric_copy, name="rubric_copy"),
    path("rubrics/<uuid:rubric_id>/open/", assessment.round_open, name="round_open"),
    path("rounds/<uuid:assessmentround_id>/", assessment.round_detail, name="round"),
    path("rounds/<uuid:assessmentround_id>/publish/", assessment.round_publish, name="round_publish"),
    path("rounds/<uuid:assessmentround_id>/results.xlsx", assessment.round_results, name="round_results"),
    path(
        "rounds/<uuid:assessmentround_id>/designations/",
        assessment.round_designations,
        name="round_designations",
    ),
    path("assessments/<uuid:assessment_id>/", assessment.assessment_detail, name="assessment_detail"),
    path(
        "assessments/<uuid:assessment_id>/refresh/", assessment.assessment_refresh, name="assessment_refresh"
    ),
    path("assessments/<uuid:assessment_id>/submit/", assessment.assessment_submit, name="assessment_submit"),
    path("scores/<uuid:itemscore_id>/self/", assessment.score_self, name="score_self"),
    path("scores/<uuid:itemscore_id>/review/", assessment.score_review, name="score_review"),
    path("scores/<uuid:itemscore_id>/files/", assessment.score_file, name="score_file"),
    path("scores/<uuid:itemscore_id>/evidence/", assessment.score_evidence, name="score_evidence"),
    path("scores/<uuid:itemscore_id>/evidence/open/", assessment.evidence_open, name="evidence_open"),
    path("assessment-files/<uuid:assessmentfile_id>/", assessment.file_download, name="assessment_file"),
]
