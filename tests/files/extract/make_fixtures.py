"""Regenerate the extraction fixtures of this folder (run by hand, outputs committed).

    .venv/bin/python tests/files/extract/make_fixtures.py

Two small reports with hand-written numbers (the *.expected.json files are those numbers,
checked by hand against the rendered documents):
* report2019.docx — 2019 template, merged cells, half-width brackets, '/' and '—' cells,
  money written '3522.436287万', a 总计 row printed with three numbers; also converted
  to report2019.pdf by LibreOffice, to report2019.scan.pdf (an image-only PDF) and the
  applications table page to report2019.table.png; report2019.doc is the DOCX saved as
  Word 97 by LibreOffice.
  report2019.mixed.pdf is page 1 of the PDF (text layer) + the scanned pages after it.
* report2021.gbk.html — 2021 template in GBK with rowspan/colspan, a row with missing
  trailing cells, 无 cells and the fee sentence of section 六.
* report2021.xls — not made here: the replica's xlsx report (gz-fgw-2023) saved as Excel 97 by
  ``soffice --headless --convert-to xls``; its expected JSON is that report's, copied unchanged.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.shared import Pt

HERE = Path(__file__).parent
COLS = ["natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
        "legal_service_org", "other_org", "total"]
APP_2019 = [
    ("new_received", "一、本年新收政府信息公开申请数量", [93, 2, 0, 0, 0, 0, 95]),
    ("carried_over", "二、上年结转政府信息公开申请数量", [0, 0, 0, 0, 0, 0, 0]),
    ("granted", "(一)予以公开", [18, 1, 0, 0, 0, 0, 19]),
    ("partially_granted", "(二)部分公开(区分处理的，只计这一情形，不计其他情形)", [2, 0, 0, 0, 0, 0, 2]),
    ("withheld_state_secret", "1.属于国家秘密", [0, 0, 0, 0, 0, 0, 0]),
    ("withheld_prohibited_by_law", "2.其他法律行政法规禁止公开", [5, 0, 0, 0, 0, 0, 5]),
    ("withheld_security_stability", "3.危及“三安全一稳定”", [0, 0, 0, 0, 0, 0, 0]),
    ("withheld_third_party_rights", "4.保护第三方合法权益", [0, 0, 0, 0, 0, 0, 0]),
    ("withheld_internal_affairs", "5.属于三类内部事务信息", [1, 0, 0, 0, 0, 0, 1]),
    ("withheld_process_information", "6.属于四类过程性信息", [1, 0, 0, 0, 0, 0, 1]),
    ("withheld_enforcement_files", "7.属于行政执法案卷", [0, 0, 0, 0, 0, 0, 0]),
    ("withheld_administrative_query", "8.属于行政查询事项", [0, 0, 0, 0, 0, 0, 0]),
    ("unavailable_not_held", "1.本机关不掌握相关政府信息", [43, 1, 0, 0, 0, 0, 44]),
    ("unavailable_needs_creation", "2.没有现成信息需另行制作", [2, 0, 0, 0, 0, 0, 2]),
    ("unavailable_unclear", "3.补正后申请内容仍不明确", [1, 0, 0, 0, 0, 0, 1]),
    ("not_processed_petition", "1.信访举报投诉类申请", [1, 0, 0, 0, 0, 0, 1]),
    ("not_processed_repeated", "2.重复申请", [13, 0, 0, 0, 0, 0, 13]),
    ("not_processed_publication", "3.要求提供公开出版物", [0, "/", "/", "/", "/", "/", "/"]),
    ("not_processed_mass_requests", "4.无正当理由大量反复申请", [5, 0, 0, 0, 0, 0, 5]),
    ("not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息", [0, "—", "—", "—", "—", "—", "—"]),
    ("other_total", "(六)其他处理", [0, 0, 0, 0, 0, 0, 0]),
    ("total", "(七)总计", [92, 2, "", "", "", "", 94]),
    ("carried_forward", "四、结转下年度继续办理", [1, 0, 0, 0, 0, 0, 1]),
]
GROUPS_2019 = {"granted": "三、本年度办理结果", "withheld_state_secret": "(三)不予公开",
               "unavailable_not_held": "(四)无法提供", "not_processed_petition": "(五)不予处理"}
ACTIVE_2019 = [
    ("第二十条第(一)项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
     [("规章", [0, 0, 0]), ("规范性文件", [5, 5, 43])]),
    ("第二十条第(五)项", ["上一年项目数量", "本年增/减", "处理决定数量"],
     [("行政许可", [12, -2, 301]), ("其他对外管理服务事项", [3, 0, 7])]),
    ("第二十条第(六)项", ["上一年项目数量", "本年增/减", "处理决定数量"],
     [("行政处罚", [20, 1, 55]), ("行政强制", [2, 0, 4])]),
    ("第二十条第(八)项", ["上一年项目数量", "本年增/减"], [("行政事业性收费", [1, 0])]),
    ("第二十条第(九)项", ["采购项目数量", "采购总金额"], [("政府集中采购", [7, "3522.436287万"])]),
]
REVIEW_2019 = [4, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1]


def _cell(v) -> str:
    return "" if v is None else str(v)


def make_docx(path: Path) -> None:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(10)
    doc.add_paragraph("广州市测试区人民政府办公室2020年政府信息公开工作年度报告")
    doc.add_paragraph("一、总体情况")
    doc.add_paragraph("2020年，本办认真贯彻《中华人民共和国政府信息公开条例》，依法做好政府信息公开工作。")
    doc.add_paragraph("二、主动公开政府信息情况")
    for item, cols, rows in ACTIVE_2019:
        t = doc.add_table(rows=2 + len(rows), cols=4)
        t.style = "Table Grid"
        t.cell(0, 0).merge(t.cell(0, 3)).text = item
        t.cell(1, 0).text = "信息内容"
        for i, c in enumerate(cols):
            t.cell(1, 1 + i).text = c + ("（元）" if c == "采购总金额" else "")
        if len(cols) < 3:
            t.cell(1, len(cols)).merge(t.cell(1, 3))
        for r, (label, vals) in enumerate(rows, start=2):
            t.cell(r, 0).text = label
            for i, v in enumerate(vals):
                t.cell(r, 1 + i).text = _cell(v)
            if len(vals) < 3:
                t.cell(r, len(vals)).merge(t.cell(r, 3))
    doc.add_paragraph("三、收到和处理政府信息公开申请情况")
    t = doc.add_table(rows=3 + len(APP_2019), cols=10)
    t.style = "Table Grid"
    t.cell(0, 0).merge(t.cell(2, 2)).text = "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)"
    t.cell(0, 3).merge(t.cell(0, 9)).text = "申请人情况"
    t.cell(1, 3).merge(t.cell(2, 3)).text = "自然人"
    t.cell(1, 4).merge(t.cell(1, 8)).text = "法人或其他组织"
    t.cell(1, 9).merge(t.cell(2, 9)).text = "总计"
    for i, c in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]):
        t.cell(2, 4 + i).text = c
    r0 = 3
    for r, (key, label, vals) in enumerate(APP_2019, start=r0):
        if key in ("new_received", "carried_over", "carried_forward"):
            t.cell(r, 0).merge(t.cell(r, 2)).text = label
        elif key in ("granted", "partially_granted", "other_total", "total"):
            t.cell(r, 1).merge(t.cell(r, 2)).text = label
        else:
            t.cell(r, 2).text = label
        for i, v in enumerate(vals):
            t.cell(r, 3 + i).text = _cell(v)
    keys = [k for k, _, _ in APP_2019]
    t.cell(r0 + keys.index("granted"), 0).merge(t.cell(r0 + keys.index("total"), 0)).text = "三、本年度办理结果"
    for first, label in GROUPS_2019.items():
        if first == "granted":
            continue
        last = {"withheld_state_secret": "withheld_administrative_query", "unavailable_not_held":
                "unavailable_unclear", "not_processed_petition": "not_processed_confirmation"}[first]
        t.cell(r0 + keys.index(first), 1).merge(t.cell(r0 + keys.index(last), 1)).text = label
    doc.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    t = doc.add_table(rows=4, cols=15)
    t.style = "Table Grid"
    t.cell(0, 0).merge(t.cell(1, 4)).text = "行政复议"
    t.cell(0, 5).merge(t.cell(0, 14)).text = "行政诉讼"
    t.cell(1, 5).merge(t.cell(1, 9)).text = "未经复议直接起诉"
    t.cell(1, 10).merge(t.cell(1, 14)).text = "复议后起诉"
    for g in range(3):
        for i, c in enumerate(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]):
            t.cell(2, g * 5 + i).text = c
    for i, v in enumerate(REVIEW_2019):
        t.cell(3, i).text = str(v)
    doc.add_paragraph("五、存在的主要问题及改进情况")
    doc.add_paragraph("政策解读形式较为单一，下一步将丰富解读形式。")
    doc.add_paragraph("六、其他需要报告的事项")
    doc.add_paragraph("本年度未收取信息处理费。")
    doc.save(str(path))


def expected_2019() -> dict:
    active = {
        "art20_1": {"rules": {"made_this_year": 0, "published_this_year": 0, "published_total": 0},
                    "normative_documents": {"made_this_year": 5, "published_this_year": 5, "published_total": 43}},
        "art20_5": {"administrative_licensing": {"items_last_year": 12, "change_this_year": -2, "decisions": 301},
                    "other_external_services": {"items_last_year": 3, "change_this_year": 0, "decisions": 7}},
        "art20_6": {"administrative_penalty": {"items_last_year": 20, "change_this_year": 1, "decisions": 55},
                    "administrative_coercion": {"items_last_year": 2, "change_this_year": 0, "decisions": 4}},
        "art20_8": {"administrative_fees": {"items_last_year": 1, "change_this_year": 0}},
        "art20_9": {"centralized_procurement": {"projects": 7, "amount": 35224362.87}},
    }
    apps = {}
    for key, _label, vals in APP_2019:
        apps[key] = {c: (v if isinstance(v, int) else None) for c, v in zip(COLS, vals, strict=True)}
    groups = ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]
    rcols = ["upheld", "corrected", "other", "pending", "total"]
    review = {g: dict(zip(rcols, REVIEW_2019[i * 5:i * 5 + 5], strict=True)) for i, g in enumerate(groups)}
    return {"agency": "广州市测试区人民政府办公室", "district": "测试区", "year": 2020, "template": "2019",
            "active_disclosure": active, "applications": apps, "review_litigation": review,
            "checks_failing": []}


APP_2021_ROWS = [
    ("new_received", "一、本年新收政府信息公开申请数量", [32, 2, 0, 0, 0, 0, 34]),
    ("carried_over", "二、上年结转政府信息公开申请数量", [2, 0, 0, 0, 0, 0, 2]),
    ("granted", "（一）予以公开", [7, 0, 0, 0, 0, 0, 7]),
    ("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [1, 0, 0, 0, 0, 0, 1]),
    ("withheld_state_secret", "1.属于国家秘密", [0, 0, 0, 0, 0, 0, 0]),
    ("withheld_prohibited_by_law", "2.其他法律行政法规禁止公开", [0, 0, 0, 0, 0, 0, 0]),
    ("withheld_security_stability", "3.危及“三安全一稳定”", [0, "无", "无", "无", "无", "无", "无"]),
    ("withheld_third_party_rights", "4.保护第三方合法权益", [0, 0, 0, 0, 0, 0, 0]),
    ("withheld_internal_affairs", "5.属于三类内部事务信息", [0, 0, 0, 0, 0, 0, 0]),
    ("withheld_process_information", "6.属于四类过程性信息", [0, 1, 0, 0, 0, 0, 1]),
    ("withheld_enforcement_files", "7.属于行政执法案卷", [0, 0, 0, 0, 0, 0, 0]),
    ("withheld_administrative_query", "8.属于行政查询事项", [0, 0, 0, 0, 0, 0, 0]),
    ("unavailable_not_held", "1.本机关不掌握相关政府信息", [23, 1, 0, 0, 0, 0, 24]),
    ("unavailable_needs_creation", "2.没有现成信息需要另行制作", [3, 0, 0, 0, 0, 0, 3]),
    ("unavailable_unclear", "3.补正后申请内容仍不明确", [0, 0, 0, 0, 0, 0, 0]),
    ("not_processed_petition", "1.信访举报投诉类申请", [0, 0, 0, 0, 0, 0, 0]),
    ("not_processed_repeated", "2.重复申请", [0, 0, 0, 0]),
    ("not_processed_publication", "3.要求提供公开出版物", [0, 0, 0, 0, 0, 0, 0]),
    ("not_processed_mass_requests", "4.无正当理由大量反复申请", [0, 0, 0, 0, 0, 0, 0]),
    ("not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息", [0, 0, 0, 0, 0, 0, 0]),
    ("other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", [0, 0, 0, 0, 0, 0, 0]),
    ("other_unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", [0, 0, 0, 0, 0, 0, 0]),
    ("other_other", "3.其他", [0, 0, 0, 0, 0, 0, 0]),
    ("total", "（七）总计", [34, 2, 0, 0, 0, 0, 36]),
    ("carried_forward", "四、结转下年度继续办理", [0, 0, 0, 0, 0, 0, 0]),
]
GROUPS_2021 = {"withheld_state_secret": ("（三）不予公开", 8), "unavailable_not_held": ("（四）无法提供", 3),
               "not_processed_petition": ("（五）不予处理", 5), "other_no_correction": ("（六）其他处理", 3)}


def make_html(path: Path) -> None:
    td = "<td>{}</td>".format
    parts = ["<html><head><meta http-equiv='Content-Type' content='text/html; charset=gbk'>",
             "<title>广州市测试区政务服务数据管理局2021年政府信息公开工作年度报告</title></head><body>",
             "<div class='nav'>首页 &gt; 政务公开</div>",
             "<h1>广州市测试区政务服务数据管理局2021年政府信息公开工作年度报告</h1>",
             "<p>一、总体情况</p><p>2021年，我局认真落实政务公开工作要点。</p>",
             "<p>二、主动公开政府信息情况</p><table border='1'>",
             "<tr><td colspan='4'>第二十条第（一）项</td></tr>",
             "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>",
             "<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>",
             "<tr><td>行政规范性文件</td><td>3</td><td>1</td><td>14</td></tr>",
             "<tr><td colspan='4'>第二十条第（五）项</td></tr>",
             "<tr><td>信息内容</td><td colspan='3'>本年处理决定数量</td></tr>",
             "<tr><td>行政许可</td><td colspan='3'>1,205</td></tr>",
             "<tr><td colspan='4'>第二十条第（六）项</td></tr>",
             "<tr><td>信息内容</td><td colspan='3'>本年处理决定数量</td></tr>",
             "<tr><td>行政处罚</td><td colspan='3'>36</td></tr>",
             "<tr><td>行政强制</td><td colspan='3'>—</td></tr>",
             "<tr><td colspan='4'>第二十条第（八）项</td></tr>",
             "<tr><td>信息内容</td><td colspan='3'>本年收费金额（单位：万元）</td></tr>",
             "<tr><td>行政事业性收费</td><td colspan='3'>12.5</td></tr></table>",
             "<p>三、收到和处理政府信息公开申请情况</p><table border='1'>",
             "<tr><td colspan='3' rowspan='2'>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>"
             "<td colspan='7'>申请人情况</td></tr>",
             "<tr><td rowspan='2'>自然人</td><td colspan='5'>法人或其他组织</td><td rowspan='2'>总计</td></tr>",
             "<tr><td colspan='3'></td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>"]
    keys = [k for k, _, _ in APP_2021_ROWS]
    for key, label, vals in APP_2021_ROWS:
        cells = ""
        if key in ("new_received", "carried_over", "carried_forward"):
            cells = f"<td colspan='3'>{label}</td>"
        else:
            if key == "granted":
                cells += f"<td rowspan='{keys.index('total') - keys.index('granted') + 1}'>三、本年度办理结果</td>"
            if key in GROUPS_2021:
                g, n = GROUPS_2021[key]
                cells += f"<td rowspan='{n}'>{g}</td>"
            if key in ("granted", "partially_granted", "total"):
                cells += f"<td colspan='2'>{label}</td>"
            else:
                cells += td(label)
        cells += "".join(td(v) for v in vals)
        parts.append(f"<tr>{cells}</tr>")
    parts.append("</table><p>四、政府信息公开行政复议、行政诉讼情况</p><table border='1'>"
                 "<tr><th colspan='5'>行政复议</th><th colspan='10'>行政诉讼</th></tr>"
                 "<tr><th rowspan='2'>结果维持</th><th rowspan='2'>结果纠正</th><th rowspan='2'>其他结果</th>"
                 "<th rowspan='2'>尚未审结</th><th rowspan='2'>总计</th><th colspan='5'>未经复议直接起诉</th>"
                 "<th colspan='5'>复议后起诉</th></tr><tr>" + "<th>结果维持</th><th>结果纠正</th><th>其他结果</th>"
                 "<th>尚未审结</th><th>总计</th>" * 2 + "</tr><tr>"
                 + "".join(td(v) for v in [1, 1, 0, 0, 2, 0, 0, 0, 1, 1, "", "", "", "", ""]) + "</tr></table>")
    parts.append("<p>五、存在的主要问题及改进情况</p><p>解读形式较为单一。</p>"
                 "<p>六、其他需要报告的事项</p><p>本年度共发出收费通知2件，收费通知的总金额为300元，"
                 "实际收取信息处理费共计300元。</p></body></html>")
    path.write_bytes("\n".join(parts).encode("gbk"))


def expected_2021() -> dict:
    apps = {}
    for key, _label, vals in APP_2021_ROWS:
        vals = list(vals) + [None] * (7 - len(vals))
        apps[key] = {c: (v if isinstance(v, int) else None) for c, v in zip(COLS, vals, strict=True)}
    groups = ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]
    rcols = ["upheld", "corrected", "other", "pending", "total"]
    review_vals = [1, 1, 0, 0, 2, 0, 0, 0, 1, 1, None, None, None, None, None]
    review = {g: dict(zip(rcols, review_vals[i * 5:i * 5 + 5], strict=True)) for i, g in enumerate(groups)}
    active = {
        "art20_1": {"rules": {"issued_this_year": 0, "repealed_this_year": 0, "in_force": 0},
                    "normative_documents": {"issued_this_year": 3, "repealed_this_year": 1, "in_force": 14}},
        "art20_5": {"administrative_licensing": {"decisions_this_year": 1205}},
        "art20_6": {"administrative_penalty": {"decisions_this_year": 36},
                    "administrative_coercion": {"decisions_this_year": None}},
        "art20_8": {"administrative_fees": {"amount_10k_yuan": 12.5}},
    }
    return {"agency": "广州市测试区政务服务数据管理局", "district": "测试区", "year": 2021, "template": "2021",
            "active_disclosure": active, "applications": apps, "review_litigation": review,
            "checks_failing": [],
            "fees": {"fee_notices": 2, "fee_notices_amount_yuan": 300, "fee_collected_yuan": 300}}


def soffice_pdf(src: Path, out: Path, target: str = "pdf") -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--convert-to", target, "--outdir", tmp, str(src)], check=True, capture_output=True)
        shutil.move(str(Path(tmp) / (src.stem + "." + target)), out)


def scan(pdf: Path, out: Path, png: Path) -> None:
    from PIL import Image, ImageFilter

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", str(pdf), f"{tmp}/p"], check=True)
        pages = []
        for i, f in enumerate(sorted(Path(tmp).glob("p-*.png"))):
            img = Image.open(f).convert("L").rotate(0.3 if i % 2 else -0.3, fillcolor=255)
            pages.append(img.filter(ImageFilter.GaussianBlur(0.4)))
        pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=150.0)
        subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", "-f", "2", "-l", "2", str(pdf), f"{tmp}/t"],
                       check=True)
        shutil.move(str(next(Path(tmp).glob("t-*.png"))), png)


def main() -> None:
    e19 = expected_2019()
    make_docx(HERE / "report2019.docx")
    soffice_pdf(HERE / "report2019.docx", HERE / "report2019.pdf")
    soffice_pdf(HERE / "report2019.docx", HERE / "report2019.doc", "doc")
    scan(HERE / "report2019.pdf", HERE / "report2019.scan.pdf", HERE / "report2019.table.png")
    for name, fmt in (("report2019.docx", "docx"), ("report2019.doc", "doc"), ("report2019.pdf", "pdf"),
                      ("report2019.scan.pdf", "scan")):
        (HERE / f"{name}.expected.json").write_text(json.dumps({**e19, "format": fmt}, ensure_ascii=False,
                                                               indent=1), "utf-8")
    # typed first page, scanned table pages: read page by page
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdfseparate", "-f", "1", "-l", "1", str(HERE / "report2019.pdf"), f"{tmp}/t-%d.pdf"],
                       check=True)
        subprocess.run(["pdfseparate", "-f", "2", str(HERE / "report2019.scan.pdf"), f"{tmp}/s-%d.pdf"], check=True)
        parts = [f"{tmp}/t-1.pdf", *sorted(str(p) for p in Path(tmp).glob("s-*.pdf"))]
        subprocess.run(["pdfunite", *parts, str(HERE / "report2019.mixed.pdf")], check=True)
    (HERE / "report2019.mixed.pdf.expected.json").write_text(
        json.dumps({**e19, "format": "scan"}, ensure_ascii=False, indent=1), "utf-8")
    make_html(HERE / "report2021.gbk.html")
    (HERE / "report2021.gbk.html.expected.json").write_text(
        json.dumps({**expected_2021(), "format": "html"}, ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    main()
