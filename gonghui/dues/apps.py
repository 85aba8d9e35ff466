from django.apps import AppConfig


class DuesConfig(AppConfig):
    name = "gonghui.dues"
    label = "dues"
    verbose_name = "会费"
    menu = [("会费管理", "dues:index", "ti-coin-yuan")]
