"""Demo data of the reports app, run last of all apps (`manage.py demo`): each step is idempotent."""

from gonghui.reports import demo_evidence

STEPS = [demo_evidence.populate]


def populate(rng):
    for step in STEPS:
        step(rng)
