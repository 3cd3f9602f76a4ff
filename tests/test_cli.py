"""The commands editors run: new, schema, validate (exit codes, no traceback)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cchc import cli
from cchc.models import KINDS
from conftest import REPO


@pytest.mark.parametrize("kind", [name for name, kind in KINDS.items() if not kind.single or not kind.required])
def test_new_writes_a_scaffold_that_validates(kind: str, site: Path, capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["new", kind, "--content", "content"]) == 0
    created = Path(capsys.readouterr().out.strip())
    assert created.is_file() and Path("content") in created.parents
    assert cli.main(["validate", "--content", "content"]) == 0, capsys.readouterr().err


def test_new_site_scaffold_validates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["new", "site", "--content", "content"]) == 0
    assert cli.main(["validate", "--content", "content"]) == 0, capsys.readouterr().err


def test_new_never_overwrites(site: Path, capsys: pytest.CaptureFixture) -> None:
    existing = site / "tthc" / "1.001193.yml"
    before = existing.read_bytes()
    assert cli.main(["new", "thu_tuc", "--id", "1.001193", "--content", "content"]) == 1
    assert "đã có, không ghi đè" in capsys.readouterr().err
    assert existing.read_bytes() == before


def test_new_picks_a_free_name_each_time(site: Path, capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["new", "hoi_dap", "--content", "content"]) == 0
    assert cli.main(["new", "hoi_dap", "--content", "content"]) == 0
    first, second = capsys.readouterr().out.split()
    assert first != second


def test_new_rejects_an_id_that_could_not_validate(site: Path, capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["new", "hoi_dap", "--id", "Hỏi đáp", "--content", "content"]) == 1
    assert "hoi-dap" in capsys.readouterr().err
    assert cli.main(["new", "thu_tuc", "--id", "khai-sinh", "--content", "content"]) == 1


def test_schema_writes_one_file_per_kind(tmp_path: Path) -> None:
    assert cli.main(["schema", "--out", str(tmp_path)]) == 0
    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == sorted(f"{name}.schema.json" for name in KINDS)
    procedure = json.loads((tmp_path / "thu_tuc.schema.json").read_text(encoding="utf-8"))
    assert procedure["properties"]["cach_thuc"]["title"] == "Cách thức thực hiện"
    assert procedure["additionalProperties"] is False


def test_build_py_exits_1_without_traceback_on_editor_errors(site: Path) -> None:
    (site / "faq" / "hong.yml").write_text("cau_hoi: [\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "validate", "--content", "content"], capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("content/faq/hong.yml:")


def test_unquoted_procedure_codes_keep_their_zeros(site: Path, capsys: pytest.CaptureFixture) -> None:
    faq = site / "faq" / "khai-sinh-le-phi.yml"
    faq.write_text(faq.read_text(encoding="utf-8").replace('["1.001193"]', "[1.001193]"), encoding="utf-8")
    assert cli.main(["validate", "--content", "content"]) == 0, capsys.readouterr().err
