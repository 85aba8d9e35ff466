from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "gonghui.care"
    label = "care"
    verbose_name = "关爱帮扶"
    menu = [("关爱帮扶", "care:index", "ti-heart-handshake")]

    def ready(self):
        from gonghui.care import hooks

        hooks.register()
