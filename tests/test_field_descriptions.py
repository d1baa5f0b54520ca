"""Screen readers hear a field's hint and error: every id Django's aria-describedby names is on the page."""

import re
from pathlib import Path

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


def test_every_template_puts_field_errors_under_the_described_id_and_uses_the_shared_summary():
    """Enumerates the templates: a page that lists a field's errors does so inside ``<id>_error`` (the id
    aria-describedby names), and error summaries come from ``{% error_summary %}`` (the partial alone shows
    nothing: it is the tag's template)."""
    from django.conf import settings

    root = Path(settings.BASE_DIR) / "templates"
    assert root.is_dir()
    wrong = []
    for path in sorted(root.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        name = str(path.relative_to(root))
        if "includes/error_summary.html" in text:
            wrong.append(f"{name}: includes the summary's template instead of {{% error_summary form %}}")
        for line in text.splitlines():
            if re.search(r"for error in (\w+\.)*errors", line) and "_error\"" not in line:
                wrong.append(f"{name}: field errors without the <id>_error id: {line.strip()[:80]}")
    assert wrong == []
