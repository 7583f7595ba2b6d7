"""HTML renderers: the article body of a report as a CMS page carries it.

Agencies author these bodies differently (a CMS editor's table, a table pasted from Word,
<th> header cells), and attachment-only reports get a short stub pointing at the file;
each style is printed from the shared table model.
"""

from __future__ import annotations

import html

from replica.reports import ReportSpec
from replica.table_model import (
    APP_COL_LABELS,
    SECTION_LABELS,
    Table,
    printed_tables,
    section_heading,
    signature_date,
    tables,
)


def _stack(text: str) -> str:
    """Word pastes narrow header cells with a line break after every character (自<br/>然<br/>人)."""
    return "<br/>".join(html.escape(ch) for ch in text)


def table_html(table: Table, style: str = "plain") -> str:
    """One table as HTML with rowspan/colspan; ``style`` is how the page was authored.

    "plain": a CMS editor's table; "word": pasted from Word (MsoNormal spans, &nbsp; in
    empty cells, stacked characters in narrow header cells); "th": header cells as <th>.
    """
    if style == "word":
        out = ['<table class="MsoNormalTable" border="0" cellspacing="0" cellpadding="0" '
               'style="border-collapse:collapse;border:none">', "<tbody>"]
    else:
        out = ['<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%">',
               "<tbody>"]
    narrow = set(APP_COL_LABELS) | {"结果维持", "结果纠正", "其他结果", "尚未审结"}
    for row in table.rows:
        out.append("<tr>")
        for c in row:
            attrs = ""
            if c.rowspan > 1:
                attrs += f' rowspan="{c.rowspan}"'
            if c.colspan > 1:
                attrs += f' colspan="{c.colspan}"'
            align = "center" if (c.header and len(c.text) < 12) or not c.header else "left"
            if style == "word":
                text = _stack(c.text) if c.header and c.text in narrow else (html.escape(c.text) or "&nbsp;")
                out.append(f'<td{attrs} valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt">'
                           f'<p class="MsoNormal" align="{align}" style="text-align:{align}">'
                           f'<span style="font-size:10.5pt;font-family:仿宋_GB2312">{text}</span></p></td>')
            else:
                tag = "th" if style == "th" and c.header else "td"
                out.append(f'<{tag}{attrs} style="text-align:{align}"><p>{html.escape(c.text)}</p></{tag}>')
        out.append("</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def html_style(spec: ReportSpec) -> str:
    return next((q.removeprefix("html_style_") for q in spec.quirks if q.startswith("html_style_")), "plain")


def _paragraphs_html(text: str, style: str) -> list[str]:
    if style == "word":
        return [f'<p class="MsoNormal" style="text-indent:32.0pt"><span style="font-size:16.0pt;'
                f'font-family:仿宋_GB2312">{html.escape(p)}</span></p>' for p in text.split("\n") if p.strip()]
    return [f'<p style="text-indent:2em">{html.escape(p)}</p>' for p in text.split("\n") if p.strip()]


def body_html(spec: ReportSpec, images: bool = False) -> str:
    """The whole report as an article body; ``images`` pastes the tables as pictures."""
    style = html_style(spec)
    out = [f'<p style="text-align:center"><strong>{html.escape(spec.title)}</strong></p>']
    tbls = tables(spec)
    printed = printed_tables(spec)
    for n, (key, label) in enumerate(SECTION_LABELS):
        heading = html.escape(section_heading(spec, key, label))
        out.append(f"<h3>{heading}</h3>" if style == "th" else f"<p><strong>{heading}</strong></p>")
        out += _paragraphs_html(spec.sections.get(key, ""), style)
        if images and key in tbls:
            out.append(f'<p style="text-align:center"><img src="{{image:{n - 1}}}" alt="{html.escape(label)}"/></p>')
        elif key in tbls:
            out += [table_html(t, style) for t in printed[key]]
    out.append(f'<p style="text-align:right">{html.escape(spec.agency)}</p>')
    out.append(f'<p style="text-align:right">{signature_date(spec)}</p>')
    return "\n".join(out) + "\n"


def stub_html(spec: ReportSpec, ext: str) -> str:
    """The short article body of an attachment-only report."""
    return (f'<p style="text-indent:2em">{html.escape(spec.title)}详见附件。</p>\n'
            f'<p>附件：<a href="{{attachment:0}}">{html.escape(spec.title)}.{ext}</a></p>\n')
