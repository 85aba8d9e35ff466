from django.apps import AppConfig


class DuesConfig(AppConfig):
    name = "gonghui.dues"
    label = "dues"
    verbose_name = "会费"
    menu = [("会费管理", "dues:index", "ti-coin-yuan", "view")]

    def ready(self):
        from gonghui.members.tabs import MemberTab, register_tab

        register_tab(MemberTab(key="dues", label="会费", url_name="dues:member_tab", order=20))
