"""Ed25519 signing of certificate data, so anyone can check a certificate offline with the public key.

The private key comes from ``settings.CERTIFICATE_SIGNING_KEY``: a PEM-encoded Ed25519 private key, or a
32-byte seed written as 64 hex digits. Production settings refuse to start without it. Only in the embedded
development default (empty setting) is a stable key derived from SECRET_KEY, so that certificates issued on a
developer's machine survive restarts; such a key is as secret as SECRET_KEY and must never be used in production.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import lru_cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

DEV_KEY_CONTEXT = b"zhicheng certificate dev signing key v1\x00"


def canonical_json(data: dict) -> str:
    """The exact text that is signed: keys sorted, no spaces, UTF-8 characters kept as they are."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _load_private_key(configured: str, secret_key: str) -> Ed25519PrivateKey:
    configured = (configured or "").strip()
    if not configured:
        # Development only: derive a stable key from SECRET_KEY (production settings require a real key).
        seed = hashlib.sha256(DEV_KEY_CONTEXT + secret_key.encode()).digest()
        return Ed25519PrivateKey.from_private_bytes(seed)
    if configured.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(configured.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("CERTIFICATE_SIGNING_KEY must be an Ed25519 private key")
        return key
    seed = bytes.fromhex(configured)
    if len(seed) != 32:
        raise ValueError("CERTIFICATE_SIGNING_KEY hex seed must be 32 bytes (64 hex digits)")
    return Ed25519PrivateKey.from_private_bytes(seed)


@lru_cache(maxsize=4)
def _private_key_for(configured: str, secret_key: str) -> Ed25519PrivateKey:
    return _load_private_key(configured, secret_key)


def private_key() -> Ed25519PrivateKey:
    return _private_key_for(getattr(settings, "CERTIFICATE_SIGNING_KEY", ""), settings.SECRET_KEY)


def public_key() -> Ed25519PublicKey:
    return private_key().public_key()


_configured_public_key = public_key  # certificate_verify_signature's parameter shadows the name


def public_key_pem(key: Ed25519PublicKey | None = None) -> str:
    key = key or public_key()
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def key_id(key: Ed25519PublicKey | None = None) -> str:
    raw = (key or public_key()).public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def sign(payload: str) -> str:
    return base64.b64encode(private_key().sign(payload.encode("utf-8"))).decode()


def load_public_key(value) -> Ed25519PublicKey:
    if isinstance(value, Ed25519PublicKey):
        return value
    text = value.decode() if isinstance(value, bytes) else str(value)
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_public_key(text.encode())
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("not an Ed25519 public key")
        return key
    return Ed25519PublicKey.from_public_bytes(bytes.fromhex(text))


def certificate_verify_signature(payload, signature: str, public_key=None) -> bool:
    """True if signature (Base64) is the Ed25519 signature of payload (canonical JSON text or a dict)."""
    if isinstance(payload, dict):
        payload = canonical_json(payload)
    try:
        key = load_public_key(public_key) if public_key is not None else _configured_public_key()
        key.verify(base64.b64decode(signature, validate=True), payload.encode("utf-8"))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def short_token(signature: str) -> str:
    """12 URL-safe characters derived from the signature, carried by the QR code next to the number."""
    digest = hashlib.sha256(signature.encode()).digest()
    return base64.urlsafe_b64encode(digest[:9]).decode()
