from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "gonghui.rights"
    label = "rights"
    verbose_name = "维权服务"
    menu = [("维权服务", "rights:index", "ti-scale")]

    def ready(self):
        from gonghui.rights import hooks

        hooks.register()
