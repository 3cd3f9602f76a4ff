"""What a newcomer installs: `make build` only what building needs, Decap's bundle
from its checksummed tarball (no node_modules), and `python build.py` run outside
the virtual environment says how to run it."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest

from cchc.site import admin, bundle
from conftest import REPO

PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _name(requirement: str) -> str:
    return re.split(r"[=<>!~\[; ]", requirement, maxsplit=1)[0].lower()


def _recipe(makefile: str, target: str) -> str:
    """The rule line and recipe of one Makefile target."""
    match = re.search(rf"^{re.escape(target)}:.*\n(?:\t.*\n)*", makefile, re.M)
    assert match, target
    return match.group(0)


def test_build_installs_no_test_package() -> None:
    build = {_name(r) for r in PROJECT["dependencies"]}
    test = {_name(r) for r in PROJECT["optional-dependencies"]["test"]}
    assert {"pytest", "playwright"} <= test
    assert not build & test
    assert not {name for name in build if "pytest" in name or "playwright" in name}
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    # `make build` reaches only the build install and the bundle; the extra `test` only through `make test`.
    build_rule = _recipe(makefile, "build")
    assert "$(INSTALLED) $(DECAP)" in build_rule and "TEST" not in build_rule and "NODE_MODULES" not in build_rule
    assert ",build)" in _recipe(makefile, "$(INSTALLED)") and "test" not in _recipe(makefile, "$(INSTALLED)")
    assert "$(TEST_INSTALLED)" in _recipe(makefile, "test")


def test_npm_installs_no_decap_cms_for_the_tests() -> None:
    """decap-cms is optional for npm (make test: `npm ci --omit=optional`): only decap-server."""
    package = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    assert "decap-cms" in package["optionalDependencies"] and "decap-cms" not in package.get("dependencies", {})
    assert "--omit=optional" in _recipe((REPO / "Makefile").read_text(encoding="utf-8"), "$(NODE_MODULES)")
    version, url, integrity = bundle.pinned()
    assert version == package["optionalDependencies"]["decap-cms"]
    assert url == f"https://registry.npmjs.org/decap-cms/-/decap-cms-{version}.tgz"
    assert integrity.startswith("sha512-")


def test_the_site_bundle_is_the_checksummed_one() -> None:
    """`make build` (and `make test`) fetched the pinned tarball: its integrity is the lock's."""
    assert (bundle.BUNDLE_DIR / bundle.STAMP).read_text(encoding="utf-8") == bundle.pinned()[2]
    kept = sorted(path.name for path in bundle.BUNDLE_DIR.iterdir())
    assert "decap-cms.js" in kept and "decap-cms.js.LICENSE.txt" in kept
    assert not [name for name in kept if name.endswith(".map") or name == "cms.js"]
    assert admin.install.__defaults__ == (bundle.BUNDLE_DIR,)


def _tarball(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def _lock(tmp_path: Path, integrity: str, version: str = "3.16.3") -> Path:
    lock = tmp_path / "package-lock.json"
    lock.write_text(json.dumps({"packages": {"node_modules/decap-cms": {"version": version, "integrity": integrity}}}), encoding="utf-8")
    return lock


TARBALL = _tarball(
    {
        "package/package.json": b"{}",
        "package/dist/decap-cms.js": b"main",
        "package/dist/103.decap-cms.js": b"chunk",
        "package/dist/103.decap-cms.js.map": b"map",
        "package/dist/cms.js": b"unbranded copy",
        "package/dist/dd5d52671a5763720504.wasm": b"wasm",
        "package/dist/decap-cms.js.LICENSE.txt": b"MIT",
        "package/dist/sub/decap-cms.js": b"nested",
        "package/dist/../decap-cms.js": b"outside",
    }
)


def test_fetch_keeps_only_what_the_browser_loads(tmp_path: Path) -> None:
    lock = _lock(tmp_path, _integrity(TARBALL))
    target = tmp_path / "vendor" / "decap-cms"
    urls = []
    bundle.fetch(target, lock, download=lambda url: urls.append(url) or TARBALL)
    assert urls == ["https://registry.npmjs.org/decap-cms/-/decap-cms-3.16.3.tgz"]
    assert sorted(p.name for p in target.iterdir()) == [
        ".integrity",
        "103.decap-cms.js",
        "dd5d52671a5763720504.wasm",
        "decap-cms.js",
        "decap-cms.js.LICENSE.txt",
    ]
    assert (target / "decap-cms.js").read_bytes() == b"main"
    assert not (tmp_path / "vendor" / "decap-cms.js").exists()
    # Already there: nothing downloaded again.
    bundle.fetch(target, lock, download=lambda url: pytest.fail("downloaded twice"))
    # The site's /admin/ gets the same files from there.
    assert admin.install(tmp_path / "site", bundle_dir=target) is True
    assert sorted(p.name for p in (tmp_path / "site" / "admin").iterdir() if "decap" in p.name or p.suffix == ".wasm") == [
        "103.decap-cms.js",
        "dd5d52671a5763720504.wasm",
        "decap-cms.js",
        "decap-cms.js.LICENSE.txt",
    ]


def test_fetch_refuses_a_tarball_with_another_checksum(tmp_path: Path) -> None:
    target = tmp_path / "vendor" / "decap-cms"
    lock = _lock(tmp_path, _integrity(TARBALL + b"x"))
    with pytest.raises(bundle.BundleError, match="sai mã kiểm tra sha512"):
        bundle.fetch(target, lock, download=lambda url: TARBALL)
    assert not target.exists()
    with pytest.raises(bundle.BundleError, match="phiên bản"):
        bundle.fetch(target, _lock(tmp_path, _integrity(TARBALL), version="../../evil"), download=lambda url: TARBALL)


def test_build_py_outside_the_virtual_environment_says_how_to_run_it(tmp_path: Path) -> None:
    # -S: without site-packages, as python3 from the system sees the project.
    result = subprocess.run([sys.executable, "-S", str(REPO / "build.py"), "validate"], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "thiếu gói Python yaml" in result.stderr
    assert "make build" in result.stderr and ".venv/bin/python build.py validate" in result.stderr


def test_make_test_runs_the_tests_in_parallel_after_saying_what_it_installed() -> None:
    dry = subprocess.run(
        ["make", "--no-print-directory", "-n", "test", "PYTEST_ARGS=-n0 -k deploy"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={key: value for key, value in os.environ.items() if key not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")},
    )  # also under `make test`
    assert dry.returncode == 0, dry.stderr
    lines = dry.stdout.splitlines()
    assert lines[-2:] == [".venv/bin/python tests/installed.py", ".venv/bin/python -m pytest -n auto -n0 -k deploy"]
    assert "pytest-xdist" in {_name(r) for r in PROJECT["optional-dependencies"]["test"]}
    summary = subprocess.run([sys.executable, str(REPO / "tests" / "installed.py")], capture_output=True, text=True, timeout=120)
    assert summary.returncode == 0 and summary.stderr == ""
    first, *items = summary.stdout.splitlines()
    assert first == "Đã cài cho kiểm thử:" and len(items) == 4
    python, chromium, node, decap_line = items
    assert re.fullmatch(r"  Python 3\.\d+\.\d+: \d+ gói trong \S+ \(\d+(,\d)? MB\)", python), python
    assert chromium.startswith("  Chromium: /usr/bin/chromium ") and "Chromium" in chromium[len("  Chromium: /usr/bin/chromium ") :]
    assert node.startswith("  decap-server ") or "chưa có node_modules" in node
    assert decap_line.startswith(f"  Decap CMS {bundle.pinned()[0]}: vendor/decap-cms") or "chưa có vendor/decap-cms" in decap_line
