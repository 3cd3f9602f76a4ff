"""The commands editors run: new, schema, validate (exit codes, no traceback)."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cchc import cli
from cchc.models import KINDS
from conftest import REPO


def _fill(path: Path) -> None:
    """What the editor does: every «…» replaced by real text (here, the text inside)."""
    path.write_text(re.sub(r"«([^«»\n]*)»", r"\1", path.read_text(encoding="utf-8")), encoding="utf-8")


@pytest.mark.parametrize("kind", [name for name, kind in KINDS.items() if not kind.single or not kind.required])
def test_new_writes_a_draft_refused_until_filled(kind: str, site: Path, capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["new", kind, "--content", "content"]) == 0
    printed = capsys.readouterr()
    created = Path(printed.out.strip())
    assert created.is_file() and Path("content") in created.parents
    assert "«…»" in printed.err
    placeholders = created.read_text(encoding="utf-8").count("«")
    assert placeholders >= 1
    # Refused, one line per place left to fill, each pointing at its line and saying what to change.
    assert cli.main(["validate", "--content", "content"]) == 1
    errors = capsys.readouterr().err.splitlines()[:-1]
    assert len(errors) == placeholders, errors
    lines = created.read_text(encoding="utf-8").splitlines()
    for error in errors:
        shown, line, rest = error.split(":", 2)
        assert shown == str(created) and "chưa điền “«" in rest and "thay bằng nội dung thật" in rest
        assert "«" in lines[int(line) - 1], error
    _fill(created)
    assert cli.main(["validate", "--content", "content"]) == 0, capsys.readouterr().err


def test_new_site_scaffold_is_a_draft_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["new", "site", "--content", "content"]) == 0
    assert cli.main(["validate", "--content", "content"]) == 1
    assert "content/site.yml:" in capsys.readouterr().err
    _fill(tmp_path / "content" / "site.yml")
    assert cli.main(["validate", "--content", "content"]) == 0, capsys.readouterr().err


def test_build_refuses_a_fresh_draft(site: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["new", "tin_tuc", "--content", "content"]) == 0
    created = capsys.readouterr().out.strip()
    assert cli.main(["build", "--content", "content", "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert f"{created}:2: Tiêu đề: chưa điền “«Tiêu đề tin»”" in err
    assert not (tmp_path / "out" / "index.html").exists()


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
