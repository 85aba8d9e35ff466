from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gonghui.core"
    label = "core"
    verbose_name = "基础"
    # "工作台" (home) is the plans dashboard, listed by the plans app.

    def ready(self):
        from gonghui.core import checks  # noqa: F401  (registers the system checks)
        from gonghui.core.masking import mask_audit_fields

        mask_audit_fields()
