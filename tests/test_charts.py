"""Charts: whole-number ticks, and category labels that fit their group (issue 21)."""

from __future__ import annotations

import re

from cchc.pages import charts


def _ticks(svg: str) -> list[str]:
    return re.findall(r'text-anchor="end" class="cchc-chart__tick">([^<]*)</text>', svg)


def test_ticks_are_whole_numbers() -> None:
    for top in (0, 1, 3, 7, 9, 13, 97.5, 100, 1234):
        svg = charts.bar_chart("c", "Biểu đồ", ["A", "B"], [("S", [top, 0])])
        ticks = _ticks(svg)
        assert len(ticks) == 5 and all(re.fullmatch(r"\d+", tick) for tick in ticks), (top, ticks)
        assert int(ticks[-1]) >= top


def test_long_category_labels_wrap_or_thin_out_without_overlap() -> None:
    statuses = ["Chưa bắt đầu", "Đang thực hiện", "Hoàn thành", "Tạm dừng", "Quá hạn"]
    periods = [f"Quý {q}/{y}" for y in (2023, 2024, 2025) for q in ("I", "II", "III", "IV")]
    for categories in (statuses, periods):
        svg = charts.bar_chart("c", "Biểu đồ", categories, [("S", [1] * len(categories))])
        labels = []  # (centre, half of the widest line), in viewBox units
        for label in re.findall(r'text-anchor="middle" class="cchc-chart__tick">(.*?)</text>', svg):
            lines = re.findall(r'<tspan x="([\d.]+)" dy="\d+">([^<]*)</tspan>', label)
            labels.append((float(lines[0][0]), max(charts.CHAR * len(text) for _, text in lines) / 2))
        assert labels
        for (centre_a, half_a), (centre_b, half_b) in zip(labels, labels[1:], strict=False):
            assert centre_a + half_a <= centre_b - half_b, categories
    assert "Đang thực" in charts.bar_chart("c", "B", statuses, [("S", [1] * 5)])  # wrapped, not dropped
