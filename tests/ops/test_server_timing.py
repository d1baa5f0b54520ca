"""Every response says how long the server worked on it, and how much of that was the database
(``Server-Timing``, shown by the browser's developer tools and collected by the e2e journeys)."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

TIMING = re.compile(r'^app;dur=(?P<app>[0-9.]+), cpu;dur=(?P<cpu>[0-9.]+), db;dur=(?P<db>[0-9.]+);'
                    r'desc="(?P<queries>\d+) queries"$')


def timing(response) -> dict:
    match = TIMING.match(response["Server-Timing"])
    assert match, response["Server-Timing"]
    return {"app": float(match["app"]), "cpu": float(match["cpu"]), "db": float(match["db"]),
            "queries": int(match["queries"])}


def test_a_page_says_its_server_time_and_its_queries(world, login):
    client = login(world.users["bureau"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("applications:queue"))
    assert response.status_code == 200
    measured = timing(response)
    assert measured["queries"] == len(queries) > 0
    assert 0 < measured["db"] <= measured["app"] and 0 < measured["cpu"] <= measured["app"] + 1


def test_pages_without_the_database_and_errors_have_it_too(client, db):
    health = client.get("/healthz")
    assert timing(health)["queries"] == 0
    missing = client.get("/certificates/v/nope/nope/")
    assert missing.status_code == 404 and timing(missing)["app"] > 0
