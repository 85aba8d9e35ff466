from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "gonghui.rights"
    label = "rights"
    verbose_name = "维权服务"
    # Members see no rights pages: the entry needs VIEW on the org being worked in.
    menu = [("维权服务", "rights:index", "ti-scale", "view")]

    def ready(self):
        from gonghui.rights import hooks

        hooks.register()
