"""Instructions per signed 考核认定表 and per issued certificate, counted by valgrind (callgrind), so that two versions
can be compared on a machine shared with other work, where CPU-seconds of the same code vary by half.

Runs the code paths ``benchmarks/documents.py`` times (``esign.draw_unsigned`` and ``esign.seal`` for every party;
the Celery task ``issue_certificates``, eager), after the same warm-up (fonts loaded, each key's signer built), on
N forms and N certificates, and counts only those sections (``--instr-atstart=no``, switched on and off around
them). It starts itself under valgrind:

    .venv/bin/python benchmarks/documents_instructions.py [--count 6]

About 5 minutes on a loaded 2-core machine (valgrind runs the set-up slowly too). Instruction counts leave out
what the kernel does (file and database writes), which CPU-seconds include.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _callgrind(*args: str) -> None:
    subprocess.run(["callgrind_control", *args, str(os.getpid())], check=True, stdout=subprocess.DEVNULL)


def measure(count: int) -> None:
    sys.path[:0] = [str(ROOT / "benchmarks")]
    import documents as bench  # puts this checkout's src first on sys.path

    with tempfile.TemporaryDirectory(prefix="zhicheng-instr-") as tmp:
        bench.setup_django(Path(tmp))
        world, apps = bench.make_world(2 * count + 4)

        from zhicheng.applications import esign
        from zhicheng.applications.models import Application
        from zhicheng.applications.recognition import render_recognition_form
        from zhicheng.certificates.tasks import issue_certificates

        def load(app):
            return (Application.objects.select_related("batch__district", "unit__department", "applicant")
                    .get(pk=app.pk))

        def seal_all(app, data, needs_department):
            for party in ("unit", "department", "bureau") if needs_department else ("unit", "bureau"):
                data, _key = esign.seal(app, data, party)

        render_recognition_form(apps[0])
        for app in apps[1:4]:  # one form per unit kind: every key's signer built, as in a running process
            app = load(app)
            seal_all(app, *esign.draw_unsigned(app))
        bureau = world.users["bureau"].pk
        issue_certificates.delay([apps[-1].pk], actor_id=bureau).get()

        forms = [load(app) for app in apps[4:4 + count]]
        _callgrind("-i", "on")
        drawn = [esign.draw_unsigned(app) for app in forms]
        _callgrind("-i", "off")
        _callgrind("-d", "draw")
        _callgrind("-z")
        _callgrind("-i", "on")
        for app, (data, needs_department) in zip(forms, drawn, strict=True):
            seal_all(app, data, needs_department)
        _callgrind("-i", "off")
        _callgrind("-d", "seals")
        _callgrind("-z")
        _callgrind("-i", "on")
        issue_certificates.delay([app.pk for app in apps[4 + count:4 + 2 * count]], actor_id=bureau).get()
        _callgrind("-i", "off")
        _callgrind("-d", "certificates")
        print(f"signatures {sum(3 if needs else 2 for _data, needs in drawn)}", flush=True)


def totals(directory: Path) -> dict[str, int]:
    found = {}
    for path in directory.glob("callgrind.out.*"):
        text = path.read_text(errors="replace")
        trigger = next((line.split()[-1] for line in text.splitlines() if line.startswith("desc: Trigger:")), "")
        total = next((int(line.split()[1]) for line in text.splitlines() if line.startswith("totals:")), 0)
        if trigger in ("draw", "seals", "certificates"):
            found[trigger] = total
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=6, help="forms and certificates to count (default 6)")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        measure(args.count)
        return
    with tempfile.TemporaryDirectory(prefix="zhicheng-callgrind-") as out:
        run = subprocess.run(["valgrind", "--tool=callgrind", "--instr-atstart=no", "--dump-instr=no",
                              sys.executable, str(Path(__file__).resolve()), "--inside", "--count", str(args.count)],
                             cwd=out, capture_output=True, text=True)
        if run.returncode != 0:
            sys.exit(run.stderr[-2000:])
        signatures = int(next(line for line in run.stdout.splitlines() if line.startswith("signatures")).split()[1])
        found = totals(Path(out))
    n = args.count
    per_form = (found["draw"] + found["seals"]) / n
    print(f"signed forms: {n} forms, {signatures} signatures: drawing {found['draw'] / n / 1e6:.0f} M instructions "
          f"per form, each seal {found['seals'] / signatures / 1e6:.1f} M, a fully signed form {per_form / 1e6:.0f} M")
    print(f"certificates: {found['certificates'] / n / 1e6:.0f} M instructions per issued certificate")


if __name__ == "__main__":
    main()
