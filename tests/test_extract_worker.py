"""Extraction in a child process: limits, clear failures, originals untouched."""

import hashlib
from pathlib import Path

import pytest

from extract.errors import ExtractionError
from extract.worker import extract_isolated

FILES = Path(__file__).parent / "files" / "extract"


def test_result_comes_back() -> None:
    r = extract_isolated(FILES / "report2021.gbk.html", timeout=60)
    assert r["template"] == "2021" and r["applications"]["total"]["total"] == 36


def test_doc_converts_with_libreoffice_under_the_memory_limit() -> None:
    """soffice maps more address space than the worker's limit; it lifts it for itself."""
    r = extract_isolated(FILES / "report2019.doc", timeout=120, memory_mb=1536)
    assert (r["format"], r["template"], r["strategy"]) == ("doc", "2019", "table")
    assert r["applications"]["unavailable_not_held"]["total"] == 44


def test_timeout_is_an_extraction_error() -> None:
    with pytest.raises(ExtractionError, match="timed out"):
        extract_isolated(FILES / "report2019.pdf", timeout=0.05)


def test_memory_limit_is_an_extraction_error() -> None:
    with pytest.raises(ExtractionError):
        extract_isolated(FILES / "report2019.pdf", memory_mb=30)


def test_broken_file_reason_and_original_untouched(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> trailer garbage")
    before = hashlib.sha256(bad.read_bytes()).hexdigest()
    with pytest.raises(ExtractionError, match="PDF"):
        extract_isolated(bad)
    assert hashlib.sha256(bad.read_bytes()).hexdigest() == before
