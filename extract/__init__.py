"""nianbao: extract — documents of every format → the three statistical tables as data.

`extract_file(path)` returns the BRIEF's JSON object; `EXTRACTOR_VERSION` is recorded
with every stored result so `nianbao extract --all` can tell which results are stale.
"""

from __future__ import annotations

EXTRACTOR_VERSION = "1.1.0"  # 1.1: pre-2019 reports (template "pre-2019", old_figures)

from extract.pipeline import extract_file  # noqa: E402

__all__ = ["EXTRACTOR_VERSION", "extract_file"]
