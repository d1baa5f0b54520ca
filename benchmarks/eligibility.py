"""Screening throughput of the eligibility engine.

Generates 100,000 varied profiles (seeded, reproducible), then screens them through
the same path as the CLI and the API — :func:`zhicheng.policy.api.check_eligibility`,
i.e. validation + evaluation + result dicts — and prints profiles per second.

    .venv/bin/python benchmarks/eligibility.py [--count N] [--seed S]

Target: at least 20,000 profiles/s on one core.
"""

from __future__ import annotations

import argparse
import random
import sys
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20240731)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    profiles = [make_profile(rng) for _ in range(args.count)]
    check_eligibility(profiles[:100])  # warm up the parameter cache and imports

    started, cpu_started = time.perf_counter(), time.process_time()
    results = check_eligibility(profiles)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started

    verdicts = Counter(r["level"] if r["eligible"] else "ineligible" for r in results)
    failing = Counter(reason["code"] for r in results for reason in r["reasons"] if not reason["ok"])
    print(f"screened {len(results):,} profiles in {elapsed:.2f} s: {len(results) / elapsed:,.0f} profiles/s "
          f"(CPU time {cpu:.2f} s: {len(results) / cpu:,.0f} profiles/s on one core)")
    print("verdicts:", dict(verdicts))
    print("failing rules:", dict(failing.most_common()))


if __name__ == "__main__":
    main()
