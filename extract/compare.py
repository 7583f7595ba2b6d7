"""Compare an extraction with an expected JSON, cell by cell (accuracy script, tests)."""

from __future__ import annotations

from dataclasses import dataclass, field

from extract.checks import cell_values

META_FIELDS = ("template", "year", "agency", "district")


@dataclass
class Comparison:
    cells: int = 0
    correct: int = 0
    wrong: list[tuple[str, object, object]] = field(default_factory=list)  # (cell, expected, got)
    meta_wrong: list[tuple[str, object, object]] = field(default_factory=list)
    checks_wrong: tuple[list, list] | None = None

    @property
    def accuracy(self) -> float:
        return self.correct / self.cells if self.cells else 1.0


def same(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) < 0.005
    return a == b


def compare(expected: dict, got: dict) -> Comparison:
    """Every cell of the expected tables; missing cells in `got` count as wrong."""
    out = Comparison()
    exp_cells, got_cells = cell_values(expected), cell_values(got)
    for key, value in exp_cells.items():
        out.cells += 1
        g = got_cells.get(key, "<missing>")
        if g != "<missing>" and same(value, g):
            out.correct += 1
        else:
            out.wrong.append(("/".join(key), value, g))
    for f in META_FIELDS:
        if f in expected and not same(expected.get(f), got.get(f)):
            out.meta_wrong.append((f, expected.get(f), got.get(f)))
    if "checks_failing" in expected and sorted(expected["checks_failing"]) != sorted(got.get("checks_failing") or []):
        out.checks_wrong = (sorted(expected["checks_failing"]), sorted(got.get("checks_failing") or []))
    return out
