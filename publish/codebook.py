"""The codebook: ``extract/spec/template.json`` published as tables, with labels in both languages.

Researchers read a cell key (``applications.granted.natural_person``) as the template prints
it: ``codebook_keys`` gives every key of both templates its Chinese label (the template's own
wording), an English label (written here by hand from that wording, reviewed, never generated
per run) and its unit; ``codebook_checks`` gives every accounting identity its formula and a
sentence in both languages. The snapshot joins them into the long statistics and the failing
checks (``publish.snapshot``).
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

# --- codebook: template.json as tables, with English labels --------------------------------
# English labels are written here from the template's Chinese wording (reviewed by hand, not
# generated per run); a key missing here gets no English label and the test lists it.
TABLE_EN = {"active_disclosure": "II. Proactive disclosure",
            "applications": "III. Requests received and handled",
            "review_litigation": "IV. Administrative reconsideration and litigation"}
ITEM_EN = {"art20_1": "Art. 20 (1)", "art20_5": "Art. 20 (5)", "art20_6": "Art. 20 (6)",
           "art20_8": "Art. 20 (8)", "art20_9": "Art. 20 (9)"}
ROW_EN = {
    "rules": "Rules (规章)", "normative_documents": "Normative documents",
    "administrative_licensing": "Administrative licensing", "other_external_services": "Other external services",
    "administrative_penalty": "Administrative penalties", "administrative_coercion": "Administrative coercion",
    "administrative_fees": "Administrative fees", "centralized_procurement": "Centralised government procurement",
    "new_received": "I. New requests received this year", "carried_over": "II. Requests carried over from last year",
    "granted": "III. Outcomes (1) granted", "partially_granted": "(2) partly granted",
    "withheld_state_secret": "(3) refused: 1. state secret",
    "withheld_prohibited_by_law": "(3) refused: 2. prohibited by other laws or regulations",
    "withheld_security_stability": "(3) refused: 3. would endanger security or stability",
    "withheld_third_party_rights": "(3) refused: 4. protecting third parties' rights",
    "withheld_internal_affairs": "(3) refused: 5. internal affairs information",
    "withheld_process_information": "(3) refused: 6. process information",
    "withheld_enforcement_files": "(3) refused: 7. administrative enforcement files",
    "withheld_administrative_query": "(3) refused: 8. administrative query matters",
    "unavailable_not_held": "(4) unable to provide: 1. not held by this agency",
    "unavailable_needs_creation": "(4) unable to provide: 2. would need to be created",
    "unavailable_unclear": "(4) unable to provide: 3. still unclear after correction",
    "not_processed_petition": "(5) not processed: 1. petition, report or complaint",
    "not_processed_repeated": "(5) not processed: 2. repeated request",
    "not_processed_publication": "(5) not processed: 3. asks for a publication",
    "not_processed_mass_requests": "(5) not processed: 4. mass repeated requests without good reason",
    "not_processed_confirmation": "(5) not processed: 5. asks to confirm or reissue information held",
    "other_no_correction": "(6) otherwise handled: 1. applicant did not correct in time",
    "other_unpaid_fee": "(6) otherwise handled: 2. applicant did not pay the fee in time",
    "other_other": "(6) otherwise handled: 3. other",
    "other_total": "(6) otherwise handled",
    "total": "(7) total outcomes", "carried_forward": "IV. Carried forward to next year",
    "reconsideration": "Administrative reconsideration",
    "litigation_direct": "Litigation without prior reconsideration",
    "litigation_after_reconsideration": "Litigation after reconsideration",
}
COLUMN_EN = {
    "issued_this_year": "issued this year", "repealed_this_year": "repealed this year", "in_force": "in force",
    "decisions_this_year": "decisions this year", "amount_10k_yuan": "fees collected this year (10,000 yuan)",
    "made_this_year": "newly made this year", "published_this_year": "newly published this year",
    "published_total": "published in total", "items_last_year": "items last year",
    "change_this_year": "change this year (+/-)", "decisions": "decisions", "projects": "procurement projects",
    "amount": "total procurement amount",
    "natural_person": "natural persons", "commercial_enterprise": "commercial enterprises",
    "research_institution": "research institutions", "social_welfare_org": "social welfare organisations",
    "legal_service_org": "legal service organisations", "other_org": "other", "total": "total",
    "upheld": "upheld", "corrected": "corrected", "other": "other outcome", "pending": "pending",
}
# unit of each column key that is not a plain count (cells store money in yuan unless the key names its unit)
UNITS = {"amount_10k_yuan": ("10k_yuan", "万元", "10,000 yuan"), "amount": ("yuan", "元", "yuan")}
COUNT_UNIT = ("count", "件（数量）", "count")
# each check as a sentence a reader can follow; formula from template.json's "rule"
CHECK_SENTENCES = {
    "applications_balance": ("每一列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度（模板注明的勾稽关系）。",
                             "Each column: new requests + carried over = total outcomes + carried forward "
                             "(the identity printed in the template)."),
    "applications_results_sum": ("每一列：办理结果总计 = 各项办理结果之和。",
                                 "Each column: total outcomes = the sum of the individual outcomes."),
    "applications_row_sum": ("每一行：总计 = 自然人 + 法人或其他组织各列之和。",
                             "Each row: total = natural persons + every kind of organisation."),
    "review_litigation_sum": ("每一组：结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计。",
                              "Each group: upheld + corrected + other + pending = total."),
    "non_negative": ("每个数量都是非负整数（2019 版“本年增/减”可为负）。",
                     "Every count is a non-negative whole number (the 2019 change column may be negative)."),
    "carry_over_chain": ("本年“上年结转”等于同一机关上一年的“结转下年度”，逐列比较。",
                         "This year's carried over equals the same agency's carried forward of the year before, "
                         "column by column."),
    "in_force_chain": ("现行有效件数 ≈ 上年现行有效件数 + 本年制发件数 − 本年废止件数。",
                       "In force ≈ last year's in force + issued this year − repealed this year."),
}


def codebook_keys(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per cell key of each template: where it is, its labels in both languages, its unit."""
    out: list[dict[str, Any]] = []
    tables = spec["tables"]

    def add(template: str, tbl: str, item: str, item_zh: str, row: dict, col: dict) -> None:
        unit = UNITS.get(col["key"], COUNT_UNIT)
        parts_zh = [p for p in (item_zh, row["label"], col["label"]) if p]
        parts_en = [p for p in (ITEM_EN.get(item, ""), ROW_EN.get(row["key"]), COLUMN_EN.get(col["key"])) if p]
        out.append({
            "template": template, "table": tbl, "item": item, "row": row["key"], "column": col["key"],
            "label_zh": " · ".join(parts_zh),
            "label_en": " · ".join(parts_en) if len(parts_en) == len(parts_zh) else None,
            "table_label_zh": tables[tbl]["label"], "table_label_en": TABLE_EN.get(tbl),
            "item_label_zh": item_zh or None, "row_label_zh": row["label"], "row_label_en": ROW_EN.get(row["key"]),
            "column_label_zh": col["label"], "column_label_en": COLUMN_EN.get(col["key"]),
            "unit": unit[0], "unit_zh": unit[1], "unit_en": unit[2],
        })

    for template in ("2019", "2021"):
        for it in tables["active_disclosure"]["templates"][template]:
            for row in it["rows"]:
                for col in it["columns"]:
                    add(template, "active_disclosure", it["item"], it["label"], row, col)
        for row in tables["applications"]["rows"]:
            if template in row.get("templates", ("2019", "2021")):
                for col in spec["applicant_columns"]:
                    add(template, "applications", "", "", row, col)
        for group in tables["review_litigation"]["groups"]:
            for col in tables["review_litigation"]["columns"]:
                add(template, "review_litigation", "", "", group, col)
    return out


def codebook_checks(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per check of the template (within a report and across years)."""
    rows = []
    for scope, checks in (("report", spec["checks"]), ("cross_report", spec.get("cross_report_checks", []))):
        for chk in checks:
            zh, en = CHECK_SENTENCES.get(chk["key"], (None, None))
            rows.append({"check_key": chk["key"], "scope": scope, "template": chk.get("template"),
                         "printed_in_template": int(bool(chk.get("printed"))), "formula": chk["rule"],
                         "sentence_zh": zh, "sentence_en": en, "source": chk.get("source")})
    return rows


def build_codebook(db: sqlite_utils.Database, spec: dict[str, Any]) -> None:
    """``codebook_keys`` and ``codebook_checks``: the template as tables, joined into the long statistics."""
    for name in ("codebook_keys", "codebook_checks"):
        db[name].drop(ignore=True)
    db["codebook_keys"].insert_all(codebook_keys(spec), pk=("template", "table", "item", "row", "column"))
    db["codebook_checks"].insert_all(codebook_checks(spec), pk=("check_key", "scope"))
