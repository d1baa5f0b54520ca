"""Screen readers hear a field's hint and error: every id Django's aria-describedby names is on the page."""

import re

from django.urls import reverse


def _described_ids_missing(page: str) -> list[str]:
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    wanted = {i for value in re.findall(r'aria-describedby="([^"]+)"', page) for i in value.split()}
    return sorted(wanted - ids)


def test_hint_and_error_ids_exist_for_every_described_field(world, login):
    client = login(world.users["zhang_san"])
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'aria-describedby="id_email_helptext"' in page
    assert _described_ids_missing(page) == []

    page = client.post(reverse("accounts:profile"), {"email": "not-an-email", "phone": ""}).content.decode()
    assert "id_email_error" in page and 'aria-invalid="true"' in page
    assert _described_ids_missing(page) == []
    # the summary's link leads to the field itself
    assert 'href="#id_email"' in page and 'id="id_email"' in page
