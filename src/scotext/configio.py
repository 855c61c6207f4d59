"""Command-line configuration overrides with the types the schema asks for.

``snakemake --config topics='{k_grid: [2, 3, 4]}'`` reads a nested value with YAML's
*base* loader, which keeps every scalar as a string (``'2'``), so a schema that asks for an
integer rejects it, although the user wrote a number. :func:`coerce_to_schema` walks the
configuration along the JSON Schema and, wherever a string is not valid at its place but its
YAML reading is (``'2'`` -> 2, ``'0.5'`` -> 0.5, ``'true'`` -> True, ``'[1, 2]'`` -> [1, 2]),
replaces it; a string that is valid as a string stays one (a period named ``"2019"`` in
``keywords.contrasts`` stays ``"2019"``). Nothing else changes: a value that is wrong in any
reading is left for the validation to report.
"""

from __future__ import annotations

from collections.abc import Mapping


def _validator(schema):
    import jsonschema

    return jsonschema.Draft202012Validator(schema)


def _valid(schema, value) -> bool:
    return _validator(schema).is_valid(value)


def _yaml(text: str):
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def _branches(schema: Mapping) -> list[Mapping]:
    out = [schema]
    for key in ("oneOf", "anyOf", "allOf"):
        out += list(schema.get(key, []))
    return out


def coerce_to_schema(value, schema: Mapping | None):
    """A copy of ``value`` with strings replaced by their YAML reading where only the latter
    is valid at that place of ``schema`` (see the module docstring)."""
    if not isinstance(schema, Mapping):
        return value
    if isinstance(value, str):
        if _valid(schema, value):
            return value
        parsed = _yaml(value)
        if not isinstance(parsed, str):
            parsed = coerce_to_schema(parsed, schema)
            if _valid(schema, parsed):
                return parsed
        return value
    if isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            sub = None
            for branch in _branches(schema):
                props = branch.get("properties", {})
                if key in props:
                    sub = props[key]
                    break
                extra = branch.get("additionalProperties")
                if isinstance(extra, Mapping):
                    sub = extra
            out[key] = coerce_to_schema(item, sub)
        return out
    if isinstance(value, list):
        candidates = [b for b in _branches(schema) if isinstance(b.get("items"), Mapping)]
        for branch in candidates:
            coerced = [coerce_to_schema(v, branch["items"]) for v in value]
            if _valid(branch, coerced):
                return coerced
        if candidates:
            return [coerce_to_schema(v, candidates[0]["items"]) for v in value]
        return list(value)
    return value


def load_schema(path) -> dict:
    import yaml

    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)
