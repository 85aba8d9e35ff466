from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gonghui.reports"
    label = "reports"
    verbose_name = "台帐与总结"
    menu = [
        ("台帐", "reports:index", "ti-books"),
        ("年度总结", "reports:summary_index", "ti-file-text"),
        ("考核", "reports:assessment_index", "ti-award"),
    ]

    def ready(self):
        # Each app registers its evidence types and ledgers in its own reports.py; importing them
        # fills the registries (gonghui/reports/registry.py).
        from gonghui.core.discovery import app_modules

        list(app_modules("reports"))
