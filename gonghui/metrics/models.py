"""Precomputed metric values per org and month, so roll-ups never aggregate raw rows per request."""

from django.db import models


class SnapshotQuerySet(models.QuerySet):
    def for_month(self, month):
        return self.filter(month=month)

    def of_unions_under(self, org):
        return self.filter(org__path__startswith=org.path, org__kind="union")

    def trend(self, org, key, year):
        return self.filter(org=org, metric_key=key, month__year=year).order_by("month")


class MetricSnapshot(models.Model):
    """A metric for one org's subtree, year to date up to the end of `month` (numerator and denominator).

    Derived data, rebuilt wholesale by the snapshot task: not an OrgOwned domain row (no UUID, no audit
    trail), because millions of them are bulk-written and none is ever edited by a person.
    Numerators and denominators are additive across disjoint subtrees, which is what makes the
    roll-up to federations a plain sum.
    """

    org = models.ForeignKey("orgs.Org", on_delete=models.CASCADE, related_name="snapshots")
    metric_key = models.CharField("指标", max_length=80)
    month = models.DateField("月份")  # first day of the month
    numerator = models.FloatField("分子", null=True)
    denominator = models.FloatField("分母", null=True)
    computed_at = models.DateTimeField("计算时间", auto_now=True)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = "指标快照"
        constraints = [
            models.UniqueConstraint(fields=["org", "metric_key", "month"], name="snapshot_unique"),
        ]
        indexes = [models.Index(fields=["metric_key", "month"], name="snapshot_key_month")]

    def __str__(self):
        return f"{self.org_id} {self.metric_key} {self.month:%Y-%m}"

    @property
    def value(self):
        """Percent for rates (denominator set), the count itself otherwise; None when there is no data."""
        if self.denominator is None:
            return self.numerator
        if not self.denominator:
            return None
        return round(self.numerator * 100 / self.denominator, 1)
