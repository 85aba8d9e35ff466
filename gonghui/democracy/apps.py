from django.apps import AppConfig


class DemocracyConfig(AppConfig):
    name = "gonghui.democracy"
    label = "democracy"
    verbose_name = "民主管理"
    menu = [("职代会", "democracy:index", "ti-building-bank")]

    def ready(self):
        from gonghui.democracy import open_affairs, planning  # noqa: F401  (register the calendar and voice sources)
