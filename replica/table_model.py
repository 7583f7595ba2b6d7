"""The table model every format is rendered from.

The national template lays out three statistical tables with rowspans and colspans; this
module builds them once per report (labels, printed text, this report's label quirks) as
rows of ``Cell``s, so HTML, Word, XLSX and PNG all print the same table. It also holds the
report's section headings and signature date, which every renderer prints the same way.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from replica.reports import (
    AD_COLUMNS,
    AD_ROWS,
    ALL_COLS,
    RESULT_ROWS,
    RL_COLS,
    RL_GROUPS,
    ReportSpec,
)

SECTION_LABELS = [
    ("overview", "一、总体情况"),
    ("active_disclosure", "二、主动公开政府信息情况"),
    ("applications", "三、收到和处理政府信息公开申请情况"),
    ("review_litigation", "四、政府信息公开行政复议、行政诉讼情况"),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other", "六、其他需要报告的事项"),
]
PROBLEMS_VARIANT = "五、政府信息公开工作存在的主要问题及改进情况"


@dataclass
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    path: str | None = None  # "table/…/col" for a data cell


@dataclass
class Table:
    """A table as an agency lays it out: rows of cells, spans like HTML."""

    caption: str
    ncols: int
    rows: list[list[Cell]]
    header_rows: int = 0  # rows to repeat on every page (Word tblHeader)
    narrow_from: int | None = None  # first of the narrow value columns (applications table)
    col_widths_cm: list[float] = field(default_factory=list)


def _label(spec: ReportSpec, text: str) -> str:
    """Apply this report's label habits (bracket width, wording variants)."""
    q = spec.quirks
    if "label_guifan_old" in q:
        text = text.replace("行政规范性文件", "规范性文件")
    if "label_xingzheng_guifan" in q and "行政规范性文件" not in text:
        text = text.replace("规范性文件", "行政规范性文件")
    if "label_xu_lingxing" in q:
        text = text.replace("需要另行制作", "需另行制作")
    if "header_feizhi_jianshuliang" in q:
        text = text.replace("本年废止件数", "本年废止件数量")
    if "brackets_halfwidth" in q:
        text = text.replace("（", "(").replace("）", ")")
    return text


def format_number(value: object, key: str = "") -> str:
    """How a value is printed when the report has no special text for it."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value == int(value):
            return str(int(value))
        return f"{value:.2f}" if key == "amount" else f"{value:.6f}".rstrip("0").rstrip(".")
    return str(value)


def _value(spec: ReportSpec, path: str) -> Cell:
    if path in spec.printed:
        return Cell(spec.printed[path], path=path)
    node: object = spec.data
    for p in path.split("/"):
        node = node[p]  # type: ignore[index]
    return Cell(format_number(node, path.rsplit("/", 1)[-1]), path=path)


AD_COL_LABELS = {
    "issued_this_year": "本年制发件数", "repealed_this_year": "本年废止件数", "in_force": "现行有效件数",
    "decisions_this_year": "本年处理决定数量", "amount_10k_yuan": "本年收费金额（单位：万元）",
    "made_this_year": "本年新制作数量", "published_this_year": "本年新公开数量",
    "published_total": "对外公开总数量", "items_last_year": "上一年项目数量", "change_this_year": "本年增/减",
    "decisions": "处理决定数量", "projects": "采购项目数量", "amount": "采购总金额",
}
AD_ROW_LABELS = {
    "rules": "规章", "normative_documents": {"2021": "行政规范性文件", "2019": "规范性文件"},
    "administrative_licensing": "行政许可", "other_external_services": "其他对外管理服务事项",
    "administrative_penalty": "行政处罚", "administrative_coercion": "行政强制",
    "administrative_fees": "行政事业性收费", "centralized_procurement": "政府集中采购",
}
AD_ITEM_LABELS = {"art20_1": "第二十条第（一）项", "art20_5": "第二十条第（五）项", "art20_6": "第二十条第（六）项",
                  "art20_8": "第二十条第（八）项", "art20_9": "第二十条第（九）项"}


def active_disclosure_table(spec: ReportSpec) -> Table:
    rows: list[list[Cell]] = []
    for item, item_rows in AD_ROWS[spec.template].items():
        cols = AD_COLUMNS[spec.template][item]
        fill = 3 - len(cols) + 1  # the last column spans what is left of the 4-column grid
        rows.append([Cell(_label(spec, AD_ITEM_LABELS[item]), colspan=4, header=True)])
        head = [Cell("信息内容", header=True)]
        for i, c in enumerate(cols):
            text = AD_COL_LABELS[c]
            if c == "amount":
                if "money_header_yuan" in spec.quirks:
                    text += "（元）"
                elif "money_header_wan" in spec.quirks:
                    text += "（万元）"
            head.append(Cell(_label(spec, text), colspan=fill if i == len(cols) - 1 else 1, header=True))
        rows.append(head)
        for r in item_rows:
            label = AD_ROW_LABELS[r]
            label = label[spec.template] if isinstance(label, dict) else label
            line = [Cell(_label(spec, label), header=True)]
            for i, c in enumerate(cols):
                cell = _value(spec, f"active_disclosure/{item}/{r}/{c}")
                cell.colspan = fill if i == len(cols) - 1 else 1
                line.append(cell)
            rows.append(line)
    return Table("二、主动公开政府信息情况", 4, rows, col_widths_cm=[4.6, 3.6, 3.6, 3.6])


APP_LABELS = {
    "new_received": "一、本年新收政府信息公开申请数量",
    "carried_over": "二、上年结转政府信息公开申请数量",
    "granted": "（一）予以公开",
    "partially_granted": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "withheld_state_secret": "1.属于国家秘密", "withheld_prohibited_by_law": "2.其他法律行政法规禁止公开",
    "withheld_security_stability": "3.危及“三安全一稳定”", "withheld_third_party_rights": "4.保护第三方合法权益",
    "withheld_internal_affairs": "5.属于三类内部事务信息", "withheld_process_information": "6.属于四类过程性信息",
    "withheld_enforcement_files": "7.属于行政执法案卷", "withheld_administrative_query": "8.属于行政查询事项",
    "unavailable_not_held": "1.本机关不掌握相关政府信息", "unavailable_needs_creation": "2.没有现成信息需要另行制作",
    "unavailable_unclear": "3.补正后申请内容仍不明确",
    "not_processed_petition": "1.信访举报投诉类申请", "not_processed_repeated": "2.重复申请",
    "not_processed_publication": "3.要求提供公开出版物", "not_processed_mass_requests": "4.无正当理由大量反复申请",
    "not_processed_confirmation": "5.要求行政机关确认或重新出具已获取信息",
    "other_no_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other_unpaid_fee": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other_other": "3.其他", "other_total": "（六）其他处理", "total": "（七）总计",
    "carried_forward": "四、结转下年度继续办理",
}
APP_GROUPS = {"withheld_state_secret": ("（三）不予公开", 8), "unavailable_not_held": ("（四）无法提供", 3),
              "not_processed_petition": ("（五）不予处理", 5), "other_no_correction": ("（六）其他处理", 3)}
APP_COL_LABELS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def applications_table(spec: ReportSpec) -> Table:
    L = lambda t: _label(spec, t)  # noqa: E731
    rows: list[list[Cell]] = [
        [Cell(L("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"), rowspan=3, colspan=3,
              header=True), Cell("申请人情况", colspan=7, header=True)],
        [Cell("自然人", rowspan=2, header=True), Cell("法人或其他组织", colspan=5, header=True),
         Cell("总计", rowspan=2, header=True)],
        [Cell(t, header=True) for t in APP_COL_LABELS[1:6]],
    ]
    results = RESULT_ROWS[spec.template]
    order = ["new_received", "carried_over", *results, "total", "carried_forward"]
    for row in order:
        label = APP_LABELS[row]
        if row in ("new_received", "carried_over", "carried_forward"):
            line = [Cell(L(label), colspan=3, header=True)]
        else:
            line = []
            if row == "granted":
                line.append(Cell("三、本年度办理结果", rowspan=len(results) + 1, header=True))
            if row in APP_GROUPS:
                glabel, n = APP_GROUPS[row]
                line += [Cell(L(glabel), rowspan=n, header=True), Cell(L(label), header=True)]
            elif row.startswith(("withheld_", "unavailable_", "not_processed_")) or row in (
                    "other_unpaid_fee", "other_other"):
                line.append(Cell(L(label), header=True))
            else:  # granted, partially_granted, other_total, total
                line.append(Cell(L(label), colspan=2, header=True))
        cells = [_value(spec, f"applications/{row}/{c}") for c in ALL_COLS]
        omit = int(spec.printed.get(f"applications/{row}/__omit_trailing", "0"))
        rows.append(line + (cells[:-omit] if omit else cells))
    return Table("三、收到和处理政府信息公开申请情况", 10, rows, header_rows=3, narrow_from=3,
                 col_widths_cm=[1.0, 1.5, 3.6] + [1.15] * 7)


def review_table(spec: ReportSpec) -> Table:
    labels = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    rows = [
        [Cell("行政复议", colspan=5, header=True), Cell("行政诉讼", colspan=10, header=True)],
        [Cell(t, rowspan=2, header=True) for t in labels]
        + [Cell("未经复议直接起诉", colspan=5, header=True), Cell("复议后起诉", colspan=5, header=True)],
        [Cell(t, header=True) for t in labels * 2],
        [_value(spec, f"review_litigation/{g}/{c}") for g in RL_GROUPS for c in RL_COLS],
    ]
    return Table("四、政府信息公开行政复议、行政诉讼情况", 15, rows, header_rows=3, narrow_from=0,
                 col_widths_cm=[1.1] * 15)


def tables(spec: ReportSpec) -> dict[str, Table]:
    """The three statistical tables, keyed like the sections they belong to."""
    return {"active_disclosure": active_disclosure_table(spec), "applications": applications_table(spec),
            "review_litigation": review_table(spec)}


def printed_tables(spec: ReportSpec) -> dict[str, list[Table]]:
    """The tables as this report prints them: some agencies give every 第二十条 item its own table."""
    out = {k: [t] for k, t in tables(spec).items()}
    if "ad_split_tables" in spec.quirks:
        ad = out["active_disclosure"][0]
        parts: list[Table] = []
        for row in ad.rows:
            if len(row) == 1 and row[0].colspan == ad.ncols:  # an item's title row starts a table
                parts.append(Table(row[0].text, ad.ncols, [], col_widths_cm=ad.col_widths_cm))
            parts[-1].rows.append(row)
        out["active_disclosure"] = parts
    return out


def section_heading(spec: ReportSpec, key: str, label: str) -> str:
    if key == "problems" and "problems_label_variant" in spec.quirks:
        return PROBLEMS_VARIANT
    return label


def signature_date(spec: ReportSpec) -> str:
    day = int(hashlib.sha1(spec.key.encode()).hexdigest(), 16) % 28 + 1
    return f"{spec.year + 1}年1月{day}日"


def grid_positions(table: Table) -> list[list[tuple[int, int, Cell]]]:
    """(row, col, cell) of every cell, resolving rowspans like an HTML table does."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(table.rows):
        c = 0
        line = []
        for cell in row:
            while (r, c) in taken:
                c += 1
            line.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
        out.append(line)
    return out
