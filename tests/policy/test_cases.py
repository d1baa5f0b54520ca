"""The policy officer's cases (cases/*.yaml): facts in, verdict and failing rules out."""

from __future__ import annotations

import pytest

from tests.policy.support import load_cases
from zhicheng.policy.api import check_eligibility
from zhicheng.policy.eligibility import RULE_CODES

CASES = load_cases()


@pytest.mark.parametrize(("facts", "expect"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_case(facts: dict, expect: dict) -> None:
    result = check_eligibility(facts)

    assert [r["code"] for r in result["reasons"]] == list(RULE_CODES)
    failing = [r["code"] for r in result["reasons"] if not r["ok"]]
    messages = {r["code"]: r["message"] for r in result["reasons"]}
    assert sorted(failing) == sorted(expect["failing"]), messages
    assert result["eligible"] is expect["eligible"]
    assert result["level"] == expect["level"]
    assert result["eligible_from"] == expect.get("eligible_from"), messages
    if "route" in expect:
        assert result["route"] == expect["route"]
    for code, text in expect.get("message_contains", {}).items():
        assert text in messages[code], messages[code]


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 60


def test_a_case_refused_for_its_jurisdiction_reads_as_a_refusal() -> None:
    """A case name says what it tests: people the platform sends elsewhere (only the unit's jurisdiction fails)
    are named as not going through it (不…), never as if they did."""
    names = [case_id.split(": ", 1)[1] for case_id, _facts, expect in CASES
             if expect["failing"] == ["unit_jurisdiction"]]
    assert names and all("不" in name for name in names), names
