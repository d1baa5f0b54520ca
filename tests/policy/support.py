"""Shared helpers for the policy tests (pure Python; no Django needed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
CASES_DIR = Path(__file__).with_name("cases")
CONTRACT_EXAMPLES = REPO / "docs" / "shared" / "contracts" / "examples"


def as_json(value: Any) -> Any:
    """YAML reads unquoted dates as date objects; the engine takes JSON, i.e. strings."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value


def load_cases() -> list[tuple[str, dict, dict]]:
    """(id, facts, expect) for every case in cases/*.yaml, facts merged onto the file's base."""
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        base = doc.get("base", {})
        for case in doc["cases"]:
            assert {"name", "clause", "facts", "expect"} <= set(case), f"{path.name}: {case.get('name')}"
            facts = {**base, **(case["facts"] or {})}
            for field in case.get("unset", []):
                facts.pop(field, None)
            cases.append((f"{path.stem}: {case['name']}", as_json(facts), as_json(case["expect"])))
    return cases
