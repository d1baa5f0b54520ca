"""The fixed contract of docs/shared/contracts (kept as handed to us): the CLI and the API answer the same, invalid input never 500s."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((REPO / "docs" / "shared" / "contracts" / "examples").glob("*.json"))
ZHICHENG = [sys.executable, "-m", "zhicheng.cli"]


def test_contract_examples_exist():
    assert len(EXAMPLES) >= 4, "the contract examples in docs/shared/contracts/examples are missing"


def _cli(command: str, payload: str, env=None):
    return subprocess.run([*ZHICHENG, command, "-"], input=payload.encode(), capture_output=True, timeout=60,
                          env=env)


def _check_expectation(result: dict, expect: dict) -> None:
    for key in ("eligible", "level", "ok", "working_days", "problems"):
        if key in expect:
            assert result[key] == expect[key], key
    if "failing" in expect:
        failing = {r["code"] for r in result["reasons"] if not r["ok"]}
        assert set(expect["failing"]) <= failing


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_through_the_cli(path, tmp_path):
    case = json.loads(path.read_text(encoding="utf-8"))
    command = "eligibility" if "profile" in case else "publicity"
    body = case.get("profile", case.get("input"))
    file = tmp_path / "in.json"
    file.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run([*ZHICHENG, command, str(file)], capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
    _check_expectation(json.loads(proc.stdout.decode("utf-8")), case["expect"])


@pytest.mark.django_db
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_through_the_api(client, path):
    case = json.loads(path.read_text(encoding="utf-8"))
    url = "/api/v1/eligibility" if "profile" in case else "/api/v1/publicity-check"
    body = case.get("profile", case.get("input"))
    response = client.post(url, json.dumps(body, ensure_ascii=False), content_type="application/json")
    assert response.status_code == 200
    _check_expectation(response.json(), case["expect"])


PROFILE = {
    "as_of": "2024-09-05", "series": "工程",
    "employer": {"uscc": "91530103MA6K1A2B15", "kind": "非公经济组织"},
    "education": [{"level": "本科", "date": "2023-06-28"}],
    "social_insurance": [{"from": "2023-07", "to": "2024-08", "city": "昆明市", "uscc": "91530103MA6K1A2B15"}],
}


def _with(**changes):
    data = json.loads(json.dumps(PROFILE))
    for dotted, value in changes.items():
        target = data
        *parents, leaf = dotted.split("__")
        for p in parents:
            target = target[int(p)] if p.isdigit() else target[p]
        target[int(leaf) if leaf.isdigit() else leaf] = value
    return json.dumps(data, ensure_ascii=False)


INVALID = {
    "bad_json": ('{"as_of": ', "JSON"),
    "unknown_field": (_with(colour="red"), "colour"),
    "wrong_enum": (_with(series="魔法"), "series"),
    "impossible_date": (_with(as_of="2023-02-30"), "as_of"),
    "from_after_to": (_with(social_insurance__0__from="2024-09"), "social_insurance[0]"),
    "nested_unknown": (_with(employer__size=3), "employer"),
    "wrong_type": (_with(education__0__major_related="yes"), "education[0].major_related"),
    "not_an_object": ("42", ""),
}


@pytest.mark.parametrize("name", list(INVALID))
def test_invalid_input_exits_2_with_one_line_naming_the_field(name):
    payload, field = INVALID[name]
    proc = _cli("eligibility", payload)
    assert proc.returncode == 2
    err = proc.stderr.decode("utf-8")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert field in err
    assert proc.stdout == b""


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(INVALID))
def test_invalid_input_gets_422_from_the_api(client, name):
    payload, field = INVALID[name]
    response = client.post("/api/v1/eligibility", payload, content_type="application/json")
    assert response.status_code == 422
    assert field in response.json()["error"]


@pytest.mark.django_db
def test_api_answers_an_array_with_an_array(client):
    body = "[" + _with() + "," + _with(series="会计") + "]"
    results = client.post("/api/v1/eligibility", body, content_type="application/json").json()
    assert [r["eligible"] for r in results] == [True, False]


@pytest.mark.django_db
def test_api_refuses_non_utf8_and_get(client):
    assert client.post("/api/v1/eligibility", b"\xff\xfe", content_type="application/json").status_code == 422
    assert client.get("/api/v1/eligibility").status_code == 405


def test_publicity_year_outside_the_calendar_is_an_error_not_a_guess():
    proc = _cli("publicity", '{"start": "2031-05-06", "end": "2031-05-12"}')
    assert proc.returncode == 2
    assert "2031" in proc.stderr.decode("utf-8")


@pytest.mark.django_db
def test_openapi_document_describes_both_endpoints(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/eligibility", "/api/v1/publicity-check"} <= set(doc["paths"])
    assert set(doc["paths"]["/api/v1/eligibility"]) == {"post"}
    assert "Profile" in doc["components"]["schemas"]


@pytest.mark.parametrize("command", ["eligibility", "publicity"])
def test_unreadable_or_non_utf8_input_exits_2_with_one_line(command, tmp_path):
    missing = subprocess.run([*ZHICHENG, command, str(tmp_path / "nope.json")], capture_output=True, timeout=60)
    assert missing.returncode == 2 and missing.stdout == b""
    assert missing.stderr.decode("utf-8") == f"无法读取输入文件 {tmp_path / 'nope.json'}：No such file or directory\n"
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"as_of": "2024-09-05", "series": "工程"}'.encode("gb18030"))
    proc = subprocess.run([*ZHICHENG, command, str(latin)], capture_output=True, timeout=60)
    assert (proc.returncode, proc.stdout, proc.stderr.decode("utf-8")) == (2, b"", "输入不是 UTF-8 编码的文本\n")


def test_bulk_screening_starts_without_django_or_celery(tmp_path):
    """Screening a file costs what the rules cost: no Django, Celery or ORM is imported on the way."""
    file = tmp_path / "many.json"
    file.write_text("[" + ",".join([_with()] * 3) + "]", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "zhicheng.cli", "eligibility", str(file)],
                          capture_output=True, timeout=60)
    assert proc.returncode == 0
    assert [r["eligible"] for r in json.loads(proc.stdout.decode("utf-8"))] == [True, True, True]
    imported = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.decode().splitlines() if "|" in line}
    assert "zhicheng.policy.eligibility" in imported
    assert not {m for m in imported if m.split(".")[0] in ("django", "celery", "kombu")}


def test_answer_is_indented_utf8_json_as_before(tmp_path):
    """The fast encoder writes the very text the standard library wrote (two-space indent, Chinese as is)."""
    file = tmp_path / "one.json"
    file.write_text(_with(), encoding="utf-8")
    proc = subprocess.run([*ZHICHENG, "eligibility", str(file)], capture_output=True, timeout=60)
    answer = json.loads(proc.stdout.decode("utf-8"))
    assert proc.stdout.decode("utf-8") == json.dumps(answer, ensure_ascii=False, indent=2) + "\n"
    assert "助理级" in proc.stdout.decode("utf-8")
