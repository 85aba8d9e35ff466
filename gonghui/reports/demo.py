"""Demo data for reports: each part adds its own call here."""

from gonghui.reports.assessment import demo as assessment_demo


def populate(rng):
    assessment_demo.populate(rng)
