"""Editor settings in the repository: VS Code maps each JSON Schema to its content
folder, and pre-commit validates before every commit."""

from __future__ import annotations

import fnmatch
import json

import yaml

from cchc.models import KINDS
from cchc.records.loader import discover
from conftest import REPO


def test_vscode_maps_every_yaml_kind_schema_to_its_files() -> None:
    mapping = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    for name, kind in KINDS.items():
        schema = f"./schemas/{name}.schema.json"
        if kind.suffix == ".md":
            # News front matter sits in Markdown, which the YAML extension does not read.
            assert schema not in mapping
            continue
        assert (REPO / schema).is_file()
        assert schema in mapping, name
    # Every sample file is matched by the pattern of its own kind's schema, and only that one.
    for source in discover(REPO / "content"):
        if source.kind.suffix == ".md":
            continue
        path = source.path.relative_to(REPO).as_posix()
        matched = [schema for schema, globs in mapping.items() if any(fnmatch.fnmatch(path, g.replace("**/", "")) for g in globs)]
        assert matched == [f"./schemas/{source.kind.name}.schema.json"], path


def test_pre_commit_runs_validation() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert hooks["cchc-validate"]["entry"] == "python build.py validate"
    assert hooks["cchc-validate"]["pass_filenames"] is False
    assert "content/" in hooks["cchc-validate"]["files"]


def test_pre_commit_and_ci_run_the_linters_from_the_virtual_environment() -> None:
    """ruff, its formatter and mypy run before every commit with the pinned tools in .venv
    (no download), and CI runs `make lint` (the same three) before the tests."""
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert hooks["ruff"]["entry"].startswith(".venv/bin/ruff check")
    assert hooks["ruff-format"]["entry"].startswith(".venv/bin/ruff format")
    assert hooks["mypy"]["entry"] == ".venv/bin/mypy" and hooks["mypy"]["pass_filenames"] is False
    assert all(hooks[name]["language"] == "system" for name in ("ruff", "ruff-format", "mypy"))
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci.index("make lint") < ci.index("make test")
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    lint = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    for command in ("$(BIN)/ruff check", "$(BIN)/ruff format --check", "$(BIN)/mypy"):
        assert command in lint
