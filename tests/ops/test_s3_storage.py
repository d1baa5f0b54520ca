"""Uploads in S3-compatible object storage (moto's server on loopback): upload, signed download, no anonymous read."""

import hashlib
import urllib.error
import urllib.parse
import urllib.request

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from moto.server import ThreadedMotoServer

from .support import free_port

BUCKET = "zhicheng-uploads"
KEYS = {"access_key": "zc-test-key", "secret_key": "zc-test-secret"}


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id=KEYS["access_key"], aws_secret_access_key=KEYS["secret_key"])
    client.create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


@pytest.fixture
def s3_storage(settings, s3_endpoint):
    # The same options settings/__init__.py builds from STORAGE_BACKEND=s3 and S3_*.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
            "bucket_name": BUCKET, "endpoint_url": s3_endpoint, "region_name": "us-east-1",
            "default_acl": "private", "querystring_auth": True, "file_overwrite": False, **KEYS,
        }},
    }
    return s3_endpoint


def test_upload_then_signed_download_and_no_anonymous_read(s3_storage):
    body = b"%PDF-1.4 " + "盘龙区 考核认定表".encode() * 200
    name = default_storage.save("attachments/1/id_card/probe.pdf", ContentFile(body))
    assert type(default_storage._wrapped).__name__ == "S3Storage"
    assert default_storage.exists(name) and default_storage.size(name) == len(body)

    signed = default_storage.url(name)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(signed).query)
    assert "Signature" in query or "X-Amz-Signature" in query
    with urllib.request.urlopen(signed, timeout=5) as response:
        assert response.status == 200
        assert hashlib.sha256(response.read()).hexdigest() == hashlib.sha256(body).hexdigest()

    unsigned = signed.split("?", 1)[0]
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(unsigned, timeout=5)
    assert refused.value.code == 403


def test_second_upload_with_the_same_name_does_not_overwrite(s3_storage):
    first = default_storage.save("attachments/2/pledge.pdf", ContentFile(b"first"))
    second = default_storage.save("attachments/2/pledge.pdf", ContentFile(b"second"))
    assert first != second
    with default_storage.open(first) as fh:
        assert fh.read() == b"first"


@pytest.mark.django_db
def test_readyz_sees_the_object_store(client, s3_storage):
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json()["checks"]["storage"]["ok"] is True
