"""OFD (GB/T 33190) text layer, and documents whose file name says nothing (download scripts)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from extract import extract_file
from extract.formats import sniff

FILES = Path(__file__).parent / "files" / "extract"
REPLICA_XLSX = Path(__file__).parents[1] / "replica/data/files/www.gz.gov.cn/attachment/7/7102/7102288/5676547.xlsx"
NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def make_ofd(path: Path, lines: list[str]) -> Path:
    objects = "".join(
        f'<ofd:TextObject ID="{i + 10}" Boundary="20 {30 + 8 * i} 170 6" Font="1" Size="4">'
        f'<ofd:TextCode X="0" Y="4">{text[:6]}</ofd:TextCode>'
        f'<ofd:TextCode X="{6 * 4}" Y="4">{text[6:]}</ofd:TextCode></ofd:TextObject>'
        for i, text in enumerate(lines))
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("OFD.xml", f'<ofd:OFD {NS} Version="1.0"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml'
                               "</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
        zf.writestr("Doc_0/Document.xml", f'<ofd:Document {NS}><ofd:Pages><ofd:Page ID="1" '
                                          'BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>')
        zf.writestr("Doc_0/Pages/Page_0/Content.xml",
                    f"<ofd:Page {NS}><ofd:Content><ofd:Layer>{objects}</ofd:Layer></ofd:Content></ofd:Page>")
    return path


def test_ofd_text_in_reading_order(tmp_path: Path) -> None:
    path = make_ofd(tmp_path / "downfile", ["某区2017年政府信息公开工作年度报告", "一、概述",
                                            "共受理政府信息公开申请6件。", "二、主动公开政府信息情况"])
    assert sniff(path) == "ofd"
    result = extract_file(path)
    assert result["format"] == "ofd" and result["template"] == "pre-2019" and result["year"] == 2017
    assert result["text"].splitlines()[:2] == ["某区2017年政府信息公开工作年度报告", "一、概述"]
    assert result["old_figures"]["applications_received"] == 6


def test_xlsx_and_docx_without_an_extension(tmp_path: Path) -> None:
    blob = tmp_path / "0f3a9c"  # an archived blob: no extension at all
    shutil.copyfile(FILES / "report2019.docx", blob)
    assert extract_file(blob)["template"] == "2019"
    xls = tmp_path / "sheet"
    shutil.copyfile(FILES / "report2021.xls", xls)
    assert sniff(xls) == "xls"  # by the compound file's Workbook stream, not the name
    if REPLICA_XLSX.exists():  # openpyxl refuses a path without ".xlsx": read through a file object
        xlsx = tmp_path / "downfile.jsp"
        shutil.copyfile(REPLICA_XLSX, xlsx)
        assert extract_file(xlsx)["template"] in ("2019", "2021")
