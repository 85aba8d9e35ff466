"""The OpenAPI document tells the truth: request bodies a route parses itself, and every error reply.

Routes that check access before reading the body (so a stranger learns nothing from a 422) declare
the body with `json_body(Schema)`. Every operation documents the JSON errors the API answers with
(gonghui/api.py's handlers: 400, 401, 403, 404, 422; a route that may
answer 409 declares it), so a client generator and schemathesis
know their shape.
"""

from ninja import Schema

ERROR_CODES = {
    "400": "请求无法解析",
    "401": "未登录或令牌无效",
    "403": "没有权限，或缺少 CSRF 令牌",
    "404": "找不到该记录，或无权查看",
    "422": "请求数据不正确",
}


class ErrorOut(Schema):
    detail: str
    errors: list[dict] | None = None


def json_body(schema) -> dict:
    """`openapi_extra` declaring a JSON request body the route parses itself, after access checks."""
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": _inline(schema)}}}}


def _inline(schema) -> dict:
    # A path item cannot follow pydantic's local "#/$defs/…" (it resolves from the document root,
    # where there are none): inline them.
    found = schema.model_json_schema()
    defs = found.pop("$defs", {})

    def resolve(node):
        if isinstance(node, dict):
            if "$ref" in node:
                return resolve(defs[node["$ref"].rsplit("/", 1)[-1]])
            return {k: resolve(v) for k, v in node.items()}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    return resolve(found)


def document_errors(document: dict) -> dict:
    """Add the error replies to every operation of an OpenAPI document that does not declare its own."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas["ErrorOut"] = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    for path in document.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_CODES.items():
                responses.setdefault(code, {"description": description, "content": error})
    return document
