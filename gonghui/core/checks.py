"""System checks for settings that 等保 2.0 level 2 fixes a floor for (docs/operator/等保.md)."""

from django.conf import settings
from django.core.checks import Error, register

AUDIT_KEEP_MIN_DAYS = 183  # six months


@register()
def audit_retention(app_configs=None, **kwargs):
    if settings.GONGHUI_AUDIT_KEEP_DAYS < AUDIT_KEEP_MIN_DAYS:
        return [
            Error(
                f"GONGHUI_AUDIT_KEEP_DAYS={settings.GONGHUI_AUDIT_KEEP_DAYS}：审计记录至少保留 6 个月"
                f"（{AUDIT_KEEP_MIN_DAYS} 天），等保 2.0 二级的要求。",
                id="gonghui.E001",
            )
        ]
    return []
