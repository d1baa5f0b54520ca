"""Key material: the installation's CA, organisations' certificates, encrypted private keys, cached signers.

Where private keys live, and why: in the database (``SigningKey.encrypted_key``), each one encrypted PKCS#8 PEM
(PBES2, AES-256) under ``settings.SIGNING_KEY_PASSPHRASE``. Every app server and Celery worker that signs already
shares the database, so no key directory has to be kept in sync between servers or restored separately from
backups; a database dump or backup alone yields no usable key (the passphrase lives only in the servers'
environment, like SECRET_KEY). Keys are decrypted only in the signing process and kept there in memory
(``signer_for``); nothing in the platform returns or exports them. The embedded development default derives the
passphrase from SECRET_KEY; the production profile refuses to start without ``SIGNING_KEY_PASSPHRASE``.

Keys are ECDSA P-256 (what PDF readers validate, and about 30 times faster to create and use than RSA-2048).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings

CA_YEARS = 20
KEY_DAYS = 2 * 365 + 1
DEV_PASSPHRASE_CONTEXT = b"zhicheng signing key passphrase v1\x00"


def passphrase() -> bytes:
    configured = (getattr(settings, "SIGNING_KEY_PASSPHRASE", "") or "").encode()
    if configured:
        return configured
    # Development only (production settings require SIGNING_KEY_PASSPHRASE).
    return hashlib.sha256(DEV_PASSPHRASE_CONTEXT + settings.SECRET_KEY.encode()).hexdigest().encode()


def new_private_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def encrypt_key(key) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.BestAvailableEncryption(passphrase())).decode()


def decrypt_key(pem: str, password: bytes | None = None):
    return serialization.load_pem_private_key(pem.encode(), password=password or passphrase())


def load_certificate(pem: str | bytes) -> x509.Certificate:
    data = pem.encode() if isinstance(pem, str) else pem
    if b"-----BEGIN" in data:
        return x509.load_pem_x509_certificate(data)
    return x509.load_der_x509_certificate(data)


def load_certificates(pem: str) -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates(pem.encode()) if pem and pem.strip() else []


def certificate_pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


def subject_name(cert: x509.Certificate) -> str:
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else cert.subject.rfc4514_string()


def _name(common_name: str, *, organisation: str = "", locality: str = "", serial: str = "") -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "CN")]
    if locality:
        attrs.append(x509.NameAttribute(NameOID.LOCALITY_NAME, locality[:128]))
    attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, (organisation or common_name)[:64]))
    if serial:
        attrs.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, serial[:64]))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]))
    return x509.Name(attrs)


def make_ca(common_name: str, *, now: dt.datetime):
    """A self-signed root CA (key, certificate)."""
    key = new_private_key()
    name = _name(common_name)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=365 * CA_YEARS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    return key, cert


def issue_certificate(*, ca_key, ca_cert: x509.Certificate, common_name: str, organisation: str = "",
                      locality: str = "", serial: str = "", now: dt.datetime):
    """A document-signing certificate for one organisation (key, certificate)."""
    key = new_private_key()
    cert = (x509.CertificateBuilder()
            .subject_name(_name(common_name, organisation=organisation, locality=locality, serial=serial))
            .issuer_name(ca_cert.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=KEY_DAYS))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION,
                                                  x509.ObjectIdentifier("1.3.6.1.4.1.311.10.3.12")]),  # doc signing
                           critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    return key, cert


def check_issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, Exception):  # InvalidSignature is not a ValueError
        return False
    return True


# --- signers (kept per key in each process) ---------------------------------------------------------------

# Keyed by (row, fingerprint): a row id alone may name another key after a database is rebuilt (tests, restores).
_signers: dict[tuple[int, str], object] = {}
_signers_lock = threading.Lock()


def _asn1(cert: x509.Certificate):
    from asn1crypto import x509 as asn1_x509

    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def signer_for(key_row):
    """A pyHanko signer for this SigningKey row, built once per process (decrypting the key costs a few ms) and
    keeping the constant parts of its CMS encoded (``cms.PrecomputedSigner``)."""
    signer = _signers.get((key_row.pk, key_row.fingerprint))
    if signer is not None:
        return signer
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    from .cms import PrecomputedSigner, private_key_info

    private = decrypt_key(key_row.encrypted_key)
    chain = [_asn1(c) for c in load_certificates(key_row.chain_pem)]
    signer = PrecomputedSigner(signing_cert=_asn1(load_certificate(key_row.certificate_pem)),
                               signing_key=private_key_info(private), private_key=private,
                               cert_registry=SimpleCertificateStore.from_certs(chain))
    with _signers_lock:
        _signers[(key_row.pk, key_row.fingerprint)] = signer
    return signer


def forget_signer(key_pk: int) -> None:
    with _signers_lock:
        for cached in [k for k in _signers if k[0] == key_pk]:
            del _signers[cached]
