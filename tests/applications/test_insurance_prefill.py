"""The insurance section starts with the applicant's own unit as the payer (its USCC and name), editable."""

import time_machine
from django.urls import reverse

from zhicheng.applications import services

from .conftest import NOW


def test_insurance_row_starts_with_the_units_uscc_and_name(listed, login):
    with time_machine.travel(NOW, tick=False):
        user = listed.users["wang_wu"]
        app = services.application_start(user=user, batch=listed.batches["current"], now=NOW)
        unit = app.unit
        client = login(user)
        url = reverse("applications:section", args=[app.pk, "insurance"])
        page = client.get(url).content.decode()
        assert 'name="row-0-uscc"' in page and f'value="{unit.uscc}"' in page and f'value="{unit.name}"' in page

        # a second row the person adds for an earlier employer starts empty: the unit is already named
        r = client.post(url, {"rows": "1", "action": "add", "row-0-from_month": "2020-07", "row-0-to_month": "2026-10",
                              "row-0-city": "昆明市", "row-0-uscc": unit.uscc, "row-0-unit": unit.name})
        page = r.content.decode()
        assert page.count(f'value="{unit.uscc}"') == 1 and 'name="row-1-uscc"' in page

        # what the person types instead is what is saved
        r = client.post(url, {"rows": "1", "action": "save", "row-0-from_month": "2020-07",
                              "row-0-to_month": "2026-10", "row-0-city": "昆明市", "row-0-uscc": unit.uscc,
                              "row-0-unit": "改过的名称"})
        assert r.status_code == 302
        app.refresh_from_db()
        assert app.insurance[0]["unit"] == "改过的名称" and app.insurance[0]["uscc"] == unit.uscc
