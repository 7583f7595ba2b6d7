"""The answer key: what nianbao must extract from the document carrying a report's tables.

Check semantics (shared with extract/): a blank cell (None) counts as 0 in the sums;
``non_negative`` looks at every printed number except 2019's 本年增/减, and requires counts
(not money) to be integers.
"""

from __future__ import annotations

from replica.reports import ALL_COLS, APPLICANT_COLS, RESULT_ROWS, RL_COLS, RL_GROUPS, ReportSpec

MONEY_KEYS = {"amount", "amount_10k_yuan"}
SIGNED_KEYS = {"change_this_year"}


def _n(v: object) -> float:
    return 0 if v is None else v  # type: ignore[return-value]


def evaluate_checks(doc: dict) -> list[str]:
    """The template checks that fail for the tables in ``doc`` (BRIEF shape)."""
    failing: list[str] = []
    apps = doc["applications"]
    template = doc["template"]
    if any(_n(apps["new_received"][c]) + _n(apps["carried_over"][c])
           != _n(apps["total"][c]) + _n(apps["carried_forward"][c]) for c in ALL_COLS):
        failing.append("applications_balance")
    if any(_n(apps["total"][c]) != sum(_n(apps[r][c]) for r in RESULT_ROWS[template]) for c in ALL_COLS):
        failing.append("applications_results_sum")
    if any(_n(row["total"]) != sum(_n(row[c]) for c in APPLICANT_COLS) for row in apps.values()):
        failing.append("applications_row_sum")
    rl = doc["review_litigation"]
    if any(sum(_n(rl[g][c]) for c in RL_COLS[:4]) != _n(rl[g]["total"]) for g in RL_GROUPS):
        failing.append("review_litigation_sum")
    if not _all_counts_ok(doc):
        failing.append("non_negative")
    return failing


def _all_counts_ok(doc: dict) -> bool:
    cells: list[tuple[str, object]] = []
    for item in doc["active_disclosure"].values():
        for row in item.values():
            cells += list(row.items())
    for table in ("applications", "review_litigation"):
        for row in doc[table].values():
            cells += list(row.items())
    for key, v in cells:
        if v is None or key in SIGNED_KEYS:
            continue
        if v < 0 or (key not in MONEY_KEYS and v != int(v)):  # type: ignore[operator]
            return False
    return True


def expected(spec: ReportSpec, fmt: str) -> dict:
    """What nianbao must extract from the document (of format ``fmt``) carrying the tables."""
    import copy

    doc = {
        "agency": spec.agency,
        "district": spec.district,
        "year": spec.year,
        "template": spec.template,
        **copy.deepcopy(spec.data),
    }
    doc["checks_failing"] = evaluate_checks(doc)
    doc["sections"] = {k: v for k, v in spec.sections.items()}
    doc["fees"] = dict(spec.fees) if spec.fees else {
        "fee_notices": None, "fee_notices_amount_yuan": None, "fee_collected_yuan": None}
    doc["printed_cells"] = {k: v for k, v in sorted(spec.printed.items()) if "__" not in k}
    doc["format"] = fmt
    doc["title"] = spec.title
    doc["key"] = spec.key
    doc["quirks"] = list(spec.quirks)
    return doc
