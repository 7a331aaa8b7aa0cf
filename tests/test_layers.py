"""The code flows one way: core <- ingest <- index <- service, and nothing imports upward."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Each package and the packages of ours it may import.
MAY_IMPORT = {
    "core": set(),
    "ingest": {"core"},
    "index": {"core", "ingest"},
    "service": {"core", "ingest", "index"},
}


def imported_packages(path: Path) -> set[str]:
    """Our packages a module imports anywhere (top level, inside functions, under TYPE_CHECKING)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {name.split(".")[0] for name in names} & MAY_IMPORT.keys()
    return found


@pytest.mark.parametrize("package", sorted(MAY_IMPORT))
def test_a_package_imports_only_the_packages_below_it(package: str) -> None:
    modules = sorted((ROOT / package).rglob("*.py"))
    assert modules
    upward = {
        str(module.relative_to(ROOT)): sorted(imported_packages(module) - MAY_IMPORT[package] - {package})
        for module in modules
    }
    assert {module: names for module, names in upward.items() if names} == {}


def test_the_check_sees_imports_inside_functions(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from service.app import create_app\n    import index.store\n")
    assert imported_packages(module) == {"service", "index"}
