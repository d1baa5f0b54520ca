"""Dependencies run one way: infrastructure apps import no domain app, nothing imports another app's views,
and no import is wrapped in ``try/except ImportError`` (a fallback that changes behaviour when it fires)."""

import ast
from pathlib import Path

import zhicheng

ROOT = Path(zhicheng.__file__).parent
# Apps every other app may use, which must not use the domain apps above them.
INFRASTRUCTURE = {"documents": {"documents"}, "audit": {"audit"}, "notifications": {"notifications", "core"},
                  "policy": {"policy"}}


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        yield path, path.relative_to(ROOT).parts[0].removesuffix(".py"), ast.parse(path.read_text(encoding="utf-8"))


def _imported(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("zhicheng."):
            yield node, node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("zhicheng."):
                    yield node, alias.name


def test_infrastructure_apps_import_no_domain_app():
    wrong = []
    for path, app, tree in _modules():
        if app not in INFRASTRUCTURE:
            continue
        for node, module in _imported(tree):
            if module.split(".")[1] not in INFRASTRUCTURE[app]:
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {module}")
    assert not wrong, wrong


def test_no_app_imports_another_apps_views():
    wrong = []
    for path, app, tree in _modules():
        if app == "urls":  # the project's URL conf mounts every app's routes
            continue
        for node, module in _imported(tree):
            parts = module.split(".")
            if parts[1] != app and any(p.startswith("views") for p in parts[2:]):
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {module}")
    assert not wrong, wrong


def test_no_import_fallbacks():
    wrong = []
    for path, _app, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                names = {n.id for n in ast.walk(node.type) if isinstance(n, ast.Name)}
                if names & {"ImportError", "ModuleNotFoundError"}:
                    wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}")
        text = path.read_text(encoding="utf-8")
        if "importlib" in text and path.name != "demo.py":
            wrong.append(f"{path.relative_to(ROOT)}: importlib")
    assert not wrong, wrong


def test_apps_below_supervision_read_only_its_sanctions():
    """recommendations and applications ask supervision one thing (is a person or unit barred now?) through
    supervision.sanctions, which imports none of them back."""
    wrong = []
    for path, app, tree in _modules():
        for node, module in _imported(tree):
            parts = module.split(".")
            if app in ("applications", "recommendations") and parts[1] == "supervision" \
                    and module != "zhicheng.supervision.sanctions":
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {module}")
            if path.name == "sanctions.py" and app == "supervision" and parts[1] in ("applications", "recommendations"):
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {module}")
    assert not wrong, wrong


def test_applications_do_not_import_certificates():
    """Certificates are issued from recognised applications; the application pages show the claim panel through
    the certificates template tag, so applications/ imports nothing of certificates/."""
    wrong = [f"{path.relative_to(ROOT)}:{node.lineno}" for path, app, tree in _modules() if app == "applications"
             for node, module in _imported(tree) if module.split(".")[1] == "certificates"]
    assert not wrong, wrong
