"""Settings for benchmarks/deadline_rush.py only: the product's settings plus a bare view for comparison."""

from zhicheng.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.bench_urls"
