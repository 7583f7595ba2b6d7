"""The replica's report set: deterministic, big and varied enough for the crawler's tests."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter

import pytest

from replica.reports import MISSING_YEARS, ReportSpec, amend, build_reports

MINIMUM_FORMATS = {"pdf": 5, "docx": 4, "doc": 3, "scan": 2, "html_images": 2, "xlsx": 1}
REQUIRED_QUIRKS = ["brackets_halfwidth", "label_guifan_old", "label_xu_lingxing", "missing_trailing_cells",
                   "slash_cells", "dash_cells", "wu_cells", "blank_cells", "total_three_numbers",
                   "money_units_in_cell", "money_header_wan", "money_header_yuan", "repeat_table_header",
                   "html_style_plain", "html_style_word", "html_style_th", "ad_split_tables", "title_two_lines"]


@pytest.fixture(scope="module")
def specs() -> list[ReportSpec]:
    return build_reports()


def _dump(specs: list[ReportSpec]) -> str:
    return json.dumps([dataclasses.asdict(s) for s in specs], ensure_ascii=False, sort_keys=True)


def test_deterministic(specs: list[ReportSpec]) -> None:
    assert _dump(build_reports()) == _dump(specs)


def test_counts_and_formats(specs: list[ReportSpec]) -> None:
    assert len(specs) >= 48
    assert len({s.key for s in specs}) == len(specs)
    formats = Counter(s.publication for s in specs)
    for fmt, n in MINIMUM_FORMATS.items():
        assert formats[fmt] >= n, (fmt, formats)
    assert formats["html"] > len(specs) / 2
    assert {s.site for s in specs} == {"gz", "panyu", "by", "gzns", "hp"}
    assert {s.template for s in specs} == {"2019", "2021"}
    assert all(s.template == ("2019" if s.year <= 2020 else "2021") for s in specs)
    assert all(str(s.year) in s.title and s.agency in s.title for s in specs)
    assert all(s.agency_slug.isascii() and s.key.isascii() for s in specs)


def test_missing_years_are_gaps(specs: list[ReportSpec]) -> None:
    published = {(s.site, s.agency, s.year) for s in specs}
    assert len(MISSING_YEARS) >= 3
    for gap in MISSING_YEARS:
        assert gap not in published
        # the agency does publish other years, so the gap is a real hole in its series
        assert any(site == gap[0] and agency == gap[1] for site, agency, _ in published)


def test_quirks_occur(specs: list[ReportSpec]) -> None:
    seen = Counter(q for s in specs for q in s.quirks)
    for q in REQUIRED_QUIRKS:
        assert seen[q] >= 1, q
    assert sum(1 for s in specs if any(q.startswith("fails_") for q in s.quirks)) >= 3
    assert {q for q in seen if q.startswith("seed_")} == {"seed_000", "seed_001", "seed_003", "seed_004"}


def test_seed_numbers_reused(specs: list[ReportSpec]) -> None:
    seed = next(s for s in specs if "seed_004" in s.quirks)
    apps = seed.data["applications"]
    assert apps["new_received"]["total"] == 95
    assert apps["total"]["natural_person"] == 92 and apps["total"]["research_institution"] is None
    assert seed.data["active_disclosure"]["art20_9"]["centralized_procurement"]["amount"] == 1690366


def test_carry_over_chain(specs: list[ReportSpec]) -> None:
    """Consecutive years chain (carried_forward → next carried_over) unless a typo was planted."""
    by_key = {(s.site, s.agency, s.year): s for s in specs}
    chained = 0
    for (site, agency, year), s in by_key.items():
        prev = by_key.get((site, agency, year - 1))
        if prev is None or "fails_carried_forward_typo" in prev.quirks:
            continue
        for col in ("natural_person", "commercial_enterprise"):
            assert s.data["applications"]["carried_over"][col] == prev.data["applications"]["carried_forward"][col]
        chained += 1
    assert chained > 30


def test_in_force_chain(specs: list[ReportSpec]) -> None:
    """2021 template: in_force = last year's in_force + issued − repealed (template.json's cross check)."""
    by_key = {(s.site, s.agency, s.year): s for s in specs}
    chained = 0
    for (site, agency, year), s in by_key.items():
        prev = by_key.get((site, agency, year - 1))
        if s.template != "2021" or prev is None or prev.template != "2021":
            continue
        for row in ("rules", "normative_documents"):
            now, before = s.data["active_disclosure"]["art20_1"][row], prev.data["active_disclosure"]["art20_1"][row]
            assert now["in_force"] == before["in_force"] + now["issued_this_year"] - now["repealed_this_year"]
        chained += 1
    assert chained > 15


def test_amend_changes_one_number(specs: list[ReportSpec]) -> None:
    for s in specs[:10]:
        a = amend(s)
        assert a.key == s.key and a.title == s.title

        def flat(d: dict, prefix: str = "") -> dict:
            out = {}
            for k, v in d.items():
                out.update(flat(v, f"{prefix}/{k}") if isinstance(v, dict) else {f"{prefix}/{k}": v})
            return out

        before, after = flat(s.data), flat(a.data)
        assert before.keys() == after.keys()
        assert sum(1 for k in before if before[k] != after[k]) == 1
