"""Limits on editor input, in one place: each guards something that breaks
beyond it (memory and time, the YAML parser's stack, a .docx field).
"""

from __future__ import annotations

# A record file: the largest national procedure record is about 60 KB.
RECORD_FILE_BYTES = 1_000_000

# Nesting of lists and groups in one YAML file: records use fewer than ten levels; libyaml's
# composer recurses once per level and crashes the process (a segmentation fault) near 100,000.
YAML_NESTING = 100

# A .docx core property (the plan report's title) holds at most 255 characters; the report
# title is "Báo cáo kết quả thực hiện Kế hoạch " + the plan's name.
DOCX_PROPERTY_CHARS = 255
PLAN_TITLE_CHARS = 200


def size_text(size: int) -> str:
    """Bytes as an editor reads them: "1,5 MB"."""
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")
