"""How long and how much memory the upload check takes on the worst PDFs an attacker can send.

    .venv/bin/python benchmarks/upload_check.py

Each case runs in its own process (so its peak RSS is its own): build the file, then time
``zhicheng.documents.uploads.validate_upload`` on it and print the outcome, the wall time and the peak RSS of the
process (Python, Django and pypdf loaded: the ``baseline`` case is a one-page file). Targets: every case decided
within the time budget (``activepdf.TIME_BUDGET`` plus the parse of the largest single object) and under 300 MB.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

MB = 1024 * 1024
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"


def _catalogue(extra: bytes = b"") -> bytes:
    return b"<< /Type /Catalog /Pages 2 0 R " + extra + b" >>"


def baseline() -> bytes:
    from zhicheng.recommendations.demo import minimal_pdf

    return minimal_pdf("baseline")


def many_plain_objects(count: int = 99_000) -> bytes:
    """Just under the object limit, each a small dictionary, about 10 MB: the most work a legal-sized file asks."""
    from zhicheng.recommendations.demo import pdf_from_objects

    filler = [b"<< /Type /Filler /A [1 2 3 4 5 6 7 8] /B (%d) /C << /D /E /F 1.5 >> >>" % i for i in range(count)]
    return pdf_from_objects([_catalogue(), PAGES, PAGE, *filler])


def too_many_objects(count: int = 150_000) -> bytes:
    from zhicheng.recommendations.demo import pdf_from_objects

    return pdf_from_objects([_catalogue(), PAGES, PAGE, *([b"null"] * count)])


def many_compressed_objects(count: int = 99_000) -> bytes:
    """Just under the object limit, all inside object streams as full as allowed (a 1 MB file)."""
    from tests.security.hostile_pdfs import compressed_pdf

    from zhicheng.documents.activepdf import MAX_OBJECTS_PER_STREAM

    compressed = {1: _catalogue()}
    compressed.update({n: b"<< /Type /Filler /A [1 2 3 4 5 6 7 8] /B (%d) >>" % n for n in range(4, 4 + count)})
    return compressed_pdf(compressed, {2: PAGES, 3: PAGE}, per_stream=MAX_OBJECTS_PER_STREAM)


def object_stream_bomb(streams: int = 300) -> bytes:
    """Hundreds of object streams, each one object followed by 24 MB of spaces (about 25 kB compressed). The
    streams are the same bytes (compressing 24 MB 300 times would make the benchmark slow to build); the
    cross-reference stream points one object into each."""
    from tests.security.hostile_pdfs import with_cross_reference_stream

    data = zlib.compress(b"6 0\nnull\n" + b" " * (24 * MB), 9)
    out = bytearray(b"%PDF-1.5\n")
    offsets = {}
    objects = {2: PAGES, 3: PAGE}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    compressed = {1: (4, 0)}
    first = b"1 0\n"
    body = zlib.compress(first + _catalogue() + b"\n")
    offsets[4] = len(out)
    out += (b"4 0 obj\n<< /Type /ObjStm /N 1 /First %d /Length %d /Filter /FlateDecode >>\nstream\n"
            % (len(first), len(body)) + body + b"\nendstream\nendobj\n")
    number = 5
    for _ in range(streams):
        offsets[number] = len(out)
        out += (b"%d 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Length %d /Filter /FlateDecode >>\nstream\n"
                % (number, len(data)) + data + b"\nendstream\nendobj\n")
        compressed[number + 1] = (number, 0)
        number += 2
    return with_cross_reference_stream(out, offsets, compressed)


def deep_nesting(depth: int = 100_000) -> bytes:
    from zhicheng.recommendations.demo import pdf_from_objects

    return pdf_from_objects([_catalogue(), PAGES, b"<< /Type /Page /Parent 2 0 R /X " + b"[" * depth
                             + b"]" * depth + b" >>"])


CASES = {f.__name__: f for f in (baseline, many_plain_objects, too_many_objects, many_compressed_objects,
                                 object_stream_bomb, deep_nesting)}


def run_case(name: str) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhicheng.settings")
    import logging

    import django

    django.setup()
    logging.disable(logging.WARNING)
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhicheng.documents import uploads

    data = CASES[name]()
    upload = SimpleUploadedFile("case.pdf", data, content_type="application/pdf")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        uploads.validate_upload(upload, category="recommendation_policy")
        outcome = "accepted"
    except ValidationError as exc:
        outcome = exc.messages[0][:24]
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"case": name, "size_mb": round(len(data) / MB, 2), "outcome": outcome, "seconds": round(seconds, 2),
            "rss_before_mb": round(before / 1024), "peak_rss_mb": round(peak / 1024)}


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--case":
        print(json.dumps(run_case(sys.argv[2]), ensure_ascii=False))
        return 0
    missed = 0
    print(f"{'case':26} {'size':>8} {'time':>7} {'peak RSS':>9}  outcome")
    for name in CASES:
        out = subprocess.run([sys.executable, __file__, "--case", name], capture_output=True, text=True, check=False)
        if out.returncode:
            print(name, "FAILED", out.stderr[-2000:])
            missed += 1
            continue
        row = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{row['case']:26} {row['size_mb']:>6} MB {row['seconds']:>5} s {row['peak_rss_mb']:>6} MB  {row['outcome']}")
        if row["seconds"] > 10 or row["peak_rss_mb"] > 300:
            missed += 1
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
