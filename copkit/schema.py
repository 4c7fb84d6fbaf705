"""The charter's JSON Schema, generated from the model so the two never disagree."""

from __future__ import annotations

import json

from copkit.model import Charter

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def charter_schema_dict() -> dict[str, object]:
    schema = Charter.model_json_schema()
    return {"$schema": SCHEMA_DIALECT, **schema}


def charter_schema() -> str:
    return json.dumps(charter_schema_dict(), indent=2, ensure_ascii=False)
