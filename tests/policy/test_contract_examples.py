"""The contract examples (docs/shared/contracts/examples, as handed to us) must all pass."""

from __future__ import annotations

import json

import pytest

from tests.policy.support import CONTRACT_EXAMPLES
from zhicheng.policy.api import check_eligibility, check_publicity, run_cli
from zhicheng.policy.eligibility import RULE_CODES


def _examples() -> list:
    files = sorted(CONTRACT_EXAMPLES.glob("*.json"))
    if not files:
        raise RuntimeError(f"contract examples missing: {CONTRACT_EXAMPLES} has no *.json")
    return files


EXAMPLES = _examples()


def test_all_four_examples_are_present() -> None:
    assert {p.name for p in EXAMPLES} >= {
        "accountant-excluded.json", "bachelor-14-months.json", "publicity-dragon-boat.json", "vocational-yuanji.json",
    }


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example(path) -> None:
    example = json.loads(path.read_text(encoding="utf-8"))
    expect = example["expect"]
    if "profile" in example:
        result = check_eligibility(example["profile"])
        assert result["eligible"] is expect["eligible"]
        assert result["level"] == expect["level"]
        assert [r["code"] for r in result["reasons"]] == list(RULE_CODES)
        failing = [r["code"] for r in result["reasons"] if not r["ok"]]
        assert failing == expect.get("failing", [])
        code, out, err = run_cli("eligibility", json.dumps(example["profile"], ensure_ascii=False))
        assert (code, err) == (0, "")
        assert json.loads(out) == result
    else:
        assert check_publicity(example["input"]) == expect
        code, out, err = run_cli("publicity", json.dumps(example["input"]))
        assert (code, err, json.loads(out)) == (0, "", expect)
