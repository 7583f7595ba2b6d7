"""``window._CONFIG`` of Guangdong's gkmlpt pages, read without running JavaScript.

On the real article pages the report body is only in ``window._CONFIG.DETAIL.content``
(``div.article-content`` is empty), a raw object literal in a script of several MB with
other statements after it (REAL_SITES.md "gkmlpt"). The crawler reads it to find the
report; the extractor reads it again from the archived page to get the tables. Kept free
of Scrapy so both can use it.
"""

from __future__ import annotations

import json
import re
from typing import Any

DEFAULT_MAX_CONFIG_BYTES = 16 * 1024 * 1024

class ConfigError(ValueError):
    """Raised by :func:`read_config` when a page has a ``window._CONFIG`` that cannot be read."""


_CONFIG_ASSIGN = re.compile(r"window\._CONFIG\s*=\s*")
_JSON_PARSE = re.compile(r"JSON\.parse\(\s*(\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')\s*\)", re.S)


_JS_ESCAPE = re.compile(r'\\(x[0-9a-fA-F]{2}|.)|"', re.S)


def _json_escape(m: re.Match[str]) -> str:
    esc = m.group(1)
    if esc is None:
        return '\\"'  # a bare " inside a '…' literal
    if esc[0] == "x" and len(esc) == 3:
        return "\\u00" + esc[1:]
    if esc in "\"\\/bfnrtu":
        return m.group(0)
    return "" if esc in "\r\n" else esc  # \' and JS-only escapes (\a → a); line continuations vanish


def decode_js_string(literal: str) -> str:
    """The value of a JavaScript string literal ("…" or '…'), decoded in Python (no JS engine)."""
    return json.loads('"' + _JS_ESCAPE.sub(_json_escape, literal[1:-1]) + '"')


def read_config(html: str, max_bytes: int = DEFAULT_MAX_CONFIG_BYTES) -> dict[str, Any] | None:
    """``window._CONFIG`` of a gkmlpt page; None when the page has none.

    The value is a JavaScript object literal (unquoted keys, single quotes, nested JSON,
    other statements after it, several MB: REAL_SITES.md), read by chompjs — a C parser
    that evaluates nothing. The older ``DETAIL: JSON.parse("…")`` form is decoded here
    first. Raises :class:`ConfigError` when the config is there but cannot be read.
    """
    if "_CONFIG" not in html:
        return None
    m = _CONFIG_ASSIGN.search(html)
    if not m:
        return None
    end = html.find("</script>", m.end())
    end = len(html) if end < 0 else end
    if end - m.end() > max_bytes:
        raise ConfigError(f"window._CONFIG longer than {max_bytes} bytes (NIANBAO_MAX_CONFIG_BYTES)")
    script = html[m.end():end]
    if "JSON.parse(" in script:
        try:
            script = _JSON_PARSE.sub(lambda j: decode_js_string(j.group(1)), script)
        except ValueError as exc:
            raise ConfigError(f"JSON.parse(…) in window._CONFIG is not JSON: {exc}") from exc
    import chompjs

    try:
        value = chompjs.parse_js_object(script)
    except (ValueError, RecursionError, MemoryError) as exc:  # hostile nesting is a page failure too
        raise ConfigError(f"window._CONFIG is not an object literal: {type(exc).__name__}: {exc}") from exc
    if not isinstance(value, dict):
        raise ConfigError("window._CONFIG is not an object")
    return value


def config_detail(config: dict[str, Any] | None) -> dict[str, Any]:
    """``_CONFIG.DETAIL`` as a dict (a JSON string in older pages), else {}."""
    detail = (config or {}).get("DETAIL")
    if isinstance(detail, str):
        try:
            detail = json.loads(detail)
        except ValueError:
            return {}
    return detail if isinstance(detail, dict) else {}
