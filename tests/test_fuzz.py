"""Schemathesis against /openapi.json: generated requests, no server error, documented responses.

The operations are driven through Hypothesis directly (schemathesis's pytest plugin does not run
under pytest 9); each operation gets a bounded number of examples so CI stays fast.
"""

from __future__ import annotations

import pytest
import schemathesis

# Imported before any test: schemathesis imports it lazily and parses source as it does, which CPython 3.11.7 can
# fail late in a long run ("SystemError: AST constructor recursion depth mismatch").
import schemathesis.generation.dictionaries
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

OPERATIONS = [
    "GET /search",
    "POST /search",
    "POST /ask",
    "POST /match",
    "GET /compare",
    "GET /levels/{doc}/{level}/next",
    "POST /growth",
    "GET /levels",
    "GET /healthz",
    "GET /readyz",
]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

# pytest rewrites a plugin's modules as they are imported, and CPython 3.11's AST constructor is not safe while
# other threads run (python/cpython#106905): schemathesis loads its OpenAPI modules here, at collection.
schemathesis.openapi.from_dict({"openapi": "3.0.2", "info": {"title": "-", "version": "1"}, "paths": {}})


@pytest.fixture(scope="module")
def operations(client: TestClient) -> dict:
    """The operations of the app the session client has loaded (its lifespan ran, the index is in)."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    found = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        found[f"{operation.method.upper()} {operation.path}"] = operation
    return found


def test_every_operation_is_fuzzed(operations: dict) -> None:
    assert set(operations) == set(OPERATIONS)


@pytest.mark.parametrize("name", OPERATIONS)
def test_operation_conforms_to_its_schema(operations: dict, name: str) -> None:
    operation = operations[name]

    @given(case=operation.as_strategy())
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    def run(case) -> None:  # type: ignore[no-untyped-def]
        case.call_and_validate(checks=CHECKS)

    run()
