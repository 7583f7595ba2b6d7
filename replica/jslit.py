"""JavaScript object literals as gkmlpt writes them into ``window._CONFIG``.

The real pages carry JavaScript, not JSON: bare keys, single-quoted strings, a trailing
statement or two. A crawler must parse them as JavaScript (chompjs or a JS engine); the
replica writes them that way so a ``json.loads`` shortcut fails as it would live.
"""

from __future__ import annotations

import json
import re

_IDENT = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


def _string(text: str, quote: str) -> str:
    if quote == '"':
        out = json.dumps(text, ensure_ascii=False)
    else:
        out = "'" + (text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n")
                     .replace("\r", "\\r").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")) + "'"
    return out.replace("</", "<\\/")  # never close the surrounding <script>


def js_literal(value: object, *, indent: str = "", step: str = "", quote: str = "'",
               double_quoted: frozenset[str] = frozenset()) -> str:
    """``value`` as a JavaScript literal: bare identifier keys, ``quote``-quoted strings.

    Keys listed in ``double_quoted`` get JSON (double-quoted) string values, as gkmlpt
    does for HTML fields such as ``content``. ``step`` indents nested objects one per line.
    """
    nl = "\n" if step else ""
    inner = indent + step
    if isinstance(value, dict):
        if not value:
            return "{}"
        parts = []
        for k, v in value.items():
            key = k if _IDENT.match(k) else _string(k, "'")
            q = '"' if k in double_quoted else quote
            parts.append(f"{inner}{key}: {js_literal(v, indent=inner, step=step, quote=q, double_quoted=double_quoted)}")
        sep = "," + (nl or " ")
        return "{" + nl + sep.join(parts) + nl + indent + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(js_literal(v, quote=quote, double_quoted=double_quoted)
                               for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return json.dumps(value)
    return _string(str(value), quote)
