"""Demo data of the reports app, run last of all apps (`manage.py demo`): each step is idempotent."""

from gonghui.reports import demo_evidence
from gonghui.reports.assessment import demo as assessment_demo

# The assessment comes after the evidence: its automatic items are scored from the demo's records.
STEPS = [demo_evidence.populate, assessment_demo.populate]


def populate(rng):
    for step in STEPS:
        step(rng)
