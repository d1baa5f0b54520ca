"""Authorisation matrix: every URL with an object in it × every role × someone else's object → refused.

Generated from the URL conf: a route that takes a parameter must either map to a kind of object here
(explicitly, or by its app and parameter name) or sit in PUBLIC with a reason — otherwise the test fails, so a
new view cannot be missed. Refused means 403 or 404 (405 for a method the view does not take), or, for
someone not logged in, a redirect to the login page; never 200 with the object, never a redirect after doing
something.
"""

import pytest
from django.urls import reverse

from . import objects
from .urlwalk import walk

pytestmark = pytest.mark.django_db

# Routes anyone may open with a parameter, and why.
PUBLIC = {
    "certificates:verify_number": "公开查验：任何人凭证书编号查验证书真伪（只显示证书上的信息）",
    "certificates:verify_code": "公开查验：扫描证书二维码查验（只显示证书上的信息）",
    "certificates:verify_token": "公开查验：电子证书二维码（编号 + 令牌），只显示证书上的信息（身份证号码隐藏）",
    "documents:verify_form": "公开查验：考核认定表二维码（编号 + 防伪令牌）查验真伪，只显示表上的信息",
}
# Routes that may answer someone else's id with a redirect because they act only on the caller's own rows
# (the id is looked up inside the caller's scope; someone else's is a no-op). Checked below: nothing changed.
SCOPED_NO_OP = {
    "notifications:read": "notification_mark_read filters by the caller; another's notification stays unread",
}
# Whole namespaces handled elsewhere, and why.
EXEMPT_NAMESPACES = {
    "admin": "Django admin: staff only, permission-checked per model; see test_admin_is_closed_to_reviewers",
}

# Which kind of object a route's parameter names. Explicit names first, then (namespace, parameter) defaults.
ROUTE_KINDS = {
    "accounts:approve_officer": "pending_officer",
    "recommendations:policy_file": "policy",
    "recommendations:entry_edit": "entry",
    "recommendations:entry_delete": "entry",
    "recommendations:agreement_file": "entry",
    "recommendations:list_detail": "recommendation_list",
    "recommendations:export": "recommendation_list",
    "recommendations:parent_report_file": "recommendation_list",
    "supervision:record_detail": "integrity_record",
    "supervision:record_evidence": "integrity_record",
    "supervision:penalty_correct": "penalty",
    "supervision:unit_history": "unit",
    "supervision:department_history": "department",
    "supervision:revoke": "application",
    "supervision:revocation_report": "application",
    "supervision:revocation_decline": "revocation_request",
    "supervision:stats_export": "batch_stats_table",
    "documents:recognition_form": "application",
    "documents:publicity_form": "entry",
    "documents:parent_recommendation": "recommendation_list",
    "documents:batch_results_pdf": "batch",
    "documents:blank_publicity_form": "batch",
    "documents:blank_parent_recommendation": "batch",
    "documents:batch_results_xlsx": "batch",
    "documents:batch_upward_report": "batch",
    "certificates:job": "issue_job",
    "certificates:job_status": "issue_job",
    "certificates:application_status": "application",
    "certificates:claim": "application",  # the parameter is the application's id, not a certificate's
    "api_tokens:revoke": "api_token",
    "orgs:change_detail": "unit_change_request",
    "orgs:change_reject": "unit_change_request",
}
PARAM_KINDS = {
    ("batches", "pk"): "batch",
    ("recommendations", "batch_pk"): "batch",
    ("applications", "pk"): "application",
    ("applications", "application_pk"): "application",
    ("applications", "batch_pk"): "batch",
    ("documents", "pk"): "attachment",
    ("documents", "application_pk"): "application",
    ("certificates", "pk"): "certificate",
    ("certificates", "application_pk"): "application",
    ("notifications", "pk"): "notification",
    ("supervision", "pk"): "appeal",  # supervision/appeals/<pk>/...
    ("api", "batch_id"): "batch",
    ("api", "entry_id"): "entry",
    ("api", "application_id"): "application",
    ("api", "attachment_id"): "attachment",
}
# Parameters that are not object ids (formats, table names): a fixed harmless value.
NON_OBJECT_PARAMS = {"fmt": "xlsx", "table": "all", "section": "achievements"}


NO_OBJECT = "no object"


def _kind(route) -> str | None:
    if route.qualname in ROUTE_KINDS:
        return ROUTE_KINDS[route.qualname]
    object_params = [p for p in route.params if p not in NON_OBJECT_PARAMS]
    if not object_params:
        return NO_OBJECT  # e.g. an export format: checked with the pages without parameters
    kinds = {PARAM_KINDS.get((route.namespace, p)) for p in object_params}
    return kinds.pop() if len(kinds) == 1 else None


def _object_routes():
    return [r for r in walk() if r.params and r.namespace not in EXEMPT_NAMESPACES and r.qualname not in PUBLIC]


def _pages_without_objects():
    for route in walk():
        if route.namespace in EXEMPT_NAMESPACES or not route.name:
            continue
        if not route.params:
            yield route, route.url
        elif _kind(route) == NO_OBJECT:
            yield route, route.url_with(**{p: NON_OBJECT_PARAMS[p] for p in route.params})


def test_every_route_with_a_parameter_is_covered():
    missing = [f"{r.qualname} ({r.route})" for r in _object_routes() if _kind(r) is None]
    assert not missing, (
        "Routes with parameters that the authorisation matrix does not know: add them to ROUTE_KINDS / "
        f"PARAM_KINDS (and an object factory in tests/security/objects.py) or to PUBLIC with a reason: {missing}")


def _url(route, owned) -> str:
    kwargs = {}
    for name in route.params:
        if name in NON_OBJECT_PARAMS:
            kwargs[name] = (owned.params or {}).get(name, NON_OBJECT_PARAMS[name])
        else:
            kwargs[name] = owned.obj.pk
    return reverse(route.qualname, kwargs=kwargs)


def _refused(response, anonymous: bool) -> bool:
    if response.status_code in (401, 403, 404, 405):
        return True
    if anonymous and response.status_code == 302:
        return response["Location"].startswith(reverse("accounts:login"))
    return False


def test_nobody_reaches_someone_elses_object(client, world):
    owned = objects.build(world)
    people = objects.intruders(world)
    failures, tried = [], 0
    routes = _object_routes()
    for route in routes:
        kind = _kind(route)
        if kind == NO_OBJECT:
            continue
        if kind not in owned:
            failures.append(f"{route.qualname}: no '{kind}' object to test with (tests/security/objects.py)")
            continue
        target = owned[kind]
        url = _url(route, target)
        for username, (user, levels) in people.items():
            if target.level not in levels:
                continue
            client.logout()
            if user is not None:
                client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                tried += 1
                scoped_redirect = route.qualname in SCOPED_NO_OP and response.status_code == 302
                if not (_refused(response, anonymous=user is None) or scoped_redirect):
                    failures.append(f"{method.upper()} {url} ({route.qualname}) as {username}: "
                                    f"{response.status_code} {response.get('Location', '')}")
    assert not failures, "Someone else's object was not refused:\n" + "\n".join(failures)
    assert tried >= len(routes) * 4
    owned["notification"].obj.refresh_from_db()
    assert owned["notification"].obj.read_at is None
    owned["unit_change_request"].obj.refresh_from_db()
    assert owned["unit_change_request"].obj.status == "pending"


API_METHODS = ("get", "post", "put", "delete", "patch")
# A body each write operation accepts, so an intruder is refused for who they are, not for what they sent.
# Operations that take a file (multipart/form-data): they are sent a real PDF.
API_UPLOADS = {"api:unit_entry_agreement", "api:unit_list_parent_report"}
API_BODIES = {
    "api:unit_list_entries": {"entries": [objects.API_ENTRY]},
    "api:unit_entry": objects.API_ENTRY,
    "api:unit_entry_delete": objects.API_ENTRY,  # the same path as api:unit_entry (PUT and DELETE)
}


def test_nobody_reaches_someone_elses_object_over_the_api(client, world):
    """The API routes × every intruder, each calling with a real token of their own account (applicants and
    anonymous callers have none): every method is refused with 401, 403, 404 or 405, and nothing changes."""
    import json

    from zhicheng.api.tokens import can_hold_tokens, token_create
    from zhicheng.audit.models import AuditEntry

    owned = objects.build(world)
    people = objects.intruders(world)
    tokens = {name: token_create(actor=user, name="矩阵")[1] for name, (user, _levels) in people.items()
              if user is not None and can_hold_tokens(user)}
    routes = [r for r in _object_routes() if r.namespace == "api"]
    assert routes, "no API route with an object in it"
    audit_before = AuditEntry.objects.count()
    failures, tried = [], 0
    for route in routes:
        target = owned[_kind(route)]
        url = _url(route, target)
        body = json.dumps(API_BODIES.get(route.qualname, {}), ensure_ascii=False)
        for username, (_user, levels) in people.items():
            if target.level not in levels:
                continue
            extra = {"HTTP_AUTHORIZATION": f"Bearer {tokens[username]}"} if username in tokens else {}
            for method in API_METHODS:
                if method == "get":
                    response = client.get(url, **extra)
                elif method == "post" and route.qualname in API_UPLOADS:
                    response = client.post(url, data={"file": objects.pdf_file()}, **extra)  # multipart
                else:
                    response = getattr(client, method)(url, data=body, content_type="application/json", **extra)
                tried += 1
                if response.status_code not in (401, 403, 404, 405):
                    failures.append(f"{method.upper()} {url} ({route.qualname}) as {username}: "
                                    f"{response.status_code} {response.content[:200]!r}")
    assert not failures, "Someone else's object was reachable over the API:\n" + "\n".join(failures)
    assert tried >= len(routes) * len(API_METHODS) * 4
    assert AuditEntry.objects.count() == audit_before + 0


def test_anonymous_visitors_reach_only_public_pages(client, world):
    """Every page without a parameter either is public on purpose or sends a visitor to log in."""
    public = {
        "core:home", "core:selfcheck", "accounts:login", "accounts:register", "accounts:register_unit",
        "accounts:logout", "certificates:verify", "recommendations:template",  # blank Excel template
        "api:eligibility", "api:publicity_check", "api:openapi",  # stateless computations, no data
        "healthz", "readyz",  # load-balancer probes: status only
        "certificates:public_key",  # the certificate-signing public key, published for offline checks
        "certificates:ca_certificate",  # the root CA certificate, imported by PDF readers to validate signatures
        "certificates:verify_pdf",  # public check of an uploaded certificate PDF (throttled like the lookup)
    }
    failures = []
    for route, url in _pages_without_objects():
        if route.qualname in public:
            continue
        response = client.get(url)
        if not _refused(response, anonymous=True):
            failures.append(f"{url} ({route.qualname}): {response.status_code}")
    assert not failures, "Pages open to anyone without being listed as public:\n" + "\n".join(failures)


@pytest.mark.parametrize("username", ["zhang_san", "unit_school", "dept_edu", "bureau"])
def test_admin_is_closed_to_reviewers(client, world, username):
    """Only the system administrator uses /admin/; reviewers (staff for the bureau) see no data there."""
    from zhicheng.accounts.models import User

    client.force_login(world.users[username], backend="django.contrib.auth.backends.ModelBackend")
    other = world.users["li_si"]
    response = client.get(reverse("admin:accounts_user_change", args=[other.pk]))
    assert response.status_code in (302, 403, 404)
    assert other.id_number not in response.content.decode()
    assert User.objects.get(pk=other.pk).id_number == other.id_number
