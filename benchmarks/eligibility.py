"""Screening throughput of the eligibility engine, in-process and through the ``zhicheng`` command.

1. In-process: generates 100,000 varied profiles (seeded, reproducible), then screens them through
   the same path as the CLI and the API — :func:`zhicheng.policy.api.check_eligibility`,
   i.e. validation + evaluation + result dicts — and prints profiles per second.
2. Command line: writes ``--cli-count`` (20,000) of them to a file and runs, as separate processes,
   ``zhicheng eligibility FILE > out`` and a plain one-file script doing the same rules with the
   standard library (``json.load`` → ``check_eligibility`` → compact ``json.dumps``, the C encoder), ``--repeat`` times
   each in turn; prints each one's best wall time and peak memory (RSS of the process), checks the
   command's output against the result schema and that it says exactly what the plain script says.

    .venv/bin/python benchmarks/eligibility.py [--count N] [--cli-count N] [--repeat R] [--seed S]

Targets: at least 20,000 profiles/s on one core; the command at or under the plain script's time and
memory on 20,000 profiles.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from zhicheng.policy.api import check_eligibility  # noqa: E402
from zhicheng.policy.vocabulary import (  # noqa: E402
    ANNUAL_REVIEWS,
    EDUCATION_LEVELS,
    SERIES,
    SKILL_LEVELS,
    UNIT_KINDS,
)

EMPLOYERS = ["91530103MA6K1A2B15", "91530103MA6K3C4D27", "12530103015022437X"]
CITIES = ["昆明市"] * 8 + ["曲靖市", "玉溪市"]


def make_profile(rng: random.Random) -> dict:
    year, month = rng.choice((2024, 2024, 2025)), rng.randint(1, 12)
    as_of = f"{year}-{month:02d}-{rng.randint(1, 28):02d}"
    uscc = rng.choice(EMPLOYERS)
    profile: dict = {
        "as_of": as_of,
        "series": rng.choice(SERIES),
        "employer": {"uscc": uscc, "kind": rng.choice(UNIT_KINDS)},
    }
    if rng.random() < 0.1:
        profile["employer"]["affiliation"] = rng.choice(("区属", "中央", "省属", "市属"))
    if profile["employer"]["kind"] == "事业单位" and rng.random() < 0.9:
        profile["employer"]["employment_start"] = f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-15"
    if rng.random() < 0.3:
        profile["target_level"] = rng.choice(("员级", "助理级"))
    if rng.random() < 0.2:
        profile["person"] = {
            "civil_servant": rng.random() < 0.05,
            "last_annual_review": rng.choice((*ANNUAL_REVIEWS, None)),
            "integrity_ban_until": rng.choice((None, "2024-12-31", "2023-01-31")),
        }
    profile["education"] = [
        {"level": rng.choice(EDUCATION_LEVELS), "date": f"{rng.randint(2012, 2024)}-{rng.randint(1, 12):02d}-28",
         "major_related": rng.random() < 0.8}
        for _ in range(rng.choice((0, 1, 1, 1, 2)))
    ]
    if rng.random() < 0.2:
        profile["skills"] = [{"level": rng.choice(SKILL_LEVELS), "date": f"{rng.randint(2015, 2024)}-06-30"}]
    if rng.random() < 0.15:
        profile["titles"] = [{"series": rng.choice(SERIES), "level": "员级",
                              "date": f"{rng.randint(2015, 2023)}-09-30"}]
        profile["months_in_current_post"] = rng.randint(0, 30)
    if rng.random() < 0.3:
        profile["access_qualification"] = rng.random() < 0.7
    periods = []
    end = year * 12 + month - 2 + rng.choice((0, 0, 0, 0, 0, -1, -3, 1))  # mostly up to the month before
    for _ in range(rng.choice((0, 1, 2, 2, 3, 4))):
        length = rng.randint(1, 48)
        start = end - length + 1
        periods.append({
            "from": f"{start // 12:04d}-{start % 12 + 1:02d}", "to": f"{end // 12:04d}-{end % 12 + 1:02d}",
            "city": rng.choice(CITIES), "uscc": uscc if rng.random() < 0.85 else rng.choice(EMPLOYERS),
        })
        end = start - rng.randint(1, 4)
    profile["social_insurance"] = periods
    return profile


ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT.parent / "shared" / "contracts" / "eligibility-result.schema.json"
ZHICHENG = Path(sys.executable).with_name("zhicheng")

# The baseline: what one would write by hand around the same rules, with nothing but the standard library.
PLAIN_SCRIPT = """\
import json, sys
from zhicheng.policy.api import check_eligibility
with open(sys.argv[1], encoding="utf-8") as fh:
    profiles = json.load(fh)
sys.stdout.write(json.dumps(check_eligibility(profiles), ensure_ascii=False))
"""


# Measures each run from a small process of its own: a child forked from this one (which holds 20,000
# profiles) would count this process's memory in its peak RSS, since Linux keeps the high-water mark across exec.
LAUNCHER = """\
import json, os, subprocess, sys, time
for line in sys.stdin:
    cmd, out_path = json.loads(line)
    with open(out_path, "wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE)
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
    print(json.dumps([wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status),
                      err.decode("utf-8", "replace")]), flush=True)
"""


class Launcher:
    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", LAUNCHER], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)

    def run(self, cmd: list[str], out_path: Path) -> tuple[float, float]:
        """Run cmd with stdout to out_path: (wall seconds, peak RSS in MB)."""
        self.proc.stdin.write(json.dumps([cmd, str(out_path)]) + "\n")
        self.proc.stdin.flush()
        wall, rss, code, err = json.loads(self.proc.stdout.readline())
        if code != 0:
            raise SystemExit(f"{' '.join(cmd)} exited {code}: {err}")
        return wall, rss

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait()


def compare_cli(launcher: Launcher, profiles: list, repeat: int) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="zc-elig-"))
    source = workdir / "profiles.json"
    source.write_text(json.dumps(profiles, ensure_ascii=False), encoding="utf-8")
    one = workdir / "one.json"
    one.write_text(json.dumps(profiles[0], ensure_ascii=False), encoding="utf-8")
    plain = workdir / "plain.py"
    plain.write_text(PLAIN_SCRIPT, encoding="utf-8")
    runs = {
        "zhicheng eligibility FILE": [str(ZHICHENG), "eligibility", str(source)],
        "plain one-file script": [sys.executable, str(plain), str(source)],
        "zhicheng eligibility (1 profile)": [str(ZHICHENG), "eligibility", str(one)],
        "plain one-file script (1 profile)": [sys.executable, str(plain), str(one)],
    }
    best: dict[str, tuple[float, float]] = {}
    for _ in range(repeat):  # in turn, so a busy moment on a shared machine hits both alike
        for name, cmd in runs.items():
            elapsed, rss = launcher.run(cmd, workdir / "run.out")
            wall, mem = best.get(name, (float("inf"), float("inf")))
            best[name] = (min(wall, elapsed), min(mem, rss))
    cli_out = workdir / "cli.json"
    plain_out = workdir / "plain.json"
    launcher.run(runs["zhicheng eligibility FILE"], cli_out)
    launcher.run(runs["plain one-file script"], plain_out)
    cli_bytes = cli_out.read_bytes()
    cli_results = json.loads(cli_bytes.decode("utf-8"))
    same = cli_results == json.loads(plain_out.read_text(encoding="utf-8"))
    schema_note = "jsonschema not installed: schema not checked"
    try:
        import jsonschema

        validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
        bad = sum(1 for r in cli_results if not validator.is_valid(r))
        schema_note = f"{len(cli_results) - bad:,} of {len(cli_results):,} results valid against {SCHEMA.name}"
    except ImportError:
        bad = 0
    text = cli_bytes.decode("utf-8")
    unescaped = "\\u" not in text and any("\u4e00" <= c <= "\u9fff" for c in text[:4000])
    print(f"\ncommand line, {len(profiles):,} profiles ({source.stat().st_size / 1e6:.1f} MB in), "
          f"best of {repeat}, run in turn:")
    for name, (wall, mem) in best.items():
        print(f"  {name:<36} {wall:6.2f} s  {mem:6.0f} MB peak RSS")
    (cli_t, cli_m), (plain_t, plain_m) = best["zhicheng eligibility FILE"], best["plain one-file script"]
    print(f"  command / plain script: time {cli_t / plain_t:.2f}×, memory {cli_m / plain_m:.2f}×; "
          f"output {cli_out.stat().st_size / 1e6:.1f} MB vs {plain_out.stat().st_size / 1e6:.1f} MB")
    print(f"  same results as the plain script: {same}; {schema_note}; UTF-8 Chinese unescaped: "
          f"{unescaped}")
    ok = same and not bad and cli_t <= plain_t and cli_m <= plain_m
    print(f"  {'PASS' if ok else 'MISS'}  command at or under the plain script's time and memory, same output")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--cli-count", type=int, default=20_000, help="profiles in the command-line file (0: skip)")
    parser.add_argument("--repeat", type=int, default=3, help="command-line runs of each kind")
    parser.add_argument("--seed", type=int, default=20240731)
    args = parser.parse_args()

    launcher = Launcher() if args.cli_count else None  # started while this process is still small
    rng = random.Random(args.seed)
    profiles = [make_profile(rng) for _ in range(max(args.count, args.cli_count))]
    check_eligibility(profiles[:100])  # warm up the parameter cache and imports

    started, cpu_started = time.perf_counter(), time.process_time()
    results = check_eligibility(profiles[:args.count])
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started

    verdicts = Counter(r["level"] if r["eligible"] else "ineligible" for r in results)
    failing = Counter(reason["code"] for r in results for reason in r["reasons"] if not reason["ok"])
    print(f"screened {len(results):,} profiles in {elapsed:.2f} s: {len(results) / elapsed:,.0f} profiles/s "
          f"(CPU time {cpu:.2f} s: {len(results) / cpu:,.0f} profiles/s on one core)")
    print("verdicts:", dict(verdicts))
    print("failing rules:", dict(failing.most_common()))
    if args.cli_count:
        print(f"(load average {', '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs)")
        compare_cli(launcher, profiles[:args.cli_count], args.repeat)
        launcher.close()


if __name__ == "__main__":
    main()
