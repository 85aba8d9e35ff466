"""The prose a union writes into its year-end summary; the figures are never stored, only recomputed."""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models

from gonghui.core.models import OrgOwned


class SummaryText(OrgOwned):
    """The edited prose of one org's summary for one year: {part: text}, parts as in summary.PROSE_PARTS."""

    year = models.PositiveSmallIntegerField("年度")
    texts = models.JSONField("文字部分", default=dict, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "年度总结文字"
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="summary_text_one_per_year")]

    def __str__(self):
        return f"{self.org} {self.year}年工作总结"


auditlog.register(SummaryText)
