from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "gonghui.activities"
    label = "activities"
    verbose_name = "活动"
    menu = [("活动", "activities:index", "ti-calendar-event")]
