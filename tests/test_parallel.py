"""`pytest -n auto` (pytest-xdist, what `make test` runs): real test files run on two
workers in a copy of the checkout, pass, and leave that copy exactly as it was: no
`site/`, `.build/`, `.hypothesis/` or any other new, changed or deleted file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO

# Files that build a site in a session fixture (each worker builds its own), run the
# command line with relative paths, run Hypothesis and start `serve`.
FILES = ["tests/test_fix.py", "tests/test_cli.py", "tests/test_safe_builds.py", "tests/test_guide.py"]
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Kiểm thử",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Kiểm thử",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
}


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env={**os.environ, **GIT_IDENTITY}).stdout


def _copy_checkout(target: Path) -> Path:
    """The checkout's files as they are now (committed or not, ignored ones left out) in a
    repository of their own, committed: its `git status` shows whatever a run adds."""
    listed = _git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if name == "node_modules" or not (source.is_file() or source.is_symlink()):
            continue  # a developer's node_modules link; files deleted but not yet committed
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():  # the hostile fixtures' links, as links
            os.symlink(os.readlink(source), target / name)
        else:
            shutil.copy2(source, target / name)
    _git(target, "init", "-q", "-b", "main")
    _git(target, "add", "-A")
    _git(target, "commit", "-qm", "copy")
    return target


def _state(copy: Path) -> str:
    return _git(copy, "status", "--porcelain", "--ignored", "--untracked-files=all")


def test_tests_run_on_two_workers_and_leave_the_checkout_alone(tmp_path: Path) -> None:
    copy = _copy_checkout(tmp_path / "checkout")
    assert _state(copy) == ""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("HYPOTHESIS_", "PYTEST_"))}
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # Python's own __pycache__ folders are not the tests' doing
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "-p", "no:cacheprovider", *FILES], cwd=copy, env=env, capture_output=True, text=True, timeout=1800
    )
    summary = result.stdout.strip().splitlines()[-1:] or [result.stderr]
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "created: 2/2 workers" in result.stdout
    assert " passed" in summary[0] and "failed" not in summary[0] and "error" not in summary[0], summary
    assert _state(copy) == "", "the tests left files in the checkout:\n" + _state(copy)
