from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gonghui.reports"
    label = "reports"
    verbose_name = "台帐与总结"
    menu = [
        # Ledgers and the summary are the officers' (a member is refused them); 考核 leads members to 会员评家.
        ("台帐", "reports:index", "ti-books", "view"),
        ("年度总结", "reports:summary_index", "ti-file-text", "view"),
        ("考核", "reports:assessment_index", "ti-award"),
    ]

    def ready(self):
        # Each app registers its evidence types and ledgers in its own reports.py; importing them
        # fills the registries (gonghui/reports/registry.py).
        from gonghui.core.discovery import app_modules

        list(app_modules("reports"))
