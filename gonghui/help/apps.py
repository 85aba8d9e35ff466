from django.apps import AppConfig


class HelpConfig(AppConfig):
    name = "gonghui.help"
    label = "help"
    verbose_name = "帮助"
