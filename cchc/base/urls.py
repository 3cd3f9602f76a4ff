"""Site-relative addresses: pages link to each other relatively, so the site works
under any sub-path (https://example.gov.vn/cchc/) and from a folder."""

from __future__ import annotations

import posixpath


def url_of(path: str) -> str:
    """Site URL (no leading slash) of a docs-relative Markdown path, with directory URLs."""
    stem = path.removesuffix(".md")
    if stem == "index":
        return ""
    return (stem.removesuffix("/index") if stem.endswith("/index") else stem) + "/"


def relative(from_url: str, to_url: str) -> str:
    """Link from one page to another that works under any sub-path."""
    if "#" in to_url:
        to_url, fragment = to_url.split("#", 1)
        return relative(from_url, to_url) + "#" + fragment
    here = from_url.strip("/").split("/") if from_url.strip("/") else []
    there = to_url.strip("/").split("/") if to_url.strip("/") else []
    if any(part in ("", ".", "..") for part in here + there) or from_url.startswith("/") or to_url.startswith("/"):
        target = posixpath.relpath("/" + to_url, "/" + from_url)  # unusual paths: the general rule
    else:  # the usual folders ("thu-tuc/1.001193/"): drop the common ones, climb out of the rest
        common = 0
        while common < min(len(here), len(there)) and here[common] == there[common]:
            common += 1
        target = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    if to_url.endswith("/") and target != ".":
        target += "/"
    return "./" if target == "." else target
