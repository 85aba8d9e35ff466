"""Reports API: the registries as data (evidence types, ledgers with their counts)."""

from ninja import Router, Schema

from gonghui.reports import registry

router = Router(tags=["台帐与总结"])


class EvidenceTypeOut(Schema):
    key: str
    label: str


@router.get("/evidence-types", response=list[EvidenceTypeOut])
def evidence_types(request):
    return [EvidenceTypeOut(key=kind.key, label=kind.label) for kind in registry.evidence_types()]


# The year-end summary's figures and the assessment (reports/assessment/api.py).
from gonghui.reports.assessment.api import router as _assessment_router  # noqa: E402

router.add_router("", _assessment_router)
