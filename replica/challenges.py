"""The WAF challenge pages the replica's anti-bot faults answer with, and their checks.

Two families seen on Chinese government sites (REAL_SITES.md, "Anti-bot behaviour"):

* **加速乐 / Jiasule (521)**, two stages. Stage 1: a 521 page whose JavaScript sets
  ``__jsluid_s`` and reloads. Stage 2 (the request carries ``__jsluid_s``): a 521 page
  calling ``go({"bts": [...], "chars": "...", "ct": "...", "ha": "sha256", "tn":
  "__jsl_clearance_s", ...})``; its script (hash function included, as the real page
  does) tries ``bts[0] + c1 + c2 + bts[1]`` for every pair of ``chars`` until the hash
  equals ``ct``, sets that string as ``__jsl_clearance_s`` and reloads. Stage 3: the page.
  A crawler can solve it without a browser (the brute force is 62² hashes at most).
* **Ruishu-style (412)**: the page's script needs a DOM (it reads an element, measures a
  styled probe's layout width, hashes it and sets the cookie from a
  ``setTimeout`` chain), so only a real browser computes the cookie. (``crypto.subtle``
  is missing on plain-http pages, so the page ships its own SHA-256, as Ruishu does.)

Everything is deterministic per host so that tests can reason about it.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

JSLUID = "__jsluid_s"
CLEARANCE = "__jsl_clearance_s"
RS_SERVER_COOKIE = "FSSBBIl1UgzbN7N80S"  # set by the 412 answer's header
RS_CLIENT_COOKIE = "FSSBBIl1UgzbN7N80T"  # computed by the page's script in a browser
RS_PROBE_WIDTH = 137  # the CSS width of the probe element the 412 script measures
CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
HASHES = ("sha256", "md5", "sha1")
_HASH_JS = (Path(__file__).resolve().parent / "js" / "jsl_hash.js").read_text(encoding="utf-8")


def _digest(host: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}:{host}".encode()).hexdigest()


def jsluid(host: str) -> str:
    """The ``__jsluid_s`` value stage 1's script sets for ``host``."""
    return _digest(host, "jsluid")[:32]


@lru_cache(maxsize=256)
def jsl_params(host: str) -> dict:
    """Stage 2's ``go({...})`` argument: what the browser brute-forces for ``host``."""
    d = _digest(host, "jsl")
    chars = "".join(sorted(set(CHARS[int(d[i:i + 2], 16) % len(CHARS)] for i in range(0, 40, 2))))
    c1, c2 = chars[int(d[40:42], 16) % len(chars)], chars[int(d[42:44], 16) % len(chars)]
    bts = [f"{1_700_000_000 + int(d[44:50], 16) % 10_000_000}.{int(d[50:53], 16) % 1000:03d}|0|{d[53:57]}",
           f"{d[57:62]}%3D"]
    ha = HASHES[int(d[62:64], 16) % len(HASHES)]
    clearance = bts[0] + c1 + c2 + bts[1]
    ct = hashlib.new(ha, clearance.encode()).hexdigest()
    return {"bts": bts, "chars": chars, "ct": ct, "ha": ha, "tn": CLEARANCE, "is": True, "vt": "3600",
            "wt": "1500"}


@lru_cache(maxsize=256)
def jsl_clearance(host: str) -> str:
    """The ``__jsl_clearance_s`` value stage 2's brute force finds (what the server accepts)."""
    p = jsl_params(host)
    for c1 in p["chars"]:
        for c2 in p["chars"]:
            candidate = p["bts"][0] + c1 + c2 + p["bts"][1]
            if hashlib.new(p["ha"], candidate.encode()).hexdigest() == p["ct"]:
                return candidate
    raise AssertionError("unsolvable challenge")  # cannot happen: ct is built from a pair


def jsl_stage(cookies: dict[str, str], host: str) -> int:
    """0 = cleared; 1 = no (valid) ``__jsluid_s`` yet; 2 = ``__jsluid_s`` but no clearance."""
    if cookies.get(JSLUID) != jsluid(host):
        return 1
    return 0 if cookies.get(CLEARANCE) == jsl_clearance(host) else 2


def jsl_stage1_page(host: str) -> bytes:
    """A 521 page that sets ``__jsluid_s`` from script (split into pieces, as the real one is)."""
    value = jsluid(host)
    pieces = "+".join(f"('{value[i:i + 4]}')" for i in range(0, len(value), 4))
    return (f"<html><head><meta charset=\"utf-8\"></head><body><script>document.cookie=('_')+('_')+('jsluid_s=')"
            f"+{pieces}+(';max-age=3600;path=/');location.href=location.pathname+location.search</script>"
            "</body></html>").encode()


def jsl_stage2_page(host: str) -> bytes:
    """A 521 page with ``go({...})``: brute-force the clearance with the hash named by ``ha``."""
    import json

    params = json.dumps(jsl_params(host), separators=(",", ":"))
    script = _HASH_JS + """
function go(p) {
  var hash = {md5: md5, sha1: sha1, sha256: sha256}[p.ha];
  for (var i = 0; i < p.chars.length; i++) {
    for (var j = 0; j < p.chars.length; j++) {
      var v = p.bts[0] + p.chars[i] + p.chars[j] + p.bts[1];
      if (hash(v) === p.ct) {
        setTimeout(function () {
          document.cookie = p.tn + '=' + v + ';max-age=' + p.vt + ';path=/';
          location.href = location.pathname + location.search;
        }, Math.min(parseInt(p.wt, 10), 50));
        return;
      }
    }
  }
}
"""
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body><script>{script}"
            f"go({params})</script></body></html>").encode()


# --------------------------------------------------------------------------- Ruishu-style 412


def rs_server_value(host: str) -> str:
    return _digest(host, "rs-server")[:40]


def rs_meta(host: str) -> str:
    """The opaque content of the page's ``<meta id="rs-meta">`` the script hashes."""
    return _digest(host, "rs-meta")[:48]


def rs_client_value(host: str) -> str:
    """What the 412 script computes: sha256(meta content + "|" + probe width); S is HttpOnly."""
    text = f"{rs_meta(host)}|{RS_PROBE_WIDTH}"
    return hashlib.sha256(text.encode()).hexdigest()


def rs_cleared(cookies: dict[str, str], host: str) -> bool:
    return (cookies.get(RS_SERVER_COOKIE) == rs_server_value(host)
            and cookies.get(RS_CLIENT_COOKIE) == rs_client_value(host))


def rs_page(host: str) -> bytes:
    """A 412 page whose cookie needs the DOM (an element, a layout width), cookies and timers."""
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<meta id="rs-meta" content="{rs_meta(host)}" r="m">
<style>#rs-probe{{position:absolute;left:-9999px;width:{RS_PROBE_WIDTH}px;height:1px}}</style></head>
<body><script type="text/javascript" r="m">
{_HASH_JS}
(function () {{
  function step(k) {{ return new Promise(function (r) {{ setTimeout(r, k); }}); }}
  step(10).then(function () {{
    var probe = document.createElement('div');
    probe.id = 'rs-probe';
    document.body.appendChild(probe);
    return step(10).then(function () {{
      var meta = document.getElementById('rs-meta').getAttribute('content');
      var text = meta + '|' + probe.offsetWidth;
      return sha256(text);
    }});
  }}).then(function (hex) {{
    document.cookie = '{RS_CLIENT_COOKIE}=' + hex + '; path=/';
    setTimeout(function () {{ location.replace(location.href); }}, 20);
  }});
}})();
</script></body></html>""".encode()
