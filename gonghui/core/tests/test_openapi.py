"""The OpenAPI document is whole: every reference resolves and every route documents its errors."""

import json

import pytest

from gonghui.api import api
from gonghui.core.api_docs import ERROR_CODES

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def document():
    return json.loads(json.dumps(api.get_openapi_schema(), default=str))


def refs(node):
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for value in node.values():
            yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def test_every_reference_resolves(document):
    for ref in set(refs(document)):
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.rsplit("/", 1)[-1] in document["components"]["schemas"], ref


def test_every_operation_documents_the_errors(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            missing = set(ERROR_CODES) - set(operation["responses"])
            assert not missing, f"{method.upper()} {path} does not document {sorted(missing)}"


def test_the_payment_body_inlines_its_method_choices(document):
    body = document["paths"]["/api/dues/members/{member_id}/payments"]["post"]["requestBody"]
    method = body["content"]["application/json"]["schema"]["properties"]["method"]
    assert "$ref" not in json.dumps(method) and "cash" in json.dumps(method)
    responses = document["paths"]["/api/dues/members/{member_id}/payments"]["post"]["responses"]
    assert "409" in responses


def test_a_body_that_is_not_json_is_a_chinese_400(login, world):
    response = login(world.chair_a).patch(
        "/api/plans/items/00000000-0000-0000-0000-000000000000", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert "detail" in response.json() and "Cannot" not in response.json()["detail"]


def test_no_two_schemas_share_a_name(document):
    """The document names schemas by class name: a second `CaseOut` in another app silently
    replaces the first, and clients validate one app's answers against the other's shape."""
    from ninja import Schema

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = {c for c in subclasses(Schema) if c.__module__.startswith("gonghui.")}
    by_name = {}
    for cls in ours:
        by_name.setdefault(cls.__name__, set()).add(cls.__module__)
    shared = {name: sorted(modules) for name, modules in by_name.items() if len(modules) > 1}
    assert shared == {}
