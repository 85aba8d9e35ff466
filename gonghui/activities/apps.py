from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "gonghui.activities"
    label = "activities"
    verbose_name = "活动"
    menu = [("活动", "activities:index", "ti-calendar-event")]

    def ready(self):
        from gonghui.activities import planning  # noqa: F401  (registers the calendar and evidence sources)
        from gonghui.members.tabs import MemberTab, register_tab

        register_tab(
            MemberTab(key="activities", label="活动", url_name="activities:member_activities", order=30)
        )
