"""The CMS (PKCS #7) inside each PAdES signature, with everything that never changes for a key serialised once.

Why: pyHanko builds the CMS of every signature afresh with asn1crypto, and asn1crypto 1.5 re-serialises a
freshly built structure several times over on each ``dump()`` (a mutated node re-encodes its subtree on every
read of ``.contents``, and ``dump`` reads it two or three times per level), so the few hundred bytes of signed
attributes and the certificate set cost about 60 % of a seal (about 15 ms of 25 ms; cProfile of
``benchmarks/documents.py``'s signed forms: 4,000 ``dump`` calls per signature for a 275-byte attribute set).

For one key, every byte of the CMS except the document digest and the raw signature is the same in every
signature we make (PAdES B-B: content type, message digest and the ESS signing-certificate-v2 as signed
attributes; the signing time is the signature dictionary's ``/M``, not an attribute; no unsigned attributes).
``PrecomputedSigner`` therefore lets pyHanko build one reference CMS per key and digest algorithm, keeps its
constant pieces as DER, and for each signature splices in the digest and the signature (a few TLV headers),
handing pyHanko an already-encoded ``ContentInfo``. The reference is rebuilt from the pieces and compared byte
for byte with pyHanko's own before it is used; anything else (other attributes, a timestamp, attribute
certificates) goes through pyHanko's code unchanged. The overrides are ``Signer.signed_attrs`` (public) and
``Signer._package_signature`` and ``SimpleSigner.sign_raw`` (pyHanko 0.38); should a later pyHanko stop calling
them, signatures stay valid and only the speed is lost (``benchmarks/documents.py`` shows it).
"""

from __future__ import annotations

import hashlib
import logging
import threading

from asn1crypto import cms
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pyhanko.sign.attributes import SigningCertificateV2Provider
from pyhanko.sign.general import get_pyca_cryptography_hash
from pyhanko.sign.signers import SimpleSigner

logger = logging.getLogger(__name__)

_DATA = {"content_type": "data"}


def _placeholder(size: int, label: bytes) -> bytes:
    return hashlib.shake_256(b"zhicheng cms placeholder " + label).digest(size)


def _der_length(size: int) -> bytes:
    if size < 0x80:
        return bytes([size])
    octets = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(octets)]) + octets


def _tlv(tag: int, value: bytes) -> bytes:
    return bytes([tag]) + _der_length(len(value)) + value


def _strip_header(der: bytes) -> bytes:
    """The value of a DER TLV (single-byte tag)."""
    first = der[1]
    start = 2 if first < 0x80 else 2 + (first & 0x7F)
    return der[start:]


class _Packaging:
    """The constant DER pieces of one key's SignedData around (signed attributes, signature)."""

    def __init__(self, content_info: cms.ContentInfo):
        info = cms.ContentInfo.load(content_info.dump())  # parsed, not rebuilt: every child keeps its bytes
        signed_data = info["content"]
        signer_info = signed_data["signer_infos"][0]
        self.oid = info["content_type"].dump()
        self.data_head = b"".join(signed_data[name].dump() for name in
                                  ("version", "digest_algorithms", "encap_content_info", "certificates"))
        self.info_head = b"".join(signer_info[name].dump() for name in ("version", "sid", "digest_algorithm"))
        self.algorithm = signer_info["signature_algorithm"].dump()

    def content_info(self, signed_attrs_der: bytes, signature: bytes) -> bytes:
        # signedAttrs is [0] IMPLICIT SET OF: the SET's encoding with its tag 0x31 replaced by 0xA0.
        signer_info = _tlv(0x30, self.info_head + b"\xa0" + signed_attrs_der[1:] + self.algorithm
                           + _tlv(0x04, signature))
        signed_data = _tlv(0x30, self.data_head + _tlv(0x31, signer_info))
        return _tlv(0x30, self.oid + _tlv(0xA0, signed_data))


class PrecomputedSigner(SimpleSigner):
    """A pyHanko ``SimpleSigner`` that encodes the unchanging parts of its CMS once (see the module docstring)."""

    def __init__(self, *args, private_key=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._private_key = private_key  # the cryptography key, so it is not re-loaded from DER per signature
        self._attr_templates: dict[tuple, tuple[bytes, bytes] | None] = {}
        self._packagings: dict[tuple, _Packaging | None] = {}
        self._lock = threading.Lock()

    # --- signed attributes: content type, message digest, signing-certificate-v2 -------------------------

    def _is_constant(self, providers) -> bool:
        return all(type(p) is SigningCertificateV2Provider and p.signing_cert is self.signing_cert
                   for p in providers)

    async def signed_attrs(self, data_digest: bytes, digest_algorithm: str, attr_settings=None,
                           content_type="data", use_pades=False, timestamper=None, dry_run=False,
                           is_pdf_sig=True):
        kwargs = {"attr_settings": attr_settings, "content_type": content_type, "use_pades": use_pades,
                  "timestamper": timestamper, "dry_run": dry_run, "is_pdf_sig": is_pdf_sig}
        if content_type != "data" or self.signed_attr_prov_spec is not None:
            return await super().signed_attrs(data_digest, digest_algorithm, **kwargs)
        providers = list(self._signed_attr_providers(
            data_digest=data_digest, digest_algorithm=digest_algorithm, use_cades=use_pades,
            attr_settings=attr_settings or _default_attr_settings(), timestamper=timestamper,
            is_pdf_sig=is_pdf_sig))
        if not self._is_constant(providers):
            return await super().signed_attrs(data_digest, digest_algorithm, **kwargs)
        key = (digest_algorithm, use_pades, is_pdf_sig, len(data_digest))
        if key not in self._attr_templates:
            placeholder = _placeholder(len(data_digest), b"digest")
            der = (await super().signed_attrs(placeholder, digest_algorithm, **kwargs)).dump()
            template = None
            if der.count(placeholder) == 1:
                head, tail = der.split(placeholder)
                template = (head, tail)
            else:  # cannot happen for these attributes; keep pyHanko's path rather than guess
                logger.warning("signed attributes template not usable for %s", self._label)
            with self._lock:
                self._attr_templates[key] = template
        template = self._attr_templates[key]
        if template is None:
            return await super().signed_attrs(data_digest, digest_algorithm, **kwargs)
        return cms.CMSAttributes.load(template[0] + data_digest + template[1])

    # --- the SignedData around them ------------------------------------------------------------------------

    def _packaging(self, digest_algorithm: str, cms_version, signed_attrs) -> _Packaging | None:
        key = (digest_algorithm, cms_version)
        if key in self._packagings:
            return self._packagings[key]
        signature = _placeholder(72, b"signature")
        reference = super()._package_signature(
            digest_algorithm=digest_algorithm, cms_version=cms_version, signed_attrs=signed_attrs,
            signature=signature, unsigned_attrs=None, encap_content_info=dict(_DATA))
        packaging = _Packaging(reference)
        if packaging.content_info(signed_attrs.dump(), signature) != reference.dump():
            logger.warning("CMS packaging template differs from pyHanko's for %s", self._label)
            packaging = None
        with self._lock:
            self._packagings[key] = packaging
        return packaging

    def _package_signature(self, *, digest_algorithm, cms_version, signed_attrs, signature, unsigned_attrs,
                           encap_content_info):
        simple = (unsigned_attrs is None and not self.attribute_certs
                  and (encap_content_info is None or encap_content_info == _DATA))
        packaging = self._packaging(digest_algorithm, cms_version, signed_attrs) if simple else None
        if packaging is None:
            return super()._package_signature(
                digest_algorithm=digest_algorithm, cms_version=cms_version, signed_attrs=signed_attrs,
                signature=signature, unsigned_attrs=unsigned_attrs, encap_content_info=encap_content_info)
        return cms.ContentInfo.load(packaging.content_info(signed_attrs.dump(), signature))

    # --- the raw signature -----------------------------------------------------------------------------

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        key = self._private_key
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        try:
            mechanism = mechanism.signature_algo
        except ValueError:
            mechanism = mechanism["algorithm"].native
        if isinstance(key, EllipticCurvePrivateKey) and mechanism == "ecdsa":
            return key.sign(data, ECDSA(get_pyca_cryptography_hash(digest_algorithm)))
        if isinstance(key, Ed25519PrivateKey) and mechanism == "ed25519":
            return key.sign(data)
        return super().sign_raw(data, digest_algorithm)

    @property
    def _label(self) -> str:
        return self.signing_cert.subject.human_friendly


def _default_attr_settings():
    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

    return PdfCMSSignedAttributes()


def private_key_info(private_key):
    """The asn1crypto PrivateKeyInfo pyHanko's SimpleSigner wants, for a cryptography private key."""
    from asn1crypto import keys

    return keys.PrivateKeyInfo.load(private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
