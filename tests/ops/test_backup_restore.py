"""Backup and restore as docs/deploy.md says: pg_dump -Fc / pg_restore and a copy of the object store.

A real database with the demo (data in every state) is dumped, restored into a fresh database, and compared:
row counts of every table, sequence positions, the audit hash chain, and SHA-256 of every stored file.
"""

import contextlib
import hashlib
import json
import os
import shutil
import subprocess

import psycopg
import pytest

from .support import PSQL_ENV, ZHICHENG, base_env, drop_database, is_postgres, pg_url, recreate_database, run

pytestmark = pytest.mark.skipif(not is_postgres(), reason="pg_dump/pg_restore need PostgreSQL")

SRC, DST = f"zc_backup_src_{os.getpid()}", f"zc_backup_dst_{os.getpid()}"

# Adds one stored file the demo may not have, so the file comparison always has something to check.
ADD_FILE = """
from django.core.files.base import ContentFile
from zhicheng.orgs.models import Unit
from zhicheng.recommendations.models import RecommendationPolicy
import datetime
RecommendationPolicy.objects.create(unit=Unit.objects.order_by("pk").first(), title="考核推荐办法（备份测试）",
    adopted_on=datetime.date(2024, 7, 1), file=ContentFile("考核推荐办法".encode() * 300, "policy.pdf"))
"""

# Every FileField value in the database: what the object-store backup must hold.
LIST_FILES = """
import json
from django.apps import apps
from django.db.models import FileField
out = []
for model in apps.get_models():
    for f in model._meta.get_fields():
        if isinstance(f, FileField):
            out += [[model._meta.label, n] for n in model.objects.exclude(**{f.name: ""}).values_list(f.name, flat=True)]
print(json.dumps(out))
"""

DOCUMENT_HASHES = """
import json
from zhicheng.documents.models import Attachment
print(json.dumps(dict(Attachment.objects.values_list("file", "sha256"))))
"""


def table_counts(dbname: str) -> dict[str, int]:
    with psycopg.connect(pg_url(dbname)) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def sequence_positions(dbname: str) -> dict[str, int | None]:
    with psycopg.connect(pg_url(dbname)) as conn:
        return dict(conn.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"))


def sha256_of(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_dump_and_restore_lose_nothing(tmp_path):
    media, backup, restored_media = tmp_path / "media", tmp_path / "object-store-backup", tmp_path / "media-restored"
    dump = tmp_path / "zhicheng.dump"
    src_env = base_env(DATABASE_URL=pg_url(SRC), MEDIA_ROOT=media, ZHICHENG_VAR_DIR=tmp_path / "var")
    try:
        recreate_database(SRC)
        run([ZHICHENG, "migrate", "--noinput"], src_env)
        run([ZHICHENG, "demo"], src_env)
        run([ZHICHENG, "shell", "--no-imports", "-c", ADD_FILE], src_env)
        files = json.loads(run([ZHICHENG, "shell", "--no-imports", "-c", LIST_FILES], src_env).stdout)
        assert files, "the source database references no stored files"
        original = {name: sha256_of(media / name) for _, name in files}

        # Back up: database dump and a copy of the object store (aws s3 sync / rclone in production).
        pg_env = {**os.environ, **PSQL_ENV}
        run(["pg_dump", "-Fc", "--no-owner", "-d", SRC, "-f", str(dump)], pg_env)
        shutil.copytree(media, backup)

        # Disaster: restore both into fresh places.
        recreate_database(DST)
        run(["pg_restore", "--no-owner", "--exit-on-error", "-d", DST, str(dump)], pg_env)
        shutil.copytree(backup, restored_media)

        src_counts, dst_counts = table_counts(SRC), table_counts(DST)
        assert src_counts == dst_counts
        assert src_counts["accounts_user"] > 10 and src_counts["audit_auditentry"] > 0
        assert sequence_positions(SRC) == sequence_positions(DST)

        dst_env = base_env(DATABASE_URL=pg_url(DST), MEDIA_ROOT=restored_media, ZHICHENG_VAR_DIR=tmp_path / "var")
        verify = run([ZHICHENG, "audit", "verify"], dst_env)
        assert "哈希链无断点" in verify.stdout
        restored_files = json.loads(run([ZHICHENG, "shell", "--no-imports", "-c", LIST_FILES], dst_env).stdout)
        assert sorted(restored_files) == sorted(files)
        for _, name in restored_files:
            assert sha256_of(restored_media / name) == original[name], name
        recorded = json.loads(run([ZHICHENG, "shell", "--no-imports", "-c", DOCUMENT_HASHES], dst_env).stdout)
        for name, digest in recorded.items():  # attachments carry their own SHA-256: it still matches
            assert sha256_of(restored_media / name) == digest, name

        # The restored database is a working one: the sequences continue (new rows get new ids).
        run([ZHICHENG, "shell", "--no-imports", "-c", ADD_FILE], dst_env)
    finally:
        for db in (SRC, DST):
            with contextlib.suppress(AssertionError, subprocess.SubprocessError):  # best-effort clean-up
                drop_database(db)
