#!/usr/bin/env python3
# check-openapi.py
#
# Copyright 2026 The AIVO Studio Authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks the structure of the AIVO OpenAPI document (data/openapi/aivo-v1.json)
# against the rules of the HTTP contract (API.md) and prints TAP.
#
# Usage: check-openapi.py [path/to/aivo-v1.json]

import json
import os
import re
import sys
from datetime import date, datetime

SCOPES = [
    "calls:read", "calls:write", "knowledge:read", "knowledge:write",
    "appointments:read", "appointments:write", "contacts:read", "contacts:write",
    "account:read", "account:write", "webhooks:manage",
]

ERROR_CODES = {
    "invalid_json", "invalid_request", "unauthorized", "insufficient_scope", "not_found",
    "method_not_allowed", "key_limit_reached", "conflict", "payload_too_large",
    "unsupported_media_type", "validation_failed", "rate_limited",
}

ACCOUNT_TOKEN = "account-token"
NO_CREDENTIAL = None
OPENAPI_PATH = "/v1/openapi.json"
KEY_PATH_PREFIX = "/v1/api-keys"

# Every route of API.md and what it needs: a scope, the account token, or nothing.
# Kept here (not read from the document) so that a route added, dropped or
# given the wrong scope in the document is caught.
EXPECTED_ROUTES = {
    ("get", "/v1/api-keys"): ACCOUNT_TOKEN,
    ("post", "/v1/api-keys"): ACCOUNT_TOKEN,
    ("get", "/v1/api-keys/{id}"): ACCOUNT_TOKEN,
    ("patch", "/v1/api-keys/{id}"): ACCOUNT_TOKEN,
    ("delete", "/v1/api-keys/{id}"): ACCOUNT_TOKEN,
    ("post", "/v1/api-keys/{id}/rotate"): ACCOUNT_TOKEN,
    ("get", "/v1/account"): "account:read",
    ("patch", "/v1/account"): "account:write",
    ("get", "/v1/team-members"): "account:read",
    ("post", "/v1/team-members"): "account:write",
    ("delete", "/v1/team-members/{id}"): "account:write",
    ("get", "/v1/calls"): "calls:read",
    ("post", "/v1/calls"): "calls:write",
    ("get", "/v1/calls/{id}"): "calls:read",
    ("get", "/v1/calls/{id}/transcript"): "calls:read",
    ("get", "/v1/analytics/calls"): "calls:read",
    ("get", "/v1/call-settings"): "calls:read",
    ("patch", "/v1/call-settings"): "calls:write",
    ("get", "/v1/knowledge/articles"): "knowledge:read",
    ("post", "/v1/knowledge/articles"): "knowledge:write",
    ("get", "/v1/knowledge/articles/{id}"): "knowledge:read",
    ("patch", "/v1/knowledge/articles/{id}"): "knowledge:write",
    ("delete", "/v1/knowledge/articles/{id}"): "knowledge:write",
    ("get", "/v1/appointments"): "appointments:read",
    ("post", "/v1/appointments"): "appointments:write",
    ("get", "/v1/appointments/{id}"): "appointments:read",
    ("patch", "/v1/appointments/{id}"): "appointments:write",
    ("post", "/v1/appointments/{id}/cancel"): "appointments:write",
    ("get", "/v1/contacts"): "contacts:read",
    ("post", "/v1/contacts"): "contacts:write",
    ("get", "/v1/contacts/{id}"): "contacts:read",
    ("patch", "/v1/contacts/{id}"): "contacts:write",
    ("delete", "/v1/contacts/{id}"): "contacts:write",
    ("get", "/v1/webhooks"): "webhooks:manage",
    ("post", "/v1/webhooks"): "webhooks:manage",
    ("get", "/v1/webhooks/{id}"): "webhooks:manage",
    ("delete", "/v1/webhooks/{id}"): "webhooks:manage",
    ("get", OPENAPI_PATH): NO_CREDENTIAL,
}

# Collections that are not paginated (API.md: keys and team members).
UNPAGINATED_LISTS = {"/v1/api-keys", "/v1/team-members"}

RATE_LIMIT_HEADERS = ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset",
                      "RateLimit-Policy", "RateLimit"]

# The repository's secret scanner flags this shape; the document must never
# contain it, not even in an example.
CREDENTIAL_RE = re.compile(r"aivo_(live|test|acct)_[0-9A-Za-z]{8}_[0-9A-Za-z]{38}")

HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
OPERATION_ID_RE = re.compile(r"^[a-z][a-zA-Z0-9]*$")
MAX_DIAGNOSTICS = 15


class Document:
    def __init__(self, text, doc):
        self.text = text
        self.doc = doc

    def pointer(self, ref):
        """Resolves a local JSON reference; raises KeyError when it does not."""
        if not isinstance(ref, str) or not ref.startswith("#"):
            raise KeyError(f"{ref!r} is not a local reference")
        node = self.doc
        if ref in ("#", "#/"):
            return node
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                raise KeyError(f"{ref} does not resolve")
        return node

    def deref(self, node, depth=0):
        """Follows $ref chains of Reference Objects (parameters, responses, ...)."""
        while isinstance(node, dict) and "$ref" in node:
            if depth > 32:
                raise KeyError("$ref loop")
            node = self.pointer(node["$ref"])
            depth += 1
        return node

    def operations(self):
        paths = self.doc.get("paths")
        if not isinstance(paths, dict):
            return
        for path, item in paths.items():
            if not isinstance(item, dict):
                continue
            for method in HTTP_METHODS:
                if isinstance(item.get(method), dict):
                    yield method, path, item, item[method]

    def parameters(self, item, op):
        params = []
        for p in list(item.get("parameters", [])) + list(op.get("parameters", [])):
            try:
                params.append(self.deref(p))
            except KeyError:
                pass
        return params

    def responses(self, op):
        """(status, response object) pairs, with references resolved."""
        responses = op.get("responses")
        if not isinstance(responses, dict):
            return
        for status, response in responses.items():
            try:
                yield str(status), self.deref(response)
            except KeyError:
                yield str(status), {}


# ---------------------------------------------------------------- schema validator

# Keywords the validator understands, and annotations it may ignore. Anything
# else makes a schema fail: an example is only trusted when every rule of its
# schema was actually checked.
VALIDATED_KEYWORDS = {
    "$ref", "type", "enum", "const", "properties", "required", "additionalProperties",
    "minProperties", "maxProperties", "items", "minItems", "maxItems", "uniqueItems",
    "minLength", "maxLength", "pattern", "format", "minimum", "maximum",
    "exclusiveMinimum", "exclusiveMaximum", "allOf", "anyOf", "oneOf",
}
ANNOTATIONS = {"description", "title", "summary", "default", "examples", "example",
               "readOnly", "writeOnly", "deprecated"}

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def json_type(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "unknown"


def type_matches(value, wanted):
    actual = json_type(value)
    return actual == wanted or (wanted == "number" and actual == "integer")


def json_equal(a, b):
    # Python's True == 1; JSON's does not.
    return json_type(a) == json_type(b) and json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def format_ok(value, fmt):
    if fmt == "date":
        if not DATE_RE.match(value):
            return False
        try:
            date.fromisoformat(value)
        except ValueError:
            return False
        return True
    if fmt == "date-time":
        if not DATE_TIME_RE.match(value):
            return False
        try:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return False
        return True
    if fmt == "email":
        return value.count("@") == 1 and not value.startswith("@") and not value.endswith("@")
    if fmt == "uri":
        return re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$", value) is not None
    return True  # unknown formats are annotations in JSON Schema 2020-12


class Validator:
    def __init__(self, document):
        self.document = document

    def declared(self, schema, depth=0):
        """Property names a schema declares, including through allOf."""
        schema = self.document.deref(schema)
        if not isinstance(schema, dict) or depth > 32:
            return set()
        names = set(schema.get("properties", {}))
        for sub in schema.get("allOf", []):
            names |= self.declared(sub, depth + 1)
        return names

    def validate(self, value, schema, where, extra_declared=frozenset(), depth=0):
        """Returns a list of problems; empty when value matches schema."""
        if depth > 64:
            return [f"{where}: schema nests too deeply"]
        if schema is True or schema == {}:
            return []
        if schema is False:
            return [f"{where}: no value is allowed here"]
        if not isinstance(schema, dict):
            return [f"{where}: schema is not an object"]
        problems = []
        unknown = set(schema) - VALIDATED_KEYWORDS - ANNOTATIONS
        if unknown:
            problems.append(f"{where}: schema uses keywords the checker cannot validate: {sorted(unknown)}")
        if "$ref" in schema:
            try:
                target = self.document.pointer(schema["$ref"])
            except KeyError as e:
                return problems + [f"{where}: {e}"]
            problems += self.validate(value, target, where, extra_declared, depth + 1)
            rest = {k: v for k, v in schema.items() if k != "$ref"}
            if set(rest) - ANNOTATIONS:
                problems += self.validate(value, rest, where, extra_declared, depth + 1)
            return problems

        types = schema.get("type")
        if types is not None:
            types = types if isinstance(types, list) else [types]
            if not any(type_matches(value, t) for t in types):
                return problems + [f"{where}: {json_type(value)} is not of type {'/'.join(types)}"]
        if "enum" in schema and not any(json_equal(value, e) for e in schema["enum"]):
            problems.append(f"{where}: {value!r} is not one of {schema['enum']}")
        if "const" in schema and not json_equal(value, schema["const"]):
            problems.append(f"{where}: {value!r} is not {schema['const']!r}")

        if isinstance(value, str):
            if "minLength" in schema and len(value) < schema["minLength"]:
                problems.append(f"{where}: shorter than {schema['minLength']} characters")
            if "maxLength" in schema and len(value) > schema["maxLength"]:
                problems.append(f"{where}: longer than {schema['maxLength']} characters")
            if "pattern" in schema:
                try:
                    if not re.search(schema["pattern"], value):
                        problems.append(f"{where}: {value!r} does not match {schema['pattern']}")
                except re.error as e:
                    problems.append(f"{where}: bad pattern {schema['pattern']!r}: {e}")
            if "format" in schema and not format_ok(value, schema["format"]):
                problems.append(f"{where}: {value!r} is not a valid {schema['format']}")

        if json_type(value) in ("integer", "number"):
            if "minimum" in schema and value < schema["minimum"]:
                problems.append(f"{where}: {value} is below the minimum {schema['minimum']}")
            if "maximum" in schema and value > schema["maximum"]:
                problems.append(f"{where}: {value} is above the maximum {schema['maximum']}")
            if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
                problems.append(f"{where}: {value} is not above {schema['exclusiveMinimum']}")
            if "exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"]:
                problems.append(f"{where}: {value} is not below {schema['exclusiveMaximum']}")

        if isinstance(value, list):
            if "minItems" in schema and len(value) < schema["minItems"]:
                problems.append(f"{where}: fewer than {schema['minItems']} items")
            if "maxItems" in schema and len(value) > schema["maxItems"]:
                problems.append(f"{where}: more than {schema['maxItems']} items")
            if schema.get("uniqueItems"):
                seen = [json.dumps(v, sort_keys=True) + json_type(v) for v in value]
                if len(set(seen)) != len(seen):
                    problems.append(f"{where}: items are not unique")
            if "items" in schema:
                for i, item in enumerate(value):
                    problems += self.validate(item, schema["items"], f"{where}[{i}]", depth=depth + 1)

        if isinstance(value, dict):
            props = schema.get("properties", {})
            for name in schema.get("required", []):
                if name not in value:
                    problems.append(f"{where}: required property {name!r} is missing")
            if "minProperties" in schema and len(value) < schema["minProperties"]:
                problems.append(f"{where}: fewer than {schema['minProperties']} properties")
            if "maxProperties" in schema and len(value) > schema["maxProperties"]:
                problems.append(f"{where}: more than {schema['maxProperties']} properties")
            for name, sub in props.items():
                if name in value:
                    problems += self.validate(value[name], sub, f"{where}.{name}", depth=depth + 1)
            extras = [k for k in value if k not in props]
            additional = schema.get("additionalProperties")
            if additional is False:
                for k in extras:
                    problems.append(f"{where}: property {k!r} is not allowed")
            elif isinstance(additional, dict):
                for k in extras:
                    problems += self.validate(value[k], additional, f"{where}.{k}", depth=depth + 1)
            elif props or "allOf" in schema:
                # Open schemas accept anything, but an example should only
                # show documented fields: a misspelt one is a doc bug.
                known = self.declared(schema) | set(extra_declared)
                for k in value:
                    if k not in known:
                        problems.append(f"{where}: property {k!r} is not documented")

        if "allOf" in schema:
            siblings = self.declared(schema) | set(extra_declared)
            for i, sub in enumerate(schema["allOf"]):
                problems += self.validate(value, sub, where, siblings, depth + 1)
        for keyword in ("anyOf", "oneOf"):
            if keyword in schema:
                passing = sum(1 for sub in schema[keyword] if not self.validate(value, sub, where, depth=depth + 1))
                if passing == 0 or (keyword == "oneOf" and passing != 1):
                    problems.append(f"{where}: matches {passing} of the {keyword} alternatives")
        return problems


# ---------------------------------------------------------------- checks

CHECKS = []


def check(description):
    def register(function):
        CHECKS.append((description, function))
        return function
    return register


def walk(node, where="#"):
    """Yields (json pointer, node) for every value in the document."""
    yield where, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, f"{where}/{str(key).replace('~', '~0').replace('/', '~1')}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, f"{where}/{i}")


def route(method, path):
    return f"{method.upper()} {path}"


def is_key_management(path):
    return path == KEY_PATH_PREFIX or path.startswith(KEY_PATH_PREFIX + "/")


@check("the document is OpenAPI 3.1.0 with title, version, description and the sandbox server")
def check_info(d):
    doc = d.doc
    problems = []
    if doc.get("openapi") != "3.1.0":
        problems.append(f"openapi is {doc.get('openapi')!r}, not '3.1.0'")
    info = doc.get("info", {})
    if info.get("title") != "AIVO API":
        problems.append("info.title is not 'AIVO API'")
    if info.get("version") != "1.0.0":
        problems.append("info.version is not '1.0.0'")
    description = info.get("description", "")
    for word in ("Authorization: Bearer", "Retry-After", "X-RateLimit-Limit", "insufficient_scope", "aivo-sandbox"):
        if word not in description:
            problems.append(f"info.description does not mention {word}")
    servers = doc.get("servers")
    if not isinstance(servers, list) or not servers or servers[0].get("url") != "http://127.0.0.1:8080":
        problems.append("servers[0].url is not http://127.0.0.1:8080")
    elif any("variables" in s for s in servers):
        problems.append("servers use variables")
    return problems


@check("the file is UTF-8 JSON pretty-printed with 2-space indentation")
def check_format(d):
    expected = json.dumps(d.doc, indent=2, ensure_ascii=False) + "\n"
    if d.text == expected:
        return []
    for number, (got, want) in enumerate(zip(d.text.splitlines(), expected.splitlines()), 1):
        if got != want:
            return [f"line {number} differs from the canonical form: {got.strip()[:60]!r}"]
    return ["the file differs from the canonical form at its end (one trailing newline expected)"]


@check("every $ref resolves")
def check_refs(d):
    problems = []
    for where, node in walk(d.doc):
        if isinstance(node, dict) and "$ref" in node:
            try:
                d.pointer(node["$ref"])
            except KeyError as e:
                problems.append(f"{where}: {e}")
    return problems


@check("the operations are exactly the routes of API.md")
def check_routes(d):
    found = {(method, path) for method, path, _, _ in d.operations()}
    problems = [f"missing: {route(*r)}" for r in sorted(set(EXPECTED_ROUTES) - found)]
    problems += [f"not in API.md: {route(*r)}" for r in sorted(found - set(EXPECTED_ROUTES))]
    return problems


@check("every operation has a unique camelCase operationId")
def check_operation_ids(d):
    problems = []
    seen = {}
    for method, path, _, op in d.operations():
        op_id = op.get("operationId")
        if not isinstance(op_id, str) or not OPERATION_ID_RE.match(op_id):
            problems.append(f"{route(method, path)}: operationId {op_id!r} is not camelCase")
        elif op_id in seen:
            problems.append(f"{route(method, path)}: operationId {op_id} also used by {seen[op_id]}")
        else:
            seen[op_id] = route(method, path)
    return problems


@check("every operation has a summary, a description and one declared tag")
def check_docs(d):
    problems = []
    declared = {}
    for tag in d.doc.get("tags", []):
        if not tag.get("description"):
            problems.append(f"tag {tag.get('name')!r} has no description")
        declared[tag.get("name")] = 0
    for method, path, _, op in d.operations():
        where = route(method, path)
        if not isinstance(op.get("summary"), str) or not op["summary"].strip():
            problems.append(f"{where}: no summary")
        if not isinstance(op.get("description"), str) or len(op["description"].strip()) < 20:
            problems.append(f"{where}: no description of a sentence or more")
        tags = op.get("tags")
        if not isinstance(tags, list) or len(tags) != 1:
            problems.append(f"{where}: does not have exactly one tag")
        elif tags[0] not in declared:
            problems.append(f"{where}: tag {tags[0]!r} is not declared at the top level")
        else:
            declared[tags[0]] += 1
    problems += [f"tag {name!r} is declared but unused" for name, uses in declared.items() if uses == 0]
    return problems


@check("every operation has a 2xx response")
def check_success(d):
    problems = []
    for method, path, _, op in d.operations():
        if not any(status.startswith("2") for status, _ in d.responses(op)):
            problems.append(f"{route(method, path)}: no 2xx response")
    return problems


@check("every response carries the rate-limit headers (and Retry-After on 429, WWW-Authenticate on 401)")
def check_headers(d):
    problems = []
    for method, path, _, op in d.operations():
        for status, response in d.responses(op):
            wanted = list(RATE_LIMIT_HEADERS)
            if status == "429":
                wanted.append("Retry-After")
            if status == "401":
                wanted.append("WWW-Authenticate")
            headers = response.get("headers", {})
            for name in wanted:
                if name not in headers:
                    problems.append(f"{route(method, path)} {status}: no {name} header")
                    continue
                try:
                    header = d.deref(headers[name])
                except KeyError:
                    header = {}
                if "schema" not in header:
                    problems.append(f"{route(method, path)} {status}: header {name} has no schema")
    return problems


@check("every operation that takes a credential documents 401, 403 and 429; openapi.json documents 429")
def check_auth_errors(d):
    problems = []
    for method, path, _, op in d.operations():
        statuses = {status for status, _ in d.responses(op)}
        wanted = {"429"} if path == OPENAPI_PATH else {"401", "403", "429"}
        for status in sorted(wanted - statuses):
            problems.append(f"{route(method, path)}: no {status} response")
    return problems


@check("resource operations need exactly the scope API.md gives (x-required-scope and security agree)")
def check_scopes(d):
    problems = []
    for method, path, _, op in d.operations():
        if is_key_management(path) or path == OPENAPI_PATH:
            continue
        where = route(method, path)
        scope = op.get("x-required-scope")
        if scope not in SCOPES:
            problems.append(f"{where}: x-required-scope {scope!r} is not one of the 11 scopes")
            continue
        if op.get("security") != [{"bearerAuth": [scope]}]:
            problems.append(f"{where}: security {op.get('security')!r} does not require bearerAuth with {scope}")
        expected = EXPECTED_ROUTES.get((method, path))
        if expected is not None and expected != scope:
            problems.append(f"{where}: needs {expected} in API.md, not {scope}")
        if "x-required-credential" in op:
            problems.append(f"{where}: a resource operation must not require the account token")
    return problems


@check("key-management operations require the account token and no scope")
def check_key_management(d):
    problems = []
    for method, path, _, op in d.operations():
        where = route(method, path)
        if not is_key_management(path):
            if "x-required-credential" in op:
                problems.append(f"{where}: x-required-credential outside {KEY_PATH_PREFIX}")
            continue
        if op.get("x-required-credential") != ACCOUNT_TOKEN:
            problems.append(f"{where}: x-required-credential is not {ACCOUNT_TOKEN!r}")
        if "x-required-scope" in op:
            problems.append(f"{where}: has an x-required-scope")
        if op.get("security") != [{"bearerAuth": []}]:
            problems.append(f"{where}: security is not [{{bearerAuth: []}}]")
    return problems


@check("/v1/openapi.json needs no credential")
def check_openapi_route(d):
    op = d.doc.get("paths", {}).get(OPENAPI_PATH, {}).get("get")
    if not isinstance(op, dict):
        return [f"GET {OPENAPI_PATH} is missing"]
    problems = []
    if op.get("security") != []:
        problems.append("security is not []")
    for key in ("x-required-scope", "x-required-credential"):
        if key in op:
            problems.append(f"has {key}")
    if "401" in op.get("responses", {}):
        problems.append("documents a 401 though it needs no credential")
    return problems


@check("request bodies are closed JSON object schemas and their operations document 400, 413, 415 and 422")
def check_request_bodies(d):
    problems = []
    for method, path, _, op in d.operations():
        where = route(method, path)
        if "requestBody" not in op:
            if method == "patch":
                problems.append(f"{where}: a PATCH without a request body")
            continue
        try:
            body = d.deref(op["requestBody"])
            content = body.get("content", {})
            if list(content) != ["application/json"]:
                problems.append(f"{where}: request body is not only application/json")
            schema = d.deref(content.get("application/json", {}).get("schema", {}))
        except KeyError as e:
            problems.append(f"{where}: {e}")
            continue
        if schema.get("type") != "object":
            problems.append(f"{where}: request body schema is not an object")
        if schema.get("additionalProperties") is not False:
            problems.append(f"{where}: request body schema does not set additionalProperties: false")
        for name in schema.get("required", []):
            if name not in schema.get("properties", {}):
                problems.append(f"{where}: required field {name!r} is not a property")
        statuses = {status for status, _ in d.responses(op)}
        for status in ("400", "413", "415", "422"):
            if status not in statuses:
                problems.append(f"{where}: takes a body but has no {status} response")
    return problems


def is_list_operation(d, method, path, op):
    if method != "get":
        return False
    if str(op.get("operationId", "")).startswith("list") and path not in UNPAGINATED_LISTS:
        return True
    for status, response in d.responses(op):
        if status.startswith("2"):
            try:
                schema = d.deref(response.get("content", {}).get("application/json", {}).get("schema", {}))
            except KeyError:
                continue
            if "has_more" in schema.get("properties", {}):
                return True
    return False


@check("list operations take limit (1-100, default 20) and starting_after, and document 400")
def check_lists(d):
    problems = []
    lists = 0
    for method, path, item, op in d.operations():
        if not is_list_operation(d, method, path, op):
            continue
        lists += 1
        where = route(method, path)
        params = {(p.get("in"), p.get("name")): p for p in d.parameters(item, op)}
        limit = params.get(("query", "limit"))
        if limit is None:
            problems.append(f"{where}: no limit parameter")
        else:
            schema = limit.get("schema", {})
            if (schema.get("type"), schema.get("minimum"), schema.get("maximum"), schema.get("default")) != ("integer", 1, 100, 20):
                problems.append(f"{where}: limit is not an integer 1-100 with default 20")
        after = params.get(("query", "starting_after"))
        if after is None:
            problems.append(f"{where}: no starting_after parameter")
        elif after.get("schema", {}).get("type") != "string":
            problems.append(f"{where}: starting_after is not a string")
        if "400" not in op.get("responses", {}):
            problems.append(f"{where}: no 400 for a malformed limit or unknown starting_after")
    if lists == 0:
        problems.append("no list operations found")
    return problems


@check("parameters: path parameters are declared, required and patterned; analytics dates are dates")
def check_parameters(d):
    problems = []
    for method, path, item, op in d.operations():
        where = route(method, path)
        params = d.parameters(item, op)
        in_path = set(re.findall(r"\{([^}]+)\}", path))
        declared = {p.get("name"): p for p in params if p.get("in") == "path"}
        for name in sorted(in_path - set(declared)):
            problems.append(f"{where}: path parameter {name} is not declared")
        for name in sorted(set(declared) - in_path):
            problems.append(f"{where}: declares path parameter {name} that is not in the path")
        for name, p in declared.items():
            if p.get("required") is not True:
                problems.append(f"{where}: path parameter {name} is not required")
            if not p.get("schema", {}).get("pattern"):
                problems.append(f"{where}: path parameter {name} has no pattern")
        for p in params:
            if not p.get("description"):
                problems.append(f"{where}: parameter {p.get('name')} has no description")
    analytics = d.doc.get("paths", {}).get("/v1/analytics/calls", {}).get("get")
    if isinstance(analytics, dict):
        params = {p.get("name"): p for p in d.parameters({}, analytics) if p.get("in") == "query"}
        for name in ("from", "to"):
            schema = params.get(name, {}).get("schema", {})
            if schema.get("type") != "string" or schema.get("format") != "date":
                problems.append(f"GET /v1/analytics/calls: {name} is not a query parameter of format date")
    return problems


@check("request bodies and success responses with a body have an example")
def check_examples_present(d):
    problems = []
    for method, path, _, op in d.operations():
        where = route(method, path)
        media = []
        if "requestBody" in op:
            try:
                media.append(("request body", d.deref(op["requestBody"]).get("content", {})))
            except KeyError:
                pass
        for status, response in d.responses(op):
            if status.startswith("2"):
                media.append((status, response.get("content", {})))
        for label, content in media:
            for media_type, m in content.items():
                if "example" not in m and not m.get("examples"):
                    problems.append(f"{where} {label} ({media_type}): no example")
    return problems


def examples_in(d):
    """Yields (where, value, schema) for every example in the document."""
    def visit(node, where):
        if isinstance(node, dict):
            schema = node.get("schema")
            if isinstance(schema, dict):
                if "example" in node:
                    yield f"{where}/example", node["example"], schema
                if isinstance(node.get("examples"), dict):
                    for name, example in node["examples"].items():
                        try:
                            example = d.deref(example)
                        except KeyError:
                            continue
                        if isinstance(example, dict) and "value" in example:
                            yield f"{where}/examples/{name}", example["value"], schema
            elif "type" in node or "properties" in node or "allOf" in node:
                # A Schema Object: 3.1 uses an `examples` array.
                if isinstance(node.get("examples"), list):
                    for i, value in enumerate(node["examples"]):
                        yield f"{where}/examples/{i}", value, node
                if "example" in node:
                    yield f"{where}/example", node["example"], node
            for key, value in node.items():
                # Example values, enums and defaults are data, not document structure.
                if key in ("example", "examples", "enum", "const", "default"):
                    continue
                yield from visit(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from visit(value, f"{where}/{i}")
    yield from visit(d.doc, "#")


@check("every example validates against its schema")
def check_examples_valid(d):
    validator = Validator(d)
    problems = []
    count = 0
    for where, value, schema in examples_in(d):
        count += 1
        for problem in validator.validate(value, schema, "$"):
            problems.append(f"{where}: {problem}")
    # Defaults must satisfy their schemas too.
    for where, node in walk(d.doc):
        if isinstance(node, dict) and "default" in node and ("type" in node or "enum" in node):
            for problem in validator.validate(node["default"], node, "$"):
                problems.append(f"{where}/default: {problem}")
    if count == 0:
        problems.append("the document has no examples")
    return problems


@check("no string in the document is shaped like a real credential")
def check_no_credentials(d):
    problems = [f"the file contains {m.group(0)[:19]}… at offset {m.start()}" for m in CREDENTIAL_RE.finditer(d.text)]
    for where, node in walk(d.doc):
        strings = [node] if isinstance(node, str) else (list(node) if isinstance(node, dict) else [])
        for text in strings:
            if isinstance(text, str) and CREDENTIAL_RE.search(text):
                problems.append(f"{where}: a credential-shaped string")
    return problems


@check("the Error schema lists every error code of API.md")
def check_error_schema(d):
    try:
        error = d.deref(d.doc["components"]["schemas"]["Error"])
        inner = d.deref(error["properties"]["error"])
        codes = set(d.deref(inner["properties"]["code"])["enum"])
    except (KeyError, TypeError) as e:
        return [f"components.schemas.Error is not {{error: {{code: enum, ...}}}}: {e}"]
    problems = [f"code {c} is missing" for c in sorted(ERROR_CODES - codes)]
    problems += [f"code {c} is not in API.md" for c in sorted(codes - ERROR_CODES)]
    for name in ("code", "message", "param", "required_scope"):
        if name not in inner.get("properties", {}):
            problems.append(f"error.{name} is not a property")
    if set(inner.get("required", [])) != {"code", "message"}:
        problems.append("error must require exactly code and message")
    return problems


@check("the Scope schema and the bearerAuth security scheme are right")
def check_security_scheme(d):
    problems = []
    components = d.doc.get("components", {})
    scope = components.get("schemas", {}).get("Scope", {})
    if scope.get("enum") != SCOPES:
        problems.append(f"Scope.enum is {scope.get('enum')!r}, not the 11 scopes in order")
    scheme = components.get("securitySchemes", {}).get("bearerAuth", {})
    if scheme.get("type") != "http" or scheme.get("scheme") != "bearer":
        problems.append("bearerAuth is not {type: http, scheme: bearer}")
    if "account token" not in scheme.get("description", "") or "API key" not in scheme.get("description", ""):
        problems.append("bearerAuth.description does not explain API keys and the account token")
    for method, path, _, op in d.operations():
        for requirement in op.get("security", []):
            for name in requirement:
                if name not in components.get("securitySchemes", {}):
                    problems.append(f"{route(method, path)}: unknown security scheme {name}")
    return problems


REQUIRED_SCHEMAS = [
    "ApiKey", "ApiKeyWithSecret", "ApiKeyList", "CreateApiKeyRequest", "UpdateApiKeyRequest",
    "RotateApiKeyRequest", "RotationRequired", "Scope", "Environment", "Account", "TeamMember",
    "TeamMemberList", "Call", "CallList", "Transcript", "CallAnalytics", "CallSettings",
    "KnowledgeArticle", "KnowledgeArticleList", "Appointment", "AppointmentList", "Contact",
    "ContactList", "Webhook", "WebhookList", "Error",
]


@check("the components hold the schemas clients rely on, each described")
def check_schema_names(d):
    schemas = d.doc.get("components", {}).get("schemas", {})
    problems = [f"components.schemas.{name} is missing" for name in REQUIRED_SCHEMAS if name not in schemas]
    for name, schema in schemas.items():
        if not isinstance(schema, dict) or not schema.get("description"):
            problems.append(f"components.schemas.{name} has no description")
    for name in ("ApiKeyList",):
        if "data" not in d.deref(schemas.get(name, {})).get("properties", {}):
            problems.append(f"{name} has no data")
    for name in ("CallList", "KnowledgeArticleList", "AppointmentList", "ContactList", "WebhookList"):
        props = d.deref(schemas.get(name, {})).get("properties", {})
        if "data" not in props or "has_more" not in props:
            problems.append(f"{name} is not a {{data, has_more}} envelope")
    return problems


def main(argv):
    if len(argv) > 1:
        path = argv[1]
    else:
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "openapi", "aivo-v1.json")
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        doc = json.loads(text)
        if not isinstance(doc, dict):
            raise ValueError("the top level is not an object")
    except (OSError, UnicodeDecodeError, ValueError) as e:
        print("1..1")
        print(f"not ok 1 - {path} is readable UTF-8 JSON")
        print(f"# {e}")
        return 1

    document = Document(text, doc)
    print(f"1..{len(CHECKS)}")
    failures = 0
    for number, (description, function) in enumerate(CHECKS, 1):
        try:
            problems = function(document)
        except Exception as e:  # a malformed document must fail the check, not crash the run
            problems = [f"the check could not run: {type(e).__name__}: {e}"]
        if problems:
            failures += 1
            print(f"not ok {number} - {description}")
            for problem in problems[:MAX_DIAGNOSTICS]:
                print(f"# {problem}")
            if len(problems) > MAX_DIAGNOSTICS:
                print(f"# … and {len(problems) - MAX_DIAGNOSTICS} more")
        else:
            print(f"ok {number} - {description}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
