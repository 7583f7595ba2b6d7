"""How to cite one version of a report: GB/T 7714, BibTeX and CSL-JSON (Jinja filters).

Why three: Chinese journals expect GB/T 7714-2015 (an online resource is ``[EB/OL]`` with
its publication and citation dates), LaTeX users paste BibTeX, and Zotero/pandoc read
CSL-JSON. Every form names the agency, the report, its year, the URL on the agency's site,
when nianbao fetched it, its sha256 and the archived copy, so a reader can check that the
cited bytes are the ones they download. The fields are site text: the report page passes
them in and the template autoescapes the output; BibTeX special characters are escaped here.

Filters (registered for every template): ``cite_text``, ``cite_bibtex``, ``cite_csl``; each
takes the ``cite`` dict the report page builds (datasette/plugins/report_page.py).
"""

from __future__ import annotations

import json
import re
from typing import Any

from datasette import hookimpl

GENRE = "政府信息公开工作年度报告"
BIBTEX_SPECIAL = re.compile(r"([\\{}%$&#_^~])")
CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def _clean(value: Any) -> str:
    """One line of site text: control characters (newlines included) become a space."""
    return CONTROL.sub(" ", str(value)).strip() if value is not None else ""


def _day(value: Any) -> str:
    """The date part (YYYY-MM-DD) of an ISO timestamp, or ''."""
    text = _clean(value)
    return text[:10] if re.match(r"^\d{4}-\d{2}-\d{2}", text) else ""


def cite_text(c: dict[str, Any]) -> str:
    """GB/T 7714-2015 for an online resource, then the archive and the sha256 of the cited bytes."""
    agency, title = _clean(c.get("agency")), _clean(c.get("title")) or f"{_clean(c.get('year'))}年度报告"
    published = _day(c.get("published"))
    fetched = _day(c.get("fetched_at"))
    dates = (f"({published})" if published else "") + (f"[{fetched}]" if fetched else "")
    parts = [f"{agency}. {title}[EB/OL]." if agency else f"{title}[EB/OL].",
             f"{dates}. {_clean(c.get('url'))}." if dates else f"{_clean(c.get('url'))}."]
    if c.get("sha256"):
        parts.append(f"存档 Archived: {_clean(c.get('permalink') or c.get('archive_url'))} "
                     f"(SHA-256 {_clean(c['sha256'])}).")
    return " ".join(p for p in parts if p.strip(". "))


BIBTEX_WORDS = {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}


def _bib(value: Any) -> str:
    """Site text inside a BibTeX field: its special characters escaped, so braces stay balanced."""
    return BIBTEX_SPECIAL.sub(lambda m: BIBTEX_WORDS.get(m[1], "\\" + m[1]), _clean(value))


def _bib_url(value: Any) -> str:
    """A URL for BibTeX's url field: only braces and spaces could break the entry; %-encode them."""
    return _clean(value).replace("{", "%7B").replace("}", "%7D").replace(" ", "%20").replace("\\", "%5C")


def cite_bibtex(c: dict[str, Any]) -> str:
    """A ``@misc`` entry; the agency is a corporate author (double braces keep it whole)."""
    key = "nianbao-" + re.sub(r"[^0-9A-Za-z_-]", "", _clean(c.get("report_id")))[:40] + \
          (f"-{_clean(c.get('sha256'))[:8]}" if c.get("sha256") else "")
    fields = [("author", "{" + _bib(c.get("agency")) + "}"), ("title", "{" + _bib(c.get("title")) + "}"),
              ("howpublished", _bib(GENRE) + (f", {_bib(c.get('year'))}年度" if c.get("year") else ""))]
    published = _day(c.get("published"))
    if published:
        fields += [("year", published[:4]), ("date", published)]
    if c.get("url"):
        fields.append(("url", _bib_url(c["url"])))
    if _day(c.get("fetched_at")):
        fields.append(("urldate", _day(c["fetched_at"])))
    note = []
    if c.get("sha256"):
        note.append(f"SHA-256 {_bib(c['sha256'])}")
    if c.get("permalink"):
        note.append(f"archived at \\url{{{_bib_url(c['permalink'])}}}")
    if note:
        fields.append(("note", "; ".join(note)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@misc{{{key},\n{body}\n}}"


def _date_parts(day: str) -> dict[str, Any] | None:
    return {"date-parts": [[int(p) for p in day.split("-")]]} if day else None


def cite_csl(c: dict[str, Any]) -> str:
    """One CSL-JSON item (a list of one, as Zotero and pandoc read it)."""
    item: dict[str, Any] = {
        "id": f"nianbao-{_clean(c.get('report_id'))}" + (f"-{_clean(c.get('sha256'))[:8]}" if c.get("sha256") else ""),
        "type": "report", "genre": GENRE, "title": _clean(c.get("title")),
        "author": [{"literal": _clean(c.get("agency"))}], "publisher": _clean(c.get("agency")),
        "publisher-place": _clean(c.get("district")), "URL": _clean(c.get("url")),
        "issued": _date_parts(_day(c.get("published"))), "accessed": _date_parts(_day(c.get("fetched_at"))),
        "archive": "nianbao", "archive_location": _clean(c.get("permalink")),
        "note": (f"{_clean(c.get('year'))}年度; SHA-256 {_clean(c.get('sha256'))}; "
                 f"original: {_clean(c.get('archive_url'))}") if c.get("sha256") else f"{_clean(c.get('year'))}年度",
    }
    return json.dumps([{k: v for k, v in item.items() if v}], ensure_ascii=False, indent=2)


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["cite_text"] = cite_text
    env.filters["cite_bibtex"] = cite_bibtex
    env.filters["cite_csl"] = cite_csl
