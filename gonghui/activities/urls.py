from django.urls import path

from gonghui.activities import views

app_name = "activities"
urlpatterns = [
    path("", views.index, name="index"),
    path("org/<str:org_code>/", views.activity_list, name="list"),
    path("org/<str:org_code>/calendar/", views.calendar_view, name="calendar"),
    path("org/<str:org_code>/new/", views.create, name="create"),
    path("org/<str:org_code>/ledger.xlsx", views.ledger, name="ledger"),
    path("from-item/<uuid:scheduleitem_id>/", views.create_from_item, name="create_from_item"),
    path("<uuid:activity_id>/", views.detail, name="detail"),
    path("<uuid:activity_id>/link-item/", views.link_item, name="link_item"),
    path("<uuid:activity_id>/edit/", views.edit, name="edit"),
    path("<uuid:activity_id>/roster/", views.roster, name="roster"),
    path("<uuid:activity_id>/sign-up/", views.sign_up_self, name="sign_up_self"),
    path("<uuid:activity_id>/sign-up/members/", views.sign_up_members, name="sign_up_members"),
    path("<uuid:activity_id>/qr/", views.qr_page, name="qr"),
    path("<uuid:activity_id>/qr.svg", views.qr_image, name="qr_image"),
    path("<uuid:activity_id>/scan/", views.scan, name="scan"),
    path("<uuid:activity_id>/sheet/", views.sign_in_sheet, name="sheet"),
    path("<uuid:activity_id>/paper/", views.paper_attendance, name="paper"),
    path("<uuid:activity_id>/photos/", views.upload_photos, name="upload_photos"),
    path("<uuid:activity_id>/files/", views.upload_file, name="upload_file"),
    path("<uuid:activity_id>/record.docx", views.record_docx, name="record_docx"),
    path("<uuid:activity_id>/contests/new/", views.contest_create, name="contest_create"),
    path("attendance/<uuid:attendance_id>/cancel/", views.cancel, name="cancel"),
    path("attendance/<uuid:attendance_id>/check-in/", views.tap_check_in, name="check_in"),
    path("attendance/<uuid:attendance_id>/undo/", views.undo_check_in, name="undo_check_in"),
    path("photos/<uuid:activityphoto_id>/", views.photo, name="photo"),
    path("photos/<uuid:activityphoto_id>/delete/", views.delete_photo, name="delete_photo"),
    path("files/<uuid:activityfile_id>/", views.download_file, name="file"),
    path("contests/<uuid:contest_id>/", views.contest_detail, name="contest"),
    path("contests/<uuid:contest_id>/entrants/", views.add_entrant, name="add_entrant"),
    path("contests/<uuid:contest_id>/results.xlsx", views.contest_export, name="contest_export"),
    path("entrants/<uuid:entrant_id>/result/", views.record_result, name="record_result"),
    path("members/<uuid:member_id>/", views.member_activities, name="member_activities"),
]
