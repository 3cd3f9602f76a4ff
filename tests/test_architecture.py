"""The package's stages depend one way: each imports only itself and the stages below it.

The order, lowest first, is STAGES (docs/architecture.md draws it). A test here fails on
any import cycle between modules and on any import of a higher stage, including imports
inside functions; and importing a stage in a fresh interpreter loads nothing above it.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cchc"
STAGES = ["base", "models", "domain", "records", "outputs", "pages", "site", "tools", "cli"]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imports(path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules `path` imports, anywhere in it (type-checking imports aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    checking_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and ast.unparse(block.test) == "TYPE_CHECKING"
        for stmt in block.body
        for node in ast.walk(stmt)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in checking_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module.startswith("cchc"):
            for alias in node.names:
                found.add(f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in known else node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in known}
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}: relative import (use `from cchc.<stage> import …`)")
    return {name for name in found if name in known} - {module_name(path)}


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "cchc"


def test_every_module_belongs_to_a_stage() -> None:
    strays = [name for name in modules() if stage(name) not in STAGES and name != "cchc"]
    assert not strays, f"modules outside the stages {STAGES}: {strays}"


def test_no_stage_imports_a_stage_above_it() -> None:
    known = modules()
    upward = [
        f"{name} → {target}"
        for name, path in known.items()
        for target in imports(path, known)
        if name != "cchc" and stage(target) in STAGES and STAGES.index(stage(target)) > STAGES.index(stage(name))
    ]
    assert not upward, "imports against the stages' order:\n" + "\n".join(sorted(upward))


def test_no_import_cycle() -> None:
    known = modules()
    graph = {name: imports(path, known) - {"cchc"} for name, path in known.items()}
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph[name]):
            # A package's __init__ importing its own modules is how a package is made, not a cycle.
            if target.startswith(name + "."):
                continue
            if state.get(target) == 1:
                cycles.append(" → ".join(path[path.index(target) :] + [target]) if target in path else f"{name} → {target}")
            elif target not in state:
                visit(target, path + [target])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


@pytest.mark.parametrize("name", [name for name in STAGES if name != "cli"])
def test_importing_a_stage_loads_nothing_above_it(name: str) -> None:
    """`python -c "import cchc.<stage>.<each module>"` loads only its stage and those below."""
    above = STAGES[STAGES.index(name) + 1 :]
    wanted = sorted(module for module in modules() if stage(module) == name)
    script = f"import importlib, sys\nfor module in {wanted!r}: importlib.import_module(module)\nprint('\\n'.join(sorted(sys.modules)))\n"
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=PACKAGE.parent).stdout.split()
    wrong = [module for module in loaded if module.startswith("cchc.") and stage(module) in above]
    assert not wrong, f"importing cchc.{name} loaded {wrong}"
