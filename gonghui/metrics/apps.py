from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "gonghui.metrics"
    label = "metrics"
    verbose_name = "指标"

    def ready(self):
        # Each app registers its KPIs in its own metrics.py; importing them fills the registry.
        from gonghui.core.discovery import app_modules

        list(app_modules("metrics"))
