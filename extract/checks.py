"""The accounting identities of template.json, evaluated on one report or two years.

Each failure is reported with the column (or row/group) and the amount by which it fails
(left side minus right side), so a researcher can tell a typo from a broken extraction.
"""

from __future__ import annotations

from extract import spec

MONEY = {"amount", "amount_10k_yuan"}
SIGNED = {"change_this_year"}


def _sum(values: list) -> int | float:
    """Sum with blanks as 0: a blank cell in these tables means nothing to count."""
    return sum(v for v in values if v is not None)


def _fail(out: list, check: str, column: str, lhs, rhs) -> None:
    lhs, rhs = lhs or 0, rhs or 0
    amount = lhs - rhs
    if abs(amount) > 1e-6:
        out.append({"check": check, "column": column, "amount": amount})


def evaluate(result: dict) -> list[dict]:
    """All failing checks of one extraction: [{'check', 'column', 'amount'}]."""
    template = result.get("template")
    if template not in spec.TEMPLATES:
        return []
    out: list[dict] = []
    apps = result.get("applications") or {}
    cols = spec.applicant_columns()

    def cell(row: str, col: str):
        return (apps.get(row) or {}).get(col)

    for col in cols:
        lhs = _sum([cell("new_received", col), cell("carried_over", col)])
        rhs = _sum([cell("total", col), cell("carried_forward", col)])
        _fail(out, "applications_balance", col, lhs, rhs)
    for col in cols:
        parts = _sum([cell(r, col) for r in spec.result_rows(template)])
        _fail(out, "applications_results_sum", col, cell("total", col), parts)
    for row in apps:
        parts = _sum([cell(row, c) for c in cols[:-1]])
        _fail(out, "applications_row_sum", row, cell(row, "total"), parts)
    review = result.get("review_litigation") or {}
    rcols = spec.review_columns()
    for group, vals in review.items():
        parts = _sum([vals.get(c) for c in rcols[:-1]])
        _fail(out, "review_litigation_sum", group, vals.get("total"), parts)
    for table, path, col, v in _all_cells(result):
        if v is None or col in SIGNED:
            continue
        if v < 0 or (col not in MONEY and v != int(v)):
            out.append({"check": "non_negative", "column": f"{table}.{path}.{col}", "amount": v})
    return out


def _all_cells(result: dict):
    for table in ("active_disclosure", "applications", "review_litigation"):
        data = result.get(table) or {}
        if table == "active_disclosure":
            for item, rows in data.items():
                for row, vals in rows.items():
                    for col, v in vals.items():
                        yield table, f"{item}.{row}", col, v
        else:
            for row, vals in data.items():
                for col, v in vals.items():
                    yield table, row, col, v


def cross_report(previous: dict, current: dict) -> list[dict]:
    """Checks across an agency's consecutive years (carry_over_chain, in_force_chain)."""
    out: list[dict] = []
    if not previous or not current:
        return out
    prev_apps = previous.get("applications") or {}
    cur_apps = current.get("applications") or {}
    for col in spec.applicant_columns():
        before = (prev_apps.get("carried_forward") or {}).get(col)
        now = (cur_apps.get("carried_over") or {}).get(col)
        _fail(out, "carry_over_chain", col, now, before)
    if previous.get("template") == "2021" and current.get("template") == "2021":
        prev_a = (previous.get("active_disclosure") or {}).get("art20_1") or {}
        cur_a = (current.get("active_disclosure") or {}).get("art20_1") or {}
        for row in ("rules", "normative_documents"):
            p, c = prev_a.get(row) or {}, cur_a.get(row) or {}
            if None in (p.get("in_force"), c.get("in_force"), c.get("issued_this_year"), c.get("repealed_this_year")):
                continue
            expected = p["in_force"] + c["issued_this_year"] - c["repealed_this_year"]
            _fail(out, "in_force_chain", row, c["in_force"], expected)
    return out


def failure_cells(failure: dict, template: str) -> list[tuple[str, str, str]]:
    """The cells (keys of ``cell_values``) a failing check of ``evaluate`` is computed from.

    Why: a second strategy that read these same cells with the same values confirms that the
    report itself does not add up, even where it missed rows elsewhere (the verdict).
    """
    check, column = failure["check"], failure["column"]
    cols = spec.applicant_columns()
    if check == "applications_balance":
        return [("applications", r, column) for r in ("new_received", "carried_over", "total", "carried_forward")]
    if check == "applications_results_sum":
        return [("applications", r, column) for r in ("total", *spec.result_rows(template))]
    if check == "applications_row_sum":
        return [("applications", column, c) for c in cols]
    if check == "review_litigation_sum":
        return [("review_litigation", column, c) for c in spec.review_columns()]
    if check == "non_negative":
        table, rest = column.split(".", 1)
        path, col = rest.rsplit(".", 1)
        return [(table, path, col)]
    return []


def cell_values(result: dict) -> dict[tuple[str, str, str], object]:
    """Flat {(table, row path, column): value} — used to compare strategies."""
    return {(t, p, c): v for t, p, c, v in _all_cells(result)}
