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
