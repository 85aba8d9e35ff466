from django.urls import path

from gonghui.unionwork import views

app_name = "unionwork"
urlpatterns = [
    path("", views.index, name="index"),
    # Before "<org_code>/": "me" is the member's own page, never an org's code.
    path("me/", views.my_honours, name="my_honours"),
    path("<str:org_code>/", views.overview, name="overview"),
    path("<str:org_code>/meetings/", views.meeting_list, name="meeting_list"),
    path("<str:org_code>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("<str:org_code>/study/", views.study_list, name="study_list"),
    path("<str:org_code>/study/new/", views.study_create, name="study_create"),
    path("<str:org_code>/honours/", views.honour_list, name="honour_list"),
    path("<str:org_code>/honours/new/", views.honour_create, name="honour_create"),
    path("<str:org_code>/honour-rounds/new/", views.round_create, name="round_create"),
    path("<str:org_code>/news/", views.report_list, name="report_list"),
    path("<str:org_code>/news/new/", views.report_create, name="report_create"),
    path("<str:org_code>/news/incoming/", views.incoming, name="incoming"),
    path("<str:org_code>/board/", views.board, name="board"),
    path("meetings/<uuid:meeting_id>/", views.meeting_detail, name="meeting"),
    path("meetings/<uuid:meeting_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<uuid:meeting_id>/scan/", views.meeting_scan, name="meeting_scan"),
    path("meetings/<uuid:meeting_id>/decisions/new/", views.decision_add, name="decision_add"),
    path("decisions/<uuid:decision_id>/done/", views.decision_done, name="decision_done"),
    path("study/<uuid:studysession_id>/", views.study_detail, name="study"),
    path("study/<uuid:studysession_id>/materials/", views.study_materials, name="study_materials"),
    path("honour-rounds/<uuid:honourround_id>/nominate/", views.nominate, name="nominate"),
    path("honour-rounds/<uuid:honourround_id>/propose/", views.member_nominate, name="member_nominate"),
    path("honour-rounds/<uuid:honourround_id>/colleagues/", views.colleagues, name="colleagues"),
    path("honours/<uuid:honour_id>/", views.honour_detail, name="honour"),
    path("honours/<uuid:honour_id>/object/", views.honour_object, name="honour_object"),
    path("objections/<uuid:honourobjection_id>/answer/", views.objection_answer, name="objection_answer"),
    path("honours/<uuid:honour_id>/decide/", views.honour_decide, name="honour_decide"),
    path("honours/<uuid:honour_id>/publicise/", views.honour_publicise, name="honour_publicise"),
    path("honours/<uuid:honour_id>/award/", views.honour_award, name="honour_award"),
    path("members/<uuid:member_id>/honours/", views.member_honours, name="member_honours"),
    path("news/<uuid:newsreport_id>/", views.report_detail, name="report"),
    path("news/<uuid:newsreport_id>/edit/", views.report_edit, name="report_edit"),
    path("news/<uuid:newsreport_id>/submit/", views.report_submit, name="report_submit"),
    path("news/<uuid:newsreport_id>/adopt/", views.report_adopt, name="report_adopt"),
    path("news/<uuid:newsreport_id>/photo/", views.report_photo, name="report_photo"),
]
