from django.urls import path

from gonghui.voice import views

app_name = "voice"
urlpatterns = [
    path("", views.index, name="index"),
    path("me/", views.me, name="me"),
    path("me/record/", views.record, name="record"),
    path("me/write/", views.write, name="write"),
    path("me/lookup/", views.lookup, name="lookup"),
    path("<str:org_code>/", views.overview, name="overview"),
    path("<str:org_code>/notices/", views.notice_list, name="notice_list"),
    path("<str:org_code>/notices/new/", views.notice_create, name="notice_create"),
    path("<str:org_code>/plan/", views.plan, name="plan"),
    path("<str:org_code>/suggestions/", views.suggestion_list, name="suggestion_list"),
    path("notices/<uuid:notice_id>/", views.notice_detail, name="notice"),
    path("notices/<uuid:notice_id>/edit/", views.notice_edit, name="notice_edit"),
    path("notices/<uuid:notice_id>/publish/", views.notice_publish, name="notice_publish"),
    path("notices/<uuid:notice_id>/withdraw/", views.notice_withdraw, name="notice_withdraw"),
    path("notices/<uuid:notice_id>/remind/", views.notice_remind, name="notice_remind"),
    path("notices/<uuid:notice_id>/print/", views.notice_print, name="notice_print"),
    path("notices/<uuid:notice_id>/opinions/", views.opinion_add, name="opinion_add"),
    path("attachments/<uuid:noticeattachment_id>/", views.notice_attachment, name="notice_attachment"),
    path("opinions/<uuid:opinion_id>/reply/", views.opinion_reply, name="opinion_reply"),
    path("plan-rules/<uuid:publishingrule_id>/delete/", views.rule_delete, name="rule_delete"),
    path("suggestions/<uuid:suggestion_id>/", views.suggestion_detail, name="suggestion"),
    path("suggestions/<uuid:suggestion_id>/evaluate/", views.suggestion_evaluate, name="suggestion_evaluate"),
    path(
        "suggestions/<uuid:suggestion_id>/implement/", views.suggestion_implement, name="suggestion_implement"
    ),
    path("suggestions/<uuid:suggestion_id>/answer/", views.letter_answer, name="letter_answer"),
    path("suggestions/<uuid:suggestion_id>/rate/", views.suggestion_rate, name="suggestion_rate"),
    path(
        "suggestion-files/<uuid:suggestionattachment_id>/",
        views.suggestion_attachment,
        name="suggestion_attachment",
    ),
]
