"""Data that opens in Excel: ``.csv?_bom=1`` (streamed CSV with a UTF-8 BOM) and ``.xlsx`` downloads.

Why both: Excel opens a CSV without a byte-order mark in the local code page, so the Chinese
text of every table shows as mojibake; Datasette 0.65 writes no BOM. ``_bom=1`` on any CSV URL
(also with ``_stream=on``, so a whole table) prepends the three bytes to the streamed answer
and changes nothing else. ``.xlsx`` (an output renderer, so Datasette links it beside JSON and
CSV on every table, view and query page) pages through the same URL's JSON (keyset ``_next``)
into an openpyxl write-only workbook, bounded at ``NIANBAO_XLSX_MAX_ROWS`` rows (default
100,000; Excel's own limit is 1,048,576): beyond that the workbook opens on a sheet saying
how many rows it holds and where the complete data is (the streamed CSV, a data release).

Everything in a cell came from a government site: a text starting with ``=`` is written as text,
never as a formula; characters XML cannot carry are removed and a text over Excel's 32,767
characters is cut; the "About" sheet counts every cell so changed.
"""

from __future__ import annotations

import io
import os
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.utils.asgi import Response

BOM = b"\xef\xbb\xbf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CELL_MAX = 32_767  # characters Excel keeps in one cell
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE
SAFE_NAME = re.compile(r"[^0-9A-Za-z_.-]+")


def max_rows() -> int:
    try:
        return max(1, min(int(os.environ.get("NIANBAO_XLSX_MAX_ROWS", 100_000)), 1_048_575))
    except ValueError:
        return 100_000


# --- CSV with a byte-order mark ------------------------------------------------------------

def wants_bom(scope: dict[str, Any]) -> bool:
    if scope.get("type") != "http" or not scope.get("path", "").endswith(".csv"):
        return False
    query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    return any(k == "_bom" and v not in ("", "0", "off") for k, v in query)


def with_bom(app):
    """An ASGI wrapper: the first body chunk of a successful ``.csv?_bom=1`` answer starts with the BOM."""
    async def wrapped(scope, receive, send):
        if not wants_bom(scope):
            await app(scope, receive, send)
            return
        state = {"ok": False, "first": True}

        async def send_with_bom(message):
            if message["type"] == "http.response.start":
                state["ok"] = message.get("status") == 200
                if state["ok"]:
                    headers = []
                    for key, value in message.get("headers", []):
                        if key.lower() == b"content-length":
                            value = str(int(value) + len(BOM)).encode()
                        headers.append((key, value))
                    message = {**message, "headers": headers}
            elif message["type"] == "http.response.body" and state["ok"] and state["first"]:
                state["first"] = False
                message = {**message, "body": BOM + message.get("body", b"")}
            await send(message)

        await app(scope, receive, send_with_bom)
    return wrapped


@hookimpl
def asgi_wrapper(datasette):
    return with_bom


# --- .xlsx ----------------------------------------------------------------------------------

class Sanitised:
    """Counts of cells changed to be safe in a workbook (reported on the About sheet)."""

    def __init__(self) -> None:
        self.formula_like = 0
        self.illegal = 0
        self.cut = 0


def cell_value(value: Any, counts: Sanitised) -> Any:
    if value is None or isinstance(value, (int, float)):
        return value
    if isinstance(value, dict):  # a label-expanded foreign key: {"value": ..., "label": ...}
        value = value.get("label") or value.get("value")
    text = value.hex() if isinstance(value, bytes) else str(value)
    if ILLEGAL.search(text):
        text = ILLEGAL.sub("", text)
        counts.illegal += 1
    if len(text) > CELL_MAX:
        text = text[: CELL_MAX - 1] + "…"
        counts.cut += 1
    return text


async def pages(datasette, request, limit: int):
    """Rows of the URL's JSON, page after page by ``_next``, until ``limit`` rows or the end."""
    path = request.path[: -len(".xlsx")] + ".json"
    base = [(k, v) for k, v in parse_qsl(request.query_string, keep_blank_values=True)
            if k not in ("_next", "_size", "_shape", "_format")]
    base += [("_size", "max"), ("_nocount", "1"), ("_nofacet", "1")]
    token, sent = None, 0
    while True:
        query = base + ([("_next", token)] if token else [])
        response = await datasette.client.get(path + "?" + urlencode(query))
        data = response.json()
        if response.status_code != 200:
            raise ValueError(str(data.get("error") or response.status_code)[:500])
        rows = data.get("rows") or []
        yield data.get("columns") or [], rows[: limit - sent], data
        sent += min(len(rows), limit - sent)
        token = data.get("next")
        if not token or sent >= limit:
            return


async def render_xlsx(datasette, request, database, table, query_name, data) -> Response:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    limit = max_rows()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("data")
    counts = Sanitised()
    written, more, truncated_query, header = 0, False, False, False
    try:
        async for columns, rows, page in pages(datasette, request, limit):
            if not header:
                sheet.append(columns)
                header = True
            for row in rows:
                cells = []
                for value in row:
                    cell = WriteOnlyCell(sheet, value=cell_value(value, counts))
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        cell.data_type = "s"  # text, never a formula
                        counts.formula_like += 1
                    cells.append(cell)
                sheet.append(cells)
            written += len(rows)
            more = bool(page.get("next")) and written >= limit
            truncated_query = truncated_query or bool(page.get("truncated"))
    except ValueError as exc:
        return Response.text(f"cannot export this page as xlsx: {exc}", status=400)
    about = workbook.create_sheet("about")
    source = datasette.absolute_url(request, request.path[: -len(".xlsx")] + ".csv")
    notes = [["nianbao", database, table or query_name or "query"],
             ["导出时间 Exported (UTC)", datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")],
             ["行数 Rows", written]]
    if more or truncated_query:
        limit_text = f"{limit:,}" if more else f"{datasette.setting('max_returned_rows'):,}"
        notes.append(["未包含全部行 NOT ALL ROWS",
                      f"此文件只包含前 {limit_text} 行。完整数据请用流式 CSV（加 _stream=on&_bom=1）或数据发布（/releases/）。"
                      f" This file holds only the first {limit_text} rows. For every row use the streamed CSV "
                      f"(add _stream=on&_bom=1) or a data release (/releases/)."])
    notes += [["完整 CSV Full CSV", source + "?_stream=on&_bom=1"],
              ["以文本写入的以 = 开头的单元格 Cells starting with = kept as text", counts.formula_like],
              ["删去控制字符的单元格 Cells with control characters removed", counts.illegal],
              [f"超过 {CELL_MAX:,} 字被截断的单元格 Cells cut at {CELL_MAX:,} characters", counts.cut]]
    for line in notes:
        about.append([cell_value(v, Sanitised()) for v in line])
    if more or truncated_query:
        workbook.move_sheet("about", offset=-1)  # opens on the warning
    buffer = io.BytesIO()
    workbook.save(buffer)
    name = SAFE_NAME.sub("_", f"{database}-{table or query_name or 'query'}")[:80] + ".xlsx"
    return Response(buffer.getvalue(), content_type=XLSX,
                    headers={"content-disposition": f'attachment; filename="{name}"'})


@hookimpl
def register_output_renderer(datasette):
    return {"extension": "xlsx", "render": render_xlsx,
            "can_render": lambda columns: bool(columns)}
