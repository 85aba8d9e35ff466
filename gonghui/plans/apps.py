from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "gonghui.plans"
    label = "plans"
    verbose_name = "工作计划"
    menu_position = 0
    menu = [
        ("工作台", "plans:dashboard", "ti-layout-dashboard"),
        ("工作计划", "plans:list", "ti-list-check", "view"),
        ("工作日历", "plans:calendar", "ti-calendar"),
    ]
