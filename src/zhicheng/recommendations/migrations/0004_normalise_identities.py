"""Stored ID numbers and USCCs in the one normalised form new input gets (``zhicheng.core.identity``), so a
number typed earlier in full-width or Arabic-Indic digits, or with an invisible character, compares equal to the
same number typed now (duplicates in a list, the bureau's cross-unit warning, an applicant finding their entry).

Safe by construction: a value is rewritten only when normalising changes it, and on the unique columns (an
account's ID number, a unit's USCC) only when no other row already holds the normalised value; such a clash is
left as it is for a person to resolve (both rows stay readable). Reversing does nothing (the old spellings are not
kept). Certificates are left alone: their holder data is signed as issued.
"""

from django.db import migrations

from zhicheng.core.identity import normalise_code


def _normalise(model, field: str, unique: bool) -> None:
    for pk, value in model.objects.exclude(**{field: None}).values_list("pk", field).iterator():
        clean = normalise_code(value)
        if clean == value:
            continue
        if unique and model.objects.filter(**{field: clean}).exclude(pk=pk).exists():
            continue
        model.objects.filter(pk=pk).update(**{field: clean})


def forwards(apps, schema_editor):
    _normalise(apps.get_model("recommendations", "RecommendationEntry"), "id_number", unique=False)
    _normalise(apps.get_model("supervision", "IntegrityRecord"), "id_number", unique=False)
    _normalise(apps.get_model("accounts", "User"), "id_number", unique=True)
    _normalise(apps.get_model("orgs", "Unit"), "uscc", unique=True)


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0003_procedure_help_texts"),
        ("supervision", "0004_appeal_about_report"),
        ("accounts", "0002_user_name_pinyin"),
        ("orgs", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
