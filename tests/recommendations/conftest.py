import datetime as dt

import pytest

from zhicheng.core.demo import at, make_id_number
from zhicheng.recommendations import services
from zhicheng.recommendations.demo import pdf_upload

# The demo "current" batch: list deadline 2026-11-20 17:00 (Beijing time).
BEFORE_DEADLINE = at(2026, 11, 16, 10)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def person(index: int = 1) -> str:
    return make_id_number("530102", dt.date(1995, 4, index), 60 + index, True)


def entry_data(**overrides) -> dict:
    data = {
        "real_name": "刘洋", "id_number": person(1), "series": "工程", "specialty": "建筑工程", "level": "zhuliji",
        "post": "技术员", "assessment_result": "passed", "assessment_date": dt.date(2026, 10, 29),
        "publicity_start": dt.date(2026, 11, 2), "publicity_end": dt.date(2026, 11, 6),
        "publicity_objection": False, "pledge_date": dt.date(2026, 10, 30), "opinion_date": dt.date(2026, 11, 9),
    }
    data.update(overrides)
    return data


@pytest.fixture
def policy(world):
    def _policy(key="soe"):
        return services.recommendation_policy_upload(
            unit=world.units[key], actor=world.users[f"unit_{key}"], title="考核推荐办法",
            file=pdf_upload("p.pdf", "policy"), adopted_on=dt.date(2024, 6, 1))
    return _policy


@pytest.fixture
def make_list(world):
    def _make(key="soe", batch="current", now=BEFORE_DEADLINE, entries=None):
        rec_list = services.recommendation_list_open(unit=world.units[key], batch=world.batches[batch],
                                                     actor=world.users[f"unit_{key}"], now=now)
        for data in entries if entries is not None else [entry_data()]:
            services.recommendation_entry_add(rec_list=rec_list, actor=world.users[f"unit_{key}"], data=data,
                                              now=now)
        return rec_list
    return _make
