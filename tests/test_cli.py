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


def test_schema_writes_one_file_per_kind_and_only_into_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cchc.tools import decap

    written_by_decap = []
    real_write = decap.write
    monkeypatch.setattr(decap, "write", lambda *args, **kwargs: written_by_decap.append(real_write(*args, **kwargs)) or written_by_decap[-1])
    out = tmp_path / "out"
    assert cli.main(["schema", "--out", str(out)]) == 0
    written = sorted(path.name for path in out.iterdir())
    assert written == sorted([f"{name}.schema.json" for name in KINDS] + ["config.yml"])
    assert [path.parent for path in written_by_decap] == [out]  # not the repository's admin/config.yml
    assert (out / "config.yml").read_text(encoding="utf-8") == decap.render()
    procedure = json.loads((out / "thu_tuc.schema.json").read_text(encoding="utf-8"))
    assert procedure["properties"]["cach_thuc"]["title"] == "Cách thức thực hiện"
    assert procedure["additionalProperties"] is False


def test_usage_help_and_argument_errors_are_vietnamese(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    help_text = capsys.readouterr().out
    assert help_text.startswith("cách dùng: build.py")
    assert "hiện hướng dẫn này rồi thoát" in help_text and "tùy chọn:" in help_text
    with pytest.raises(SystemExit) as exit_info:
        cli.main([])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("cách dùng: build.py") and "build.py: lỗi: thiếu tham số bắt buộc: LỆNH" in err
    with pytest.raises(SystemExit):
        cli.main(["new", "tin-tuc"])
    assert "lỗi: tham số KIND: lựa chọn không có: 'tin-tuc' (chọn một trong: 'site'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["validate", "--khong-co"])
    assert "lỗi: không hiểu tham số: --khong-co" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["review", "--ngay"])
    assert "lỗi: tham số --ngay: cần một giá trị" in capsys.readouterr().err
    english = ("usage:", "error:", "the following", "options:", "show this help", "invalid choice", "unrecognized", "expected one")
    with pytest.raises(SystemExit):
        cli.main(["review", "-h"])
    everything = help_text + capsys.readouterr().out
    assert not [word for word in english if word in everything]


def test_review_takes_dates_as_editors_write_them(site: Path, capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["review", "--content", "content", "--ngay", "08/01/2024"]) == 0
    vietnamese = capsys.readouterr().out
    assert "08/01/2024" in vietnamese.splitlines()[0]
    assert cli.main(["review", "--content", "content", "--ngay", "2024-01-08"]) == 0
    assert capsys.readouterr().out == vietnamese
    assert cli.main(["review", "--content", "content", "--ngay", "31/02/2026"]) == 1
    err = capsys.readouterr().err
    assert "--ngay: ngày “31/02/2026” không đúng hoặc không tồn tại" in err and "31/01/2026" in err


def test_an_unclosed_quote_is_reported_at_its_own_line(site: Path, capsys: pytest.CaptureFixture) -> None:
    answer = "\n".join(f"  Dòng {n} của câu trả lời." for n in range(150))
    (site / "faq" / "ngoac-kep.yml").write_text(
        f'linh_vuc: Hộ tịch\ncau_hoi: "Đăng ký khai sinh ở đâu?\ntra_loi: |\n{answer}\nngay: "15/03/2026"\n', encoding="utf-8"
    )
    assert cli.main(["validate", "--content", "content"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("content/faq/ngoac-kep.yml:2: YAML không hợp lệ: giá trị mở ngoặc kép ở dòng này chưa có dấu ngoặc kép đóng"), err
    assert "tới dòng 154" in err
    # Never closed: read to the end of the file, still reported where it opens.
    (site / "faq" / "ngoac-kep.yml").write_text('linh_vuc: Hộ tịch\ncau_hoi: "Hỏi?\ntra_loi: Đáp.\n', encoding="utf-8")
    assert cli.main(["validate", "--content", "content"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("content/faq/ngoac-kep.yml:2: YAML không hợp lệ: giá trị mở ngoặc kép") and "tới cuối tệp" in err


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
