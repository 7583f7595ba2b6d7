"""The county sites outside Guangdong: one per publishing system, with their agencies and reports.

REAL_SITES.md ("Publishing systems of county governments outside Guangdong") names the
systems and how each lists and pages a column; the host names are real county/district
hosts of the provinces where public crawler code finds that system (hulelan/
china-governance crawlers/chongqing.py: TRS in Chongqing; jpaas.py/jiangsu.py: Hanweb
JCMS in Jiangsu; zhejiang.py/hangzhou.py: JPaaS in Zhejiang; heilongjiang.py: Ucap in
Heilongjiang). Which system a real county runs is not confirmed for any of them.
Data only: placement and pages are in ``county_world`` and ``county_*`` modules.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CountySite:
    """One county government's site, as a spider would meet it."""

    key: str
    system: str  # trs | hanweb | jpaas | ucap | vsb | xxgk
    host: str  # the county's main host (home page)
    name: str  # 重庆市九龙坡区人民政府
    district: str  # 九龙坡区
    province: str
    code: str  # 网站标识码
    agencies: tuple[tuple[str, str, str], ...]  # (slug, name, kind as in reports.SCALE)
    xxgk_host: str | None = None  # a separate disclosure sub-site
    params: dict = field(default_factory=dict)  # the system's parameters, as the manifest gives them
    robots_trap: str = "/search/"  # disallowed in robots.txt; links every report
    column_title: str = "政府信息公开年报"
    page_size: int = 5

    @property
    def report_host(self) -> str:
        return self.xxgk_host or self.host


COUNTY_SITES: tuple[CountySite, ...] = (
    CountySite("cqjlp", "trs", "www.cqjlp.gov.cn", "重庆市九龙坡区人民政府", "九龙坡区", "重庆市", "5001070001",
               (("zfb", "重庆市九龙坡区人民政府办公室", "office"), ("jw", "重庆市九龙坡区教育委员会", "edu"),
                ("wsjkw", "重庆市九龙坡区卫生健康委员会", "health")),
               params={"column_path": "/zwgk_218/fdzdgknr/zfxxgknb_90331/", "ChnlId": "90331", "SiteId": "218"},
               robots_trap="/was5/", column_title="政府信息公开年报"),
    CountySite("yixing", "hanweb", "www.yixing.gov.cn", "宜兴市人民政府", "宜兴市", "江苏省", "3202820001",
               (("zfb", "宜兴市人民政府办公室", "office"), ("jyj", "宜兴市教育局", "edu"),
                ("wjw", "宜兴市卫生健康委员会", "health")),
               params={"col": "1", "appid": "1", "webid": "27", "path": "/", "columnid": "64127", "unitid": "183409",
                       "webname": "宜兴市人民政府", "permissiontype": "0", "sourceContentType": "1"},
               robots_trap="/jrobot/", column_title="政府信息公开工作年度报告"),
    CountySite("hzxh", "jpaas", "www.hzxh.gov.cn", "杭州市西湖区人民政府", "西湖区", "浙江省", "3301060001",
               (("zfb", "杭州市西湖区人民政府办公室", "office"), ("jyj", "杭州市西湖区教育局", "edu"),
                ("gafj", "杭州市公安局西湖区分局", "police")),
               params={"webId": "3261", "pageId": "1229518874", "unitId": "7743107", "tplSetId": "fe6d1ea2b4a84f1d9",
                       "tagId": "当前栏目列表", "pageType": "column", "parseType": "bulidstatic"},
               robots_trap="/jsearchfront/", column_title="年度报告"),
    CountySite("hrbdl", "ucap", "www.hrbdl.gov.cn", "哈尔滨市道里区人民政府", "道里区", "黑龙江省", "2301020001",
               (("zfb", "哈尔滨市道里区人民政府办公室", "office"), ("rsj", "哈尔滨市道里区人力资源和社会保障局", "hr"),
                ("jyj", "哈尔滨市道里区教育局", "edu")),
               params={"channel": "3f9c2a61d0b84c5e8e1a7b22c4d9e610"},
               robots_trap="/search/", column_title="政府信息公开年报"),
    CountySite("tyxd", "vsb", "www.tyxd.gov.cn", "太原市小店区人民政府", "小店区", "山西省", "1401050001",
               (("zfb", "太原市小店区人民政府办公室", "office"), ("jyj", "太原市小店区教育局", "edu"),
                ("wjj", "太原市小店区卫生健康局", "health")),
               params={"cat_id": "10432"}, robots_trap="/system/resource/search/", column_title="信息公开年报"),
    CountySite("jinshui", "xxgk", "www.jinshui.gov.cn", "郑州市金水区人民政府", "金水区", "河南省", "4101050001",
               (("zfb", "郑州市金水区人民政府办公室", "office"), ("jyj", "郑州市金水区教育局", "edu"),
                ("sjj", "郑州市金水区市场监督管理局", "dev")),
               xxgk_host="zfxxgk.jinshui.gov.cn", params={"cid": "45"}, robots_trap="/Search.aspx",
               column_title="政府信息公开年度报告"),
)

# (agency slug, year, publication) per site; 2008–2018 get the old prose format. night2 adds
# NEW_REPORTS; the rest of the night2 changes are chosen in county_world.
COUNTY_REPORTS: dict[str, list[tuple[str, int, str]]] = {
    "cqjlp": [("zfb", 2010, "html"), ("zfb", 2016, "html"), ("jw", 2014, "html"), ("zfb", 2019, "pdf"),
              ("zfb", 2021, "html"), ("zfb", 2022, "html"), ("jw", 2020, "html"), ("wsjkw", 2022, "html")],
    "yixing": [("zfb", 2011, "html"), ("zfb", 2015, "docx"), ("jyj", 2018, "html"), ("zfb", 2019, "html"),
               ("zfb", 2021, "pdf"), ("jyj", 2020, "docx"), ("jyj", 2022, "pdf"), ("wjw", 2021, "html")],
    "hzxh": [("zfb", 2008, "html"), ("zfb", 2013, "html"), ("jyj", 2017, "html"), ("zfb", 2020, "html"),
             ("zfb", 2022, "docx"), ("jyj", 2021, "html"), ("gafj", 2019, "html"), ("gafj", 2022, "html")],
    "hrbdl": [("zfb", 2012, "html"), ("rsj", 2016, "html"), ("jyj", 2018, "html"), ("zfb", 2019, "html"),
              ("zfb", 2021, "pdf"), ("rsj", 2022, "html"), ("jyj", 2020, "html"), ("jyj", 2022, "html")],
    "tyxd": [("zfb", 2009, "html"), ("jyj", 2015, "html"), ("wjj", 2018, "html"), ("zfb", 2020, "scan"),
             ("zfb", 2022, "html"), ("jyj", 2021, "html"), ("wjj", 2019, "html"), ("wjj", 2022, "docx")],
    "jinshui": [("zfb", 2010, "html"), ("zfb", 2017, "html"), ("sjj", 2014, "html"), ("zfb", 2019, "html"),
                ("zfb", 2021, "pdf"), ("jyj", 2020, "html"), ("jyj", 2022, "html"), ("sjj", 2021, "html")],
}
NEW_REPORTS: dict[str, tuple[str, int, str]] = {s.key: ("zfb", 2023, "html") for s in COUNTY_SITES}

# Decoys in every county column: (title pattern, why). {gov}: the county government, {dept}: its first agency.
COUNTY_DECOYS: list[tuple[str, str]] = [
    ("{gov}政府信息公开指南", "disclosure guide"),
    ("{gov}2023年政务公开工作要点", "work plan (政务公开工作要点)"),
    ("{gov}2022年法治政府建设年度报告", "annual report of another kind (法治政府建设)"),
    ("关于报送2022年政府信息公开工作年度报告的通知", "notice asking for reports, not a report"),
    ("关于做好2019年度政府信息公开工作年度报告编制发布工作的通知", "notice of another year, not a report"),
    ("关于《{dept}2021年政府信息公开工作年度报告》的解读", "interpretation, not a report"),
]
