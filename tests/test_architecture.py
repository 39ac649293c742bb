"""The package's layering, read from the layer table of docs/architecture.md: no import cycles, no lower layer
importing a higher one, no module over ~250 lines and no class over ~100."""

from __future__ import annotations

import ast
import functools
import json
import re
from graphlib import CycleError, TopologicalSorter

import pytest

from conftest import REPO

PACKAGE = REPO / "src" / "helpers"
ARCHITECTURE = REPO / "docs" / "architecture.md"


def _documented_layers() -> list[set[str]]:
    """The layer table of docs/architecture.md, lowest layer first: one set of module names per row."""
    section = ARCHITECTURE.read_text(encoding="utf-8").split("\n## Layers\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| layer ")]
    return [set(re.findall(r"`([\w.]+)`", row.split("|")[2])) for row in rows]


# A module may import from its own layer and the layers below it, never from above.
LAYERS = _documented_layers()
MAX_LINES = 250
MAX_CELL_LINES = 20


@functools.cache
def _modules() -> dict[str, ast.Module]:
    """Every module of the package, parsed once for all the tests here (none changes a tree)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        found[name] = ast.parse(path.read_text(encoding="utf-8"))
    return found


def _imports(name: str, tree: ast.Module, known: set[str]) -> set[str]:
    """The package modules `name` imports (relative and absolute)."""
    package = name.split(".")[:-1]  # a module's package; for X.__init__ that is X itself
    targets = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            if node.level == 0:
                if not (node.module or "").startswith("helpers"):
                    continue
                base, module = [], (node.module or "").removeprefix("helpers").lstrip(".")
            else:
                module = node.module or ""
            stem = ".".join([*base, *module.split(".")]).strip(".") if module else ".".join(base)
            for alias in node.names:
                candidate = f"{stem}.{alias.name}".strip(".")
                targets.add(candidate if candidate in known else stem)
        elif isinstance(node, ast.Import):
            targets |= {a.name.removeprefix("helpers.") for a in node.names if a.name.startswith("helpers.")}
    return {t for t in targets if t in known and t != name}


def _layer(name: str) -> int:
    for index, layer in enumerate(LAYERS):
        if name in layer:
            return index
    raise AssertionError(f"helpers.{name} has no layer: add it to the layer table of docs/architecture.md")


def test_every_module_has_a_layer_and_imports_only_downwards():
    modules = _modules()
    wrong = [
        f"{name} (layer {_layer(name)}) imports {target} (layer {_layer(target)})"
        for name, tree in modules.items()
        for target in _imports(name, tree, set(modules))
        if _layer(target) > _layer(name)
    ]
    assert wrong == []


def test_the_documented_layers_name_every_module_once_and_nothing_else():
    named = [module for layer in LAYERS for module in layer]
    assert len(LAYERS) >= 8 and len(named) == len(set(named))
    assert set(named) == set(_modules())


def test_the_import_graph_has_no_cycle():
    modules = _modules()
    graph = {name: _imports(name, tree, set(modules)) for name, tree in modules.items()}
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as error:
        pytest.fail(f"import cycle: {error.args[1]}")


def test_the_layering_check_catches_an_upward_import():
    tree = ast.parse("from .openai_client import client\n")
    assert _imports("balance_shift", tree, set(_modules())) == {"openai_client"}
    assert _layer("openai_client") > _layer("balance_shift")


def test_no_module_is_over_the_size_limit():
    long = {
        p.name: n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_no_class_is_over_a_hundred_lines():
    big = [
        f"{path.name}:{node.name}"
        for path in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno > 100
    ]
    assert big == []


def test_notebooks_are_short_cells_that_define_no_function_and_never_import_the_stand_in():
    for path in sorted((REPO / "notebooks").rglob("*.ipynb")):
        for number, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            source = "".join(cell["source"])
            if cell["cell_type"] != "code":
                continue
            where = f"{path.relative_to(REPO)} cell {number}"
            assert "stand_in" not in source and "authoring" not in source, where
            assert not any(isinstance(n, ast.FunctionDef | ast.Lambda) for n in ast.walk(ast.parse(source))), where
            assert len(source.strip().splitlines()) <= MAX_CELL_LINES, where
