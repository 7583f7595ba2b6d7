"""The replica's report data: the four hand-transcribed seeds plus synthetic reports.

Every report is a ``ReportSpec`` holding the *truth* (``data``: canonical tables exactly as
the document prints them, blanks as ``None``) and the few presentation facts a renderer
needs to print it the way agencies do (``quirks``, ``printed`` cell text). Numbers are
drawn from a seeded RNG per report key, so ``build_reports()`` is deterministic and a new
report does not shift the others. Most reports are internally consistent; the ones listed
in ``FAILURES`` carry one deliberate slip, the way real reports do.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass, field

from replica.seeds import SEEDS

YEARS = range(2019, 2024)
APPLICANT_COLS = ["natural_person", "commercial_enterprise", "research_institution",
                  "social_welfare_org", "legal_service_org", "other_org"]
ALL_COLS = APPLICANT_COLS + ["total"]
RESULT_ROWS_COMMON = [
    "granted", "partially_granted",
    "withheld_state_secret", "withheld_prohibited_by_law", "withheld_security_stability",
    "withheld_third_party_rights", "withheld_internal_affairs", "withheld_process_information",
    "withheld_enforcement_files", "withheld_administrative_query",
    "unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear",
    "not_processed_petition", "not_processed_repeated", "not_processed_publication",
    "not_processed_mass_requests", "not_processed_confirmation",
]
RESULT_ROWS = {
    "2019": RESULT_ROWS_COMMON + ["other_total"],
    "2021": RESULT_ROWS_COMMON + ["other_no_correction", "other_unpaid_fee", "other_other"],
}
RL_GROUPS = ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]
RL_COLS = ["upheld", "corrected", "other", "pending", "total"]
AD_COLUMNS = {
    "2021": {
        "art20_1": ["issued_this_year", "repealed_this_year", "in_force"],
        "art20_5": ["decisions_this_year"],
        "art20_6": ["decisions_this_year"],
        "art20_8": ["amount_10k_yuan"],
    },
    "2019": {
        "art20_1": ["made_this_year", "published_this_year", "published_total"],
        "art20_5": ["items_last_year", "change_this_year", "decisions"],
        "art20_6": ["items_last_year", "change_this_year", "decisions"],
        "art20_8": ["items_last_year", "change_this_year"],
        "art20_9": ["projects", "amount"],
    },
}
AD_ROWS = {
    "2021": {
        "art20_1": ["rules", "normative_documents"],
        "art20_5": ["administrative_licensing"],
        "art20_6": ["administrative_penalty", "administrative_coercion"],
        "art20_8": ["administrative_fees"],
    },
    "2019": {
        "art20_1": ["rules", "normative_documents"],
        "art20_5": ["administrative_licensing", "other_external_services"],
        "art20_6": ["administrative_penalty", "administrative_coercion"],
        "art20_8": ["administrative_fees"],
        "art20_9": ["centralized_procurement"],
    },
}


@dataclass
class ReportSpec:
    """One report of one agency and year, as the replica publishes it."""

    key: str
    site: str
    district: str
    agency: str
    agency_slug: str
    year: int
    template: str
    publication: str
    data: dict
    sections: dict
    quirks: list[str]
    title: str
    # printed cell text that differs from str(value): "table/row/col" or "table/item/row/col"
    # -> text ("" blank, "/", "—", "无", "3522.436287万", "-1" …). Extra to the brief's API.
    printed: dict = field(default_factory=dict)
    fees: dict | None = None


# ---------------------------------------------------------------- agencies and layout

SITE_DISTRICTS = {"gz": "广州市", "panyu": "番禺区", "by": "白云区", "gzns": "南沙区", "hp": "黄埔区"}

# (slug, full name, kind); kind sets the scale of the numbers. Agencies are only ever
# appended (a report's numbers come from its key, so the others stay as they were).
AGENCIES: dict[str, list[tuple[str, str, str]]] = {
    "gz": [
        ("bgt", "广州市人民政府办公厅", "office"),
        ("fgw", "广州市发展和改革委员会", "dev"),
        ("rsj", "广州市人力资源和社会保障局", "hr"),
        ("jyj", "广州市教育局", "edu"),
    ],
    "panyu": [
        ("zfb", "广州市番禺区人民政府办公室", "office"),
        ("sjj", "广州市番禺区政务服务数据管理局", "data"),
        ("jyj", "广州市番禺区教育局", "edu"),
        ("gaj", "广州市公安局番禺区分局", "police"),
    ],
    "by": [
        ("sjj", "广州市白云区政务服务数据管理局", "data"),
        ("fgj", "广州市白云区发展和改革局", "dev"),
        ("wjj", "广州市白云区卫生健康局", "health"),
    ],
    "gzns": [
        ("zfb", "广州市南沙区人民政府办公室", "office"),
        ("rsj", "广州市南沙区人力资源和社会保障局", "hr"),
        ("jyj", "广州市南沙区教育局", "edu"),
        ("wjj", "广州市南沙区卫生健康局", "health"),
    ],
    "hp": [
        ("zfb", "广州市黄埔区人民政府办公室", "office"),
        ("fgj", "广州市黄埔区发展和改革局", "dev"),
        ("kjj", "广州市黄埔区科学技术局", "dev"),
        ("jyj", "广州市黄埔区教育局", "edu"),
    ],
}

# Agency-years the replica deliberately does not publish (the ledger must show these gaps).
MISSING_YEARS: list[tuple[str, str, int]] = [
    ("gz", "广州市人力资源和社会保障局", 2020),
    ("panyu", "广州市番禺区教育局", 2020),
    ("by", "广州市白云区发展和改革局", 2019),
    ("by", "广州市白云区卫生健康局", 2023),
    ("gzns", "广州市南沙区人力资源和社会保障局", 2019),
    ("gzns", "广州市南沙区人力资源和社会保障局", 2020),
    ("hp", "广州市黄埔区发展和改革局", 2021),
]

# Publication format per report key; every other report is an inline HTML article.
PUBLICATION: dict[str, str] = {
    "gz-bgt-2019": "pdf", "gz-bgt-2022": "pdf", "gz-fgw-2021": "pdf", "hp-fgj-2023": "pdf",
    "by-sjj-2021": "pdf", "panyu-sjj-2022": "pdf", "gzns-zfb-2020": "pdf",
    "by-fgj-2020": "docx", "by-wjj-2022": "docx", "panyu-jyj-2021": "docx", "gzns-rsj-2023": "docx",
    "gz-rsj-2019": "docx",
    "panyu-gaj-2019": "doc", "by-wjj-2019": "doc", "gz-fgw-2020": "doc",
    "gz-rsj-2021": "scan", "panyu-gaj-2022": "scan",
    "hp-zfb-2021": "html_images", "panyu-jyj-2019": "html_images",
    "gz-fgw-2023": "xlsx",
}

# Deliberate slips (key -> kind); each makes at least one template check fail.
FAILURES: dict[str, str] = {
    "by-fgj-2021": "total_typo",          # 总计 natural_person printed one too high
    "gz-bgt-2022": "row_total_typo",      # one result row's 总计 column wrong
    "panyu-gaj-2020": "review_total_typo",  # 行政复议 总计 does not add up
    "hp-zfb-2023": "carried_forward_typo",  # 结转下年度 wrong: balance fails
    "by-wjj-2020": "negative_count",      # a count printed as a negative number
}

# Reports whose 总计 row is printed with three numbers (others' columns must be zero).
THREE_NUMBER_TOTALS = {"panyu-gaj-2021", "gz-bgt-2020"}

SCALE = {"office": (40, 160), "police": (25, 90), "hr": (10, 45), "edu": (5, 30),
         "health": (5, 30), "dev": (0, 15), "data": (0, 8)}

RESULT_WEIGHTS = {
    "granted": 30, "partially_granted": 5,
    "withheld_state_secret": 0.3, "withheld_prohibited_by_law": 1.5, "withheld_security_stability": 0.3,
    "withheld_third_party_rights": 2, "withheld_internal_affairs": 2, "withheld_process_information": 2,
    "withheld_enforcement_files": 1, "withheld_administrative_query": 1.5,
    "unavailable_not_held": 28, "unavailable_needs_creation": 4, "unavailable_unclear": 2,
    "not_processed_petition": 4, "not_processed_repeated": 4, "not_processed_publication": 0.5,
    "not_processed_mass_requests": 1, "not_processed_confirmation": 1,
    "other_total": 4, "other_no_correction": 2.5, "other_unpaid_fee": 0.3, "other_other": 1.5,
}


def template_for(year: int) -> str:
    """The national template a report of ``year`` uses (2019 format until the 2020 reports)."""
    return "2019" if year <= 2020 else "2021"


def report_title(agency: str, year: int) -> str:
    return f"{agency}{year}年政府信息公开工作年度报告"


# ---------------------------------------------------------------- empty tables


def empty_tables(template: str) -> dict:
    """All canonical keys of ``template`` with None values (BRIEF shape)."""
    ad = {item: {row: dict.fromkeys(AD_COLUMNS[template][item]) for row in rows}
          for item, rows in AD_ROWS[template].items()}
    app_rows = ["new_received", "carried_over"] + RESULT_ROWS[template] + ["total", "carried_forward"]
    apps = {row: dict.fromkeys(ALL_COLS) for row in app_rows}
    rl = {g: dict.fromkeys(RL_COLS) for g in RL_GROUPS}
    return {"active_disclosure": ad, "applications": apps, "review_litigation": rl}


# ---------------------------------------------------------------- synthetic numbers


def _spread(rng: random.Random, n: int, rows: list[str]) -> dict[str, int]:
    counts = dict.fromkeys(rows, 0)
    weights = [RESULT_WEIGHTS[r] for r in rows]
    for row in rng.choices(rows, weights=weights, k=n) if n else []:
        counts[row] += 1
    return counts


def _applications(rng: random.Random, kind: str, template: str, carried_over: list[int],
                  forward_hint: list[int] | None) -> dict:
    lo, hi = SCALE[kind]
    natural = rng.randint(lo, hi)
    commercial = rng.randint(0, max(1, natural // 8))
    others = [rng.choice([0, 0, 0, 0, 1]) if natural > 10 else 0 for _ in range(3)]
    other_org = rng.choice([0, 0, 0, 1, 2]) if natural > 20 else 0
    new = [natural, commercial, *others, other_org]
    if rng.random() < 0.08:  # some small units receive nothing at all
        new = [0] * 6
    if forward_hint is not None:
        forward = list(forward_hint)
    else:
        forward = [min(rng.choice([0, 0, 0, 1, 2]), n + c) for n, c in zip(new, carried_over, strict=True)]
        forward = [f if i < 2 else 0 for i, f in enumerate(forward)]
    rows = RESULT_ROWS[template]
    apps: dict[str, dict] = {r: {} for r in ["new_received", "carried_over", *rows, "total", "carried_forward"]}
    for i, col in enumerate(APPLICANT_COLS):
        handled = new[i] + carried_over[i] - forward[i]
        if handled < 0:  # the hint cannot be honoured with these numbers
            forward[i] = new[i] + carried_over[i]
            handled = 0
        spread = _spread(rng, handled, rows)
        apps["new_received"][col] = new[i]
        apps["carried_over"][col] = carried_over[i]
        for r in rows:
            apps[r][col] = spread[r]
        apps["total"][col] = handled
        apps["carried_forward"][col] = forward[i]
    for row in apps.values():
        row["total"] = sum(row[c] for c in APPLICANT_COLS)
    return apps


def _review(rng: random.Random, applications_total: int) -> dict:
    rl = {}
    for g, share in zip(RL_GROUPS, (0.06, 0.04, 0.015), strict=True):
        n = sum(1 for _ in range(applications_total) if rng.random() < share)
        parts = dict.fromkeys(["upheld", "corrected", "other", "pending"], 0)
        for p in rng.choices(list(parts), weights=[60, 10, 15, 15], k=n) if n else []:
            parts[p] += 1
        rl[g] = {**parts, "total": n}
    return rl


def _active_disclosure(rng: random.Random, kind: str, template: str, prev_in_force: dict | None) -> dict:
    ad = empty_tables(template)["active_disclosure"]
    rules = rng.randint(0, 4) if kind == "office" and rng.random() < 0.3 else 0
    normative = rng.randint(0, 8) if kind in ("office", "hr", "dev", "edu", "health") else rng.randint(0, 1)
    licensing = {"hr": (50, 900), "health": (200, 3000), "edu": (20, 300), "dev": (10, 400)}.get(kind)
    penalty = {"police": (800, 6000), "health": (20, 300), "hr": (5, 80)}.get(kind)
    if template == "2021":
        prev = prev_in_force or {}
        base = prev.get("normative_documents")
        base = base if base is not None else rng.randint(0, 60)
        repealed = min(rng.randint(0, 3), base) if normative else 0
        in_force = base + normative - repealed
        rules_in_force = prev.get("rules")
        ad["art20_1"]["rules"] = {"issued_this_year": 0, "repealed_this_year": 0,
                                  "in_force": rules if rules_in_force is None else rules_in_force}
        ad["art20_1"]["normative_documents"] = {
            "issued_this_year": normative, "repealed_this_year": repealed, "in_force": in_force}
        ad["art20_5"]["administrative_licensing"]["decisions_this_year"] = rng.randint(*licensing) if licensing else 0
        ad["art20_6"]["administrative_penalty"]["decisions_this_year"] = rng.randint(*penalty) if penalty else 0
        ad["art20_6"]["administrative_coercion"]["decisions_this_year"] = (
            rng.randint(10, 400) if kind == "police" else 0)
        fee = round(rng.uniform(1, 900), 2) if kind in ("police", "hr") and rng.random() < 0.6 else 0
        ad["art20_8"]["administrative_fees"]["amount_10k_yuan"] = fee
    else:
        ad["art20_1"]["rules"] = {"made_this_year": rules, "published_this_year": rules,
                                  "published_total": rules + rng.randint(0, 20) if rules else 0}
        ad["art20_1"]["normative_documents"] = {
            "made_this_year": normative, "published_this_year": normative,
            "published_total": normative + rng.randint(0, 60)}
        for row, rng_items in (("administrative_licensing", licensing), ("other_external_services", None),
                               ("administrative_penalty", penalty), ("administrative_coercion", None)):
            item = "art20_5" if row in ("administrative_licensing", "other_external_services") else "art20_6"
            if rng_items or (row == "administrative_coercion" and kind == "police"):
                last = rng.randint(3, 60)
                change = rng.randint(-min(5, last), 6)
                decisions = rng.randint(*(rng_items or (10, 300)))
            else:
                last, change, decisions = 0, 0, 0
            ad[item][row] = {"items_last_year": last, "change_this_year": change, "decisions": decisions}
        fees_items = rng.randint(1, 6) if kind in ("police", "hr") else 0
        ad["art20_8"]["administrative_fees"] = {
            "items_last_year": fees_items, "change_this_year": -1 if fees_items > 2 and rng.random() < 0.3 else 0}
        projects = rng.randint(1, 25) if kind != "data" or rng.random() < 0.5 else 0
        amount = round(rng.uniform(2e5, 5e7), 2) if projects else 0
        ad["art20_9"]["centralized_procurement"] = {"projects": projects, "amount": amount}
    return ad


# ---------------------------------------------------------------- sections (prose)

PROBLEMS = [
    "政务公开工作仍存在一些不足：一是政策解读形式较为单一，图解、视频等多样化解读偏少；二是信息公开的及时性和规范性有待提升。"
    "下一步，我们将加强政策解读，丰富解读形式，完善信息发布审核机制，进一步提升政务公开工作水平。",
    "一是主动公开的深度和广度仍需拓展；二是工作人员业务水平有待提高。下一阶段，将进一步健全工作机制，加强业务培训，"
    "严格落实保密审查和公开属性认定，依法依规做好政府信息公开申请办理工作。",
    "存在的主要问题是依申请公开办理的规范化程度仍有提升空间，个别答复文书说理不够充分。改进措施：完善依申请公开登记、"
    "审核、办理、答复、归档等环节的工作流程，加强法律审核，提高答复质量。",
]


def _sections(rng: random.Random, spec_agency: str, year: int, template: str, data: dict,
              fees: dict | None) -> dict[str, str]:
    apps = data["applications"]
    new = apps["new_received"]["total"] or 0
    done = apps["total"]["total"] or 0
    fwd = apps["carried_forward"]["total"] or 0
    published = rng.randint(60, 4000)
    online = rng.randint(published // 3, published)
    platform = rng.choice([
        "依托政府门户网站和政务新媒体，拓宽信息发布渠道。",
        "优化政府网站信息公开专栏，完成政务新媒体备案和常态化巡查。",
        "完善政务服务中心政务公开专区建设，提供政府信息查阅服务。",
    ])
    supervision = rng.choice([
        "加强组织领导，将政务公开工作纳入年度工作要点，明确责任分工。",
        "开展政务公开业务培训，建立工作台账，按时报送政府信息公开统计数据。",
        "将政务公开纳入绩效考核，定期开展自查整改。",
    ])
    overview = (
        f"{year}年，{spec_agency}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》"
        "和上级关于政务公开工作的部署要求，坚持“以公开为常态、不公开为例外”，扎实推进政务公开各项工作。\n"
        f"（一）主动公开情况。全年主动公开政府信息{published}条，其中通过政府门户网站公开{online}条。"
        "及时发布政策文件及解读、财政预决算、人事任免等信息。\n"
        + (f"（二）依申请公开情况。全年新收政府信息公开申请{new}件，办结{done}件，结转下年度继续办理{fwd}件。\n"
           if new or done else "（二）依申请公开情况。本年度未收到政府信息公开申请。\n")
        + "（三）政府信息管理情况。严格落实信息发布“三审三校”制度，开展公开属性认定和保密审查。\n"
        f"（四）政府信息公开平台建设情况。{platform}\n"
        f"（五）监督保障情况。{supervision}"
    )
    if template == "2021":
        if fees and fees.get("fee_collected_yuan"):
            other = (f"本年度发出收费通知{fees['fee_notices']}件，收费通知总金额{fees['fee_notices_amount_yuan']}元，"
                     f"实际收取信息处理费共计{fees['fee_collected_yuan']}元。")
        else:
            other = "本年度未收取信息处理费。"
    else:
        other = rng.choice(["无。", f"本年度报告的统计期限为{year}年1月1日至{year}年12月31日。"])
    return {
        "overview": overview,
        "active_disclosure": "",
        "applications": "",
        "review_litigation": "",
        "problems": rng.choice(PROBLEMS),
        "other": other,
    }


# ---------------------------------------------------------------- quirks


def _set_printed(spec: ReportSpec, path: str, text: str, value: object = None) -> None:
    """Print ``text`` in the cell at ``path`` and record ``value`` as its canonical value."""
    spec.printed[path] = text
    parts = path.split("/")
    node = spec.data
    for p in parts[:-1]:
        node = node[p]
    node[parts[-1]] = value


def _zero_rows(spec: ReportSpec) -> list[str]:
    rows = RESULT_ROWS[spec.template]
    return [r for r in rows if all(spec.data["applications"][r][c] == 0 for c in ALL_COLS)]


def _apply_quirks(spec: ReportSpec, rng: random.Random) -> None:
    """Pick this report's printing habits (labels, blank-ish cells, money units)."""
    q = spec.quirks
    if rng.random() < 0.3:
        q.append("brackets_halfwidth")
    if spec.template == "2021" and rng.random() < 0.3:
        q.append("label_guifan_old")
    if spec.template == "2019" and rng.random() < 0.2:
        q.append("label_xingzheng_guifan")
    if rng.random() < 0.35:
        q.append("label_xu_lingxing")
    if rng.random() < 0.3:
        q.append("problems_label_variant")
    if spec.publication in ("html", "html_images"):
        q.append("html_style_" + rng.choice(["plain", "plain", "word", "th"]))
    elif spec.publication in ("pdf", "docx", "doc", "scan"):
        if rng.random() < 0.6:  # Word documents: header rows repeat on each page (w:tblHeader) or not
            q.append("repeat_table_header")
        if rng.random() < 0.4:
            q.append("title_two_lines")
    if rng.random() < 0.25:
        q.append("ad_split_tables")
    zero_rows = _zero_rows(spec)
    for marker, quirk in (("/", "slash_cells"), ("—", "dash_cells"), ("无", "wu_cells"), ("", "blank_cells")):
        if zero_rows and rng.random() < 0.22:
            row = zero_rows.pop(rng.randrange(len(zero_rows)))
            for c in APPLICANT_COLS[1:]:
                _set_printed(spec, f"applications/{row}/{c}", marker)
            q.append(quirk)
    if zero_rows and rng.random() < 0.2:
        row = zero_rows.pop(rng.randrange(len(zero_rows)))
        for c in ("legal_service_org", "other_org", "total"):
            _set_printed(spec, f"applications/{row}/{c}", "")
        spec.printed[f"applications/{row}/__omit_trailing"] = "3"
        q.append("missing_trailing_cells")
    if spec.template == "2019":
        amount = spec.data["active_disclosure"]["art20_9"]["centralized_procurement"]["amount"]
        style = rng.choice(["yuan", "wan_in_cell", "wan_header"])
        if amount and style == "wan_in_cell":
            wan = round(amount / 10000, 6)
            _set_printed(spec, "active_disclosure/art20_9/centralized_procurement/amount",
                         f"{wan:.6f}".rstrip("0").rstrip(".") + "万", _yuan(wan * 10000))
            q.append("money_units_in_cell")
        elif amount and style == "wan_header":
            wan = round(amount / 10000, 4)
            _set_printed(spec, "active_disclosure/art20_9/centralized_procurement/amount",
                         f"{wan:.4f}".rstrip("0").rstrip("."), _yuan(wan * 10000))
            q.append("money_header_wan")
        else:
            if amount:
                spec.data["active_disclosure"]["art20_9"]["centralized_procurement"]["amount"] = _yuan(amount)
                if rng.random() < 0.3:  # the unit written again in the cell: 1690366.5元
                    _set_printed(spec, "active_disclosure/art20_9/centralized_procurement/amount",
                                 f"{_yuan(amount)}元", _yuan(amount))
                    q.append("money_yuan_in_cell")
            q.append("money_header_yuan")
    else:
        fee = spec.data["active_disclosure"]["art20_8"]["administrative_fees"]["amount_10k_yuan"]
        if fee and rng.random() < 0.4:  # 本年收费金额 with its unit repeated: 12.35万元
            _set_printed(spec, "active_disclosure/art20_8/administrative_fees/amount_10k_yuan", f"{fee}万元", fee)
            q.append("fee_unit_in_cell")


def _yuan(value: float) -> float | int:
    """Money in yuan, rounded to fen; integral amounts as int so JSON shows no '.0'."""
    v = round(value, 2)
    return int(v) if v == int(v) else v


def _apply_failure(spec: ReportSpec, kind: str) -> None:
    apps = spec.data["applications"]
    if kind == "total_typo":
        apps["total"]["natural_person"] += 1
    elif kind == "row_total_typo":
        row = max(RESULT_ROWS[spec.template], key=lambda r: apps[r]["total"])
        apps[row]["total"] += 10
    elif kind == "review_total_typo":
        spec.data["review_litigation"]["reconsideration"]["total"] += 1
    elif kind == "carried_forward_typo":
        apps["carried_forward"]["natural_person"] += 2
        apps["carried_forward"]["total"] += 2
    elif kind == "negative_count":
        col = "decisions" if spec.template == "2019" else "decisions_this_year"
        spec.data["active_disclosure"]["art20_6"]["administrative_penalty"][col] = -3
    spec.quirks.append(f"fails_{kind}")


def _three_number_total(spec: ReportSpec) -> None:
    apps = spec.data["applications"]
    for row in apps.values():  # make the columns the printer drops really zero
        for c in ("research_institution", "social_welfare_org", "legal_service_org", "other_org"):
            row[c] = 0
        row["total"] = sum(row[c] for c in APPLICANT_COLS)
    for c in ("research_institution", "social_welfare_org", "legal_service_org", "other_org"):
        _set_printed(spec, f"applications/total/{c}", "")
    spec.quirks.append("total_three_numbers")


# ---------------------------------------------------------------- seeds


def _seed_spec(seed: dict) -> ReportSpec:
    site, slug, year, template = seed["site"], seed["agency_slug"], seed["year"], seed["template"]
    agency = next(a for s, a, _ in AGENCIES[site] if s == slug)
    data = empty_tables(template)
    for item, rows in seed["active_disclosure"].items():
        for row, values in rows.items():
            data["active_disclosure"][item][row] = dict(zip(AD_COLUMNS[template][item], values, strict=True))
    for row in data["applications"]:
        values = seed["applications"].get(row, [0] * 7)
        data["applications"][row] = dict(zip(ALL_COLS, values, strict=True))
    rl = seed["review_litigation"]
    for gi, g in enumerate(RL_GROUPS):
        data["review_litigation"][g] = dict(zip(RL_COLS, rl[gi * 5:gi * 5 + 5], strict=True))
    key = f"{site}-{slug}-{year}"
    return ReportSpec(
        key=key, site=site, district=SITE_DISTRICTS[site], agency=agency, agency_slug=slug, year=year,
        template=template, publication=seed["publication"], data=data, sections=dict(seed["sections"]),
        quirks=[f"seed_{seed['seed'][:3]}", *seed["quirks"]], title=report_title(agency, year),
        printed=dict(seed["printed"]), fees=seed.get("fees"),
    )


# ---------------------------------------------------------------- build


def _fees(rng: random.Random, kind: str, template: str) -> dict | None:
    if template != "2021":
        return None
    if kind in ("office", "police") and rng.random() < 0.3:
        notices = rng.randint(1, 4)
        amount = notices * rng.choice([100, 200, 400])
        return {"fee_notices": notices, "fee_notices_amount_yuan": amount, "fee_collected_yuan": amount}
    return {"fee_notices": None, "fee_notices_amount_yuan": None, "fee_collected_yuan": 0}


def build_reports() -> list[ReportSpec]:
    """Every report the replica publishes, in a stable order (site, agency, year)."""
    seeds = {f"{s['site']}-{s['agency_slug']}-{s['year']}": s for s in SEEDS}
    missing = set(MISSING_YEARS)
    specs: list[ReportSpec] = []
    for site, agencies in AGENCIES.items():
        for slug, agency, kind in agencies:
            carried = [0] * 6
            in_force: dict | None = None
            for year in YEARS:
                key = f"{site}-{slug}-{year}"
                if (site, agency, year) in missing:
                    carried, in_force = [0] * 6, None  # the chain restarts after a gap
                    continue
                rng = random.Random(f"nianbao-replica:{key}")
                if key in seeds:
                    spec = _seed_spec(seeds[key])
                else:
                    spec = _synthetic(rng, site, slug, agency, kind, year, carried, in_force, seeds)
                apps = spec.data["applications"]
                carried = [apps["carried_forward"][c] or 0 for c in APPLICANT_COLS]
                art20_1 = spec.data["active_disclosure"]["art20_1"]
                in_force = {row: art20_1[row].get("in_force") for row in ("rules", "normative_documents")}
                specs.append(spec)
    return specs


def _synthetic(rng: random.Random, site: str, slug: str, agency: str, kind: str, year: int,
               carried: list[int], in_force: dict | None, seeds: dict, *, district: str | None = None,
               publication: str | None = None) -> ReportSpec:
    """One synthetic report; ``district``/``publication`` default to the Guangzhou tables."""
    template = template_for(year)
    key = f"{site}-{slug}-{year}"
    next_seed = seeds.get(f"{site}-{slug}-{year + 1}")
    hint = None
    if next_seed is not None:  # keep the carry-over chain into a real report intact
        hint = (next_seed["applications"].get("carried_over") or [0] * 7)[:6]
    data = {
        "active_disclosure": _active_disclosure(rng, kind, template, in_force if template == "2021" else None),
        "applications": _applications(rng, kind, template, carried, hint),
    }
    if next_seed is not None and template == "2021" and next_seed["template"] == "2021":
        _lead_into_seed(data["active_disclosure"]["art20_1"], next_seed["active_disclosure"]["art20_1"])
    data["review_litigation"] = _review(rng, data["applications"]["new_received"]["total"])
    fees = _fees(rng, kind, template)
    spec = ReportSpec(
        key=key, site=site, district=district or SITE_DISTRICTS[site], agency=agency, agency_slug=slug, year=year,
        template=template, publication=publication or PUBLICATION.get(key, "html"), data=data, sections={}, quirks=[],
        title=report_title(agency, year), fees=fees,
    )
    if key in THREE_NUMBER_TOTALS:
        _three_number_total(spec)
    if key in FAILURES:
        _apply_failure(spec, FAILURES[key])
    _apply_quirks(spec, rng)
    spec.sections = _sections(rng, agency, year, template, spec.data, fees)
    return spec


def _lead_into_seed(art20_1: dict, seed_art20_1: dict) -> None:
    """Make the year before a real report end where that report's in_force chain starts."""
    for row, (issued, repealed, in_force) in seed_art20_1.items():
        cell = art20_1[row]
        cell["in_force"] = in_force - issued + repealed
        cell["issued_this_year"] = min(cell["issued_this_year"], cell["in_force"])
        cell["repealed_this_year"] = 0


def amend(spec: ReportSpec) -> ReportSpec:
    """The same report re-issued with ONE number changed (an agency correcting its table).

    The changed cell is 行政处罚's decision count: no accounting identity involves it, so the
    amendment changes the data without changing which checks fail.
    """
    new = copy.deepcopy(spec)
    col = "decisions_this_year" if spec.template == "2021" else "decisions"
    cell = new.data["active_disclosure"]["art20_6"]["administrative_penalty"]
    cell[col] = (cell[col] or 0) + 1
    new.printed.pop(f"active_disclosure/art20_6/administrative_penalty/{col}", None)
    new.quirks = [*new.quirks, "amended"]
    return new
