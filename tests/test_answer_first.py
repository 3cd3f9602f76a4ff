"""The procedure page answers first (issue 21): the summary states where and how, time,
fee, papers and result as the record gives them, never a default; the usual case is the
open checklist, the others folded; forms are named with their type and size."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from cchc.pages import render
from cchc.records.validate import validate
from conftest import FIXTURES, found, overlay

TODAY = date(2026, 12, 10)


def _pages(content_dir: Path) -> dict[str, str]:
    content, errors = validate(content_dir)
    assert errors == []
    return render.render(content, TODAY)


def _summary(page: str) -> str:
    return found(r'<section class="cchc-summary".*?</section>', page, re.S).group(0)


@pytest.fixture
def pages(site: Path) -> dict[str, str]:
    overlay(FIXTURES / "procedures", site)
    return _pages(site)


def test_summary_comes_first_with_the_five_answers(pages: dict[str, str]) -> None:
    page = pages["thu-tuc/1.001193.md"]
    summary = _summary(page)
    assert page.index("cchc-summary") < page.index("## Hồ sơ cần chuẩn bị") < page.index("## Trình tự thực hiện")
    for answer in ("Nộp ở đâu, bằng cách nào", "Thời hạn giải quyết", "Phí, lệ phí", "Giấy tờ cần nộp", "Kết quả nhận được"):
        assert f"<dt>{answer}</dt>" in summary


def test_summary_never_fills_a_gap_with_a_default(pages: dict[str, str]) -> None:
    summary = _summary(pages["thu-tuc/9.000002.md"])  # no fee stated on any channel, no online link
    assert "Chưa có thông tin về phí, lệ phí" in summary and "Miễn phí" not in summary
    assert "Nộp hồ sơ trực tuyến" not in summary and "Thạch Hà" not in summary
    unknown = _summary(pages["thu-tuc/9.000003.md"])  # agency, papers, result unknown
    for part in ("thành phần hồ sơ", "kết quả thực hiện"):
        assert f"Chưa có thông tin về {part}" in unknown
    assert "Nộp hồ sơ trực tuyến" not in unknown  # an online channel without its link
    ministry = _summary(pages["thu-tuc/9.000004.md"])
    assert 'href="https://dichvucong.mofa.gov.vn/hop-phap-hoa" rel="noopener">Nộp hồ sơ trực tuyến</a>' in ministry


def test_same_answer_for_every_channel_is_said_once(pages: dict[str, str]) -> None:
    summary = _summary(pages["thu-tuc/9.000001.md"])
    fee = found(r"<dt>Phí, lệ phí</dt>\n<dd>(.*?)</dd>", summary, re.S).group(1)
    # Channels with different fees are listed by channel.
    assert fee.startswith("<ul><li><strong>") and fee.count("<li>") >= 2


def test_usual_case_is_open_and_the_others_folded(site: Path) -> None:
    record = site / "tthc" / "1.000894.yml"
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    data["ho_so"].append({"truong_hop": "Trường hợp thường gặp", "la_truong_hop_thuong_gap": True, "giay_to": [{"ten": "Giấy tờ chính"}]})
    record.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    page = _pages(site)["thu-tuc/1.000894.md"]
    checklist = page[page.index("## Hồ sơ cần chuẩn bị") : page.index("## Trình tự thực hiện")]
    assert checklist.index("Giấy tờ chính") < checklist.index("<details")
    assert "<summary>Trường hợp chung (" in checklist
    assert "1 giấy tờ (Trường hợp thường gặp)" in _summary(page)


def test_form_link_is_named_by_the_form_with_type_and_size(pages: dict[str, str], site: Path) -> None:
    page = pages["thu-tuc/1.001193.md"]
    size = max(1, round((site / "files" / "to-khai.docx").stat().st_size / 1024))
    assert f"Tải mẫu: Tờ khai (DOCX, {size} KB)</a>" in page


def test_no_empty_description_column(pages: dict[str, str]) -> None:
    for name, page in pages.items():
        if name.startswith("thu-tuc/") and "## Thời hạn, phí và lệ phí" in page:
            table = page[page.index("## Thời hạn, phí và lệ phí") : page.index("## Nơi nộp hồ sơ")]
            assert '<td data-label="Mô tả"></td>' not in table or re.search(r'<td data-label="Mô tả">[^<]', table), name
    assert '<th scope="col">Mô tả</th>' not in pages["thu-tuc/1.001193.md"]


def test_partial_online_level_is_explained(pages: dict[str, str]) -> None:
    summaries = [_summary(page) for name, page in pages.items() if re.match(r"thu-tuc/[\d.]+\.md$", name)]
    explained = [summary for summary in summaries if "cchc-badge--mot-phan" in summary]
    assert explained, "a sample procedure is partly online"
    assert all("nhưng còn bước phải làm trực tiếp" in summary for summary in explained)
