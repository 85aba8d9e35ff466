from django.apps import AppConfig


class UnionworkConfig(AppConfig):
    name = "gonghui.unionwork"
    label = "unionwork"
    verbose_name = "工会自身建设"
    menu = [("会议学习表彰", "unionwork:index", "ti-notebook", "view")]

    def ready(self):
        from gonghui.members.tabs import MemberTab, register_tab
        from gonghui.unionwork import planning  # noqa: F401  (registers the calendar source)

        register_tab(MemberTab(key="honours", label="荣誉", url_name="unionwork:member_honours", order=60))
