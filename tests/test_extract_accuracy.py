"""The accuracy script on the replica's HTML, DOCX and text-layer PDF documents: every
cell equals its expected JSON (OCR formats are measured by `bench/accuracy.py`)."""

from pathlib import Path

from helpers import ROOT, load_script

DATA = ROOT / "replica" / "data"


def _accuracy_module():
    return load_script("bench/accuracy.py")


def test_replica_text_formats_are_exact(capsys) -> None:
    accuracy = _accuracy_module()
    code = accuracy.main([str(DATA), "--format", "html", "--format", "docx", "--format", "pdf"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "100.00%" in out


def test_script_fails_below_target(tmp_path: Path, capsys) -> None:
    """A document whose expected numbers differ from what it says makes the script exit 1."""
    src = ROOT / "tests" / "files" / "extract" / "report2021.gbk.html"
    (tmp_path / "r.html").write_bytes(src.read_bytes())
    expected = (src.parent / "report2021.gbk.html.expected.json").read_text(encoding="utf-8")
    (tmp_path / "r.html.expected.json").write_text(expected.replace('"in_force": 14', '"in_force": 15'),
                                                   encoding="utf-8")
    assert _accuracy_module().main([str(tmp_path)]) == 1
    assert "in_force: expected 15 got 14" in capsys.readouterr().out
