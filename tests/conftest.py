import pytest

from zhicheng.core.demo import DEMO_PASSWORD, DemoWorld, seed_foundation


@pytest.fixture
def world(db) -> DemoWorld:
    """Districts, departments, units of every kind, the two demo batches and one account per role."""
    w = DemoWorld()
    seed_foundation(w)
    return w


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


@pytest.fixture
def password() -> str:
    return DEMO_PASSWORD


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Tests run inside a transaction that never commits, so cached pages would never learn of changes;
    the page cache's own tests turn it on (``page_cache`` in tests/applications/test_queue_cache.py)."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _celery_eager_unless_marked(request):
    """Tasks run in-process in tests, except in tests marked ``celery_worker`` (a real worker in CI's PostgreSQL
    pass, see .ci/run): those must commit their data (``django_db(transaction=True)``) and wait for results."""
    from zhicheng import celery_app

    if request.node.get_closest_marker("celery_worker"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous
