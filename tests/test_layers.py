"""The package's layers, as the README's Architecture section draws them: imports only go down.

Every import in every module is checked, including those inside functions."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from support import copy_example

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

# What each layer may import from the package, besides itself.
ALLOWED = {
    "core": set(),
    "reading": {"core"},
    "wording": {"core"},
    "outputs": {"core", "reading", "wording"},
    "crosspost": {"core", "reading", "wording", "outputs"},  # Statuspage-shaped webhooks
    "practice": {"core", "reading", "wording"},
    "listening": {"core", "reading", "wording", "crosspost"},
    "site": {"core", "reading", "wording", "outputs", "crosspost", "practice", "listening"},
    "deploy": {"core", "reading"},
    "cli": {"core", "reading", "wording", "outputs", "crosspost", "practice", "listening", "site",
            "deploy"},
}
# Outside libraries that stay out of the lower layers: MkDocs only in site/ (the builder is an
# adapter), the network only in crosspost/ and above, no process or socket work in the core.
FORBIDDEN_BELOW_SITE = {"mkdocs", "material"}
FORBIDDEN_IN_CORE = {"httpx", "socket", "subprocess", "shutil", "tempfile", "asyncio", "boto3"}


def imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "generator":
                found += [(node.lineno, f"generator.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
    return found


def layer_of(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0]


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if len(p.relative_to(PACKAGE).parts) > 1)


def test_every_module_lives_in_a_layer() -> None:
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]
    assert loose == []
    assert {layer_of(p) for p in modules()} == set(ALLOWED)


def test_imports_only_go_down() -> None:
    wrong = []
    for path in modules():
        layer = layer_of(path)
        for line, name in imports(path):
            top = name.split(".")[0]
            where = f"{path.relative_to(PACKAGE.parent)}:{line}: {name}"
            if top == "generator":
                target = name.split(".")[1]
                if target != layer and target not in ALLOWED[layer]:
                    wrong.append(f"{where} ({layer} may not import {target})")
            elif top in FORBIDDEN_BELOW_SITE and layer not in ("site", "cli"):
                wrong.append(f"{where} (only site/ knows MkDocs)")
            elif top in FORBIDDEN_IN_CORE and layer == "core":
                wrong.append(f"{where} (the core does no I/O)")
    assert wrong == []


def test_the_plugin_never_imports_the_command_line() -> None:
    site_imports = [name for path in (PACKAGE / "site").rglob("*.py") for _, name in imports(path)]
    assert not [name for name in site_imports if name.startswith("generator.cli")]


def test_a_build_loads_no_http_client(tmp_path: Path) -> None:
    """httpx (about 50 ms of imports) is loaded by the commands that send or read a channel,
    not by `crisishub build`, which every update runs; the example hub has channels."""
    project = copy_example(tmp_path)
    script = ("import sys; from generator.cli.main import main; code = main(['build']); "
              "print(code, 'httpx' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script], cwd=project, capture_output=True,
                          text=True, check=True, timeout=300)
    assert done.stdout.splitlines()[-1] == "0 False"
