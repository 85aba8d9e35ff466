"""Reports keeps no rows of its own for ledgers and binders: they are built from the modules' records
(registry.py) and handed out through core TaskProgress. The year-end summary and the assessment add
their models here."""

# The assessment's and the summary's models live beside their code; imported here so Django finds them.
from gonghui.reports.assessment.models import *  # noqa: E402, F403
from gonghui.reports.summary.models import *  # noqa: E402, F403
