"""The site registry: loads ``crawler/sites.yaml`` into typed, validated entries.

The registry is the one description of every site's structure (hosts, column paths,
gkmlpt prefixes), so that adding a site of a known family is one YAML entry and the
spiders, the replica and the docs all read the same facts.

``python -m crawler.registry --markdown`` prints (or ``--output`` writes) docs/sites.md.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

REGISTRY_PATH = Path(__file__).with_name("sites.yaml")
FAMILIES = ("portal", "gkmlpt")
# publishing systems of county sites (one spider module each in spiders/, REAL_SITES.md "Publishing
# systems of county governments"); ``generic`` is the fallback for a system nobody described
SYSTEMS = ("trs", "hanweb", "jpaas", "ucap", "vsb", "xxgk", "generic")
SITES_ENV = "NIANBAO_SITES"  # the operator's own registry file, merged over the package's
DEFAULT_PORTS = {"http": 80, "https": 443}


KNOWN_FIELDS = frozenset({"key", "name", "district", "host", "scheme", "replica", "portal", "gkmlpt",
                          "extra_hosts", "notes", "home", "host_patterns", "normalize",
                          "system", "columns", "params"})
# a wildcard pattern must name a site's own domain, never a whole public suffix
BROAD_SUFFIXES = frozenset({"gov.cn", "com.cn", "org.cn", "net.cn", "edu.cn", "ac.cn"})
PATTERN_RE = re.compile(r"^\*\.((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9-]+)(?::(\d{1,5}))?$")


def netloc_of(url_or_netloc: str) -> str:
    """``host`` or ``host:port`` (lower case, default ports dropped) of a URL or a bare netloc.

    Why one function: the registry, the host guard and the sources table must agree on what
    "the same host" means, ports included (``www.x.gov.cn:8080`` is another server). A bare
    netloc has no scheme, so both 80 and 443 count as default there.
    """
    text = url_or_netloc.strip()
    parts = urlsplit(text if "://" in text else f"//{text}")
    host = (parts.hostname or "").lower().rstrip(".")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        return f"{host}:invalid"
    scheme = parts.scheme.lower()
    if port is None or (scheme and DEFAULT_PORTS.get(scheme) == port) or (not scheme and port in (80, 443)):
        return host
    return f"{host}:{port}"


class RegistryError(ValueError):
    """Raised by :func:`load_registry` / :func:`get_sites` for a malformed entry or unknown key."""


@dataclass(frozen=True)
class GkmlptEntry:
    """One gkmlpt catalogue on a site (``/gkmlpt/`` or a department prefix)."""

    prefix: str
    sid: str | None = None
    categories: tuple[int, ...] = ()  # empty: found in window._CONFIG.TREE at crawl time


@dataclass(frozen=True)
class Site:
    """One government site and the systems it publishes its reports with."""

    key: str
    name: str
    district: str
    host: str
    scheme: str = "https"
    replica: bool = False
    portal_columns: tuple[str, ...] = ()
    gkmlpt: tuple[GkmlptEntry, ...] = ()
    extra_hosts: tuple[str, ...] = ()
    notes: str = ""
    home: str = "/"
    host_patterns: tuple[str, ...] = ()  # e.g. "*.gz.gov.cn": department hosts that belong to this site
    source: str = ""  # the registry file this entry came from
    normalize: tuple[str, ...] = ()  # extra regexes deleted before a page is hashed (archive.normalize)
    system: str = ""  # one of SYSTEMS: the publishing system of ``columns`` (found by ``nianbao discover``)
    columns: tuple[str, ...] = ()  # entry pages of the report column on that system
    params: tuple[tuple[str, str], ...] = ()  # the system's parameters discover read (webid, channel …)

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://{self.host}"

    @property
    def hosts(self) -> tuple[str, ...]:
        """The site's own hosts (``host`` or ``host:port``) named exactly in the registry."""
        return (self.host, *self.extra_hosts)

    def owns(self, url_or_netloc: str) -> bool:
        """True when a URL (or ``host[:port]``) belongs to this site: one of its hosts, or a host
        under one of its ``host_patterns``; the port must match too (default ports dropped).

        Why not a glob: ``*`` would also match ``:`` and nothing stops it at a label, so the
        pattern ``*.gz.gov.cn`` is read as "any host whose name ends in ``.gz.gov.cn``, same port".
        """
        netloc = netloc_of(url_or_netloc)
        if not netloc or netloc.endswith(":invalid"):
            return False
        if netloc in self.hosts:
            return True
        host, _, port = netloc.rpartition(":") if not netloc.endswith("]") and ":" in netloc else (netloc, "", "")
        for pattern in self.host_patterns:
            suffix, _, want_port = pattern[2:].partition(":")
            if port == want_port and host.endswith(f".{suffix}"):
                return True
        return False

    @property
    def parameters(self) -> dict[str, str]:
        """``params`` as a mapping (kept as pairs so that a Site stays hashable)."""
        return dict(self.params)

    @property
    def system_column_urls(self) -> list[str]:
        """Absolute URLs of ``columns`` (the entry pages of the ``system`` spider)."""
        return [self.url(p) for p in self.columns]

    @property
    def systems(self) -> list[str]:
        out = [self.system] if self.system else []
        if self.portal_columns:
            out.append("portal")
        if self.gkmlpt:
            out.append("gkmlpt")
        return out

    def url(self, path: str) -> str:
        """Absolute URL of a registry path on this site."""
        return path if "://" in path else f"{self.base_url}/{path.lstrip('/')}"

    @property
    def column_urls(self) -> list[str]:
        return [self.url(p) for p in self.portal_columns]

    @property
    def home_url(self) -> str:
        return self.url(self.home)


def _pattern(value: Any, key: Any) -> str:
    """One ``host_patterns`` item, validated: ``*.`` then the site's own domain (optional ``:port``)."""
    pattern = str(value).strip().lower()
    match = PATTERN_RE.match(pattern)
    if (not match or match.group(1) in BROAD_SUFFIXES or "." not in match.group(1)
            or (match.group(2) and not 0 < int(match.group(2)) < 65536)):
        raise RegistryError(f"site {key!r}: host pattern must look like '*.example.gov.cn' (a site's own "
                            f"domain, optionally with :port), got {value!r}")
    if match.group(2) and int(match.group(2)) in DEFAULT_PORTS.values():
        return f"*.{match.group(1)}"  # URLs never carry a default port (netloc_of drops it)
    return pattern


def _tuple(value: Any, what: str, key: str) -> tuple:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise RegistryError(f"site {key!r}: {what} must be a list, got {type(value).__name__}")
    return tuple(value)


def parse_entry(raw: dict[str, Any]) -> Site:
    """Validate one YAML mapping and turn it into a :class:`Site`."""
    if not isinstance(raw, dict):
        raise RegistryError(f"registry entry must be a mapping, got {raw!r}")
    key = raw.get("key")
    unknown = sorted(str(f) for f in raw if f not in KNOWN_FIELDS and not str(f).startswith("_"))
    if unknown:  # a misspelt field would otherwise be ignored without a word
        raise RegistryError(f"site {key!r}: unknown field(s) {', '.join(unknown)}; "
                            f"known: {', '.join(sorted(KNOWN_FIELDS))}")
    missing = [f for f in ("key", "name", "district", "host") if not raw.get(f)]
    if missing:
        raise RegistryError(f"site {key!r}: missing {', '.join(missing)}")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", str(key)):
        raise RegistryError(f"site {key!r}: key must be letters, digits, '-' or '_'")
    scheme = raw.get("scheme", "https")
    if scheme not in ("http", "https"):
        raise RegistryError(f"site {key!r}: scheme must be http or https, got {scheme!r}")
    raw_host = str(raw["host"]).strip()
    host = netloc_of(f"{scheme}://{raw_host}")  # the entry's scheme decides which port is the default
    if not host or host.endswith(":invalid") or any(c in raw_host for c in "/@?#"):
        raise RegistryError(f"site {key!r}: host must be a host name or host:port, got {raw['host']!r}")
    patterns = tuple(_pattern(p, key) for p in _tuple(raw.get("host_patterns"), "host_patterns", key))
    portal = raw.get("portal") or {}
    columns = _tuple(portal.get("columns"), "portal.columns", key)
    gk_entries = []
    for g in _tuple(raw.get("gkmlpt"), "gkmlpt", key):
        if isinstance(g, str):
            g = {"prefix": g}
        prefix = g.get("prefix") if isinstance(g, dict) else None
        if not prefix or not prefix.startswith("/"):
            raise RegistryError(f"site {key!r}: gkmlpt entry needs a prefix starting with '/': {g!r}")
        if not prefix.endswith("/"):
            prefix += "/"
        cats = tuple(int(c) for c in _tuple(g.get("categories"), "gkmlpt.categories", key))
        sid = g.get("sid")
        gk_entries.append(GkmlptEntry(prefix=prefix, sid=str(sid) if sid else None, categories=cats))
    for col in columns:
        if not isinstance(col, str) or not (col.startswith("/") or "://" in col):
            raise RegistryError(f"site {key!r}: column path must start with '/': {col!r}")
    normalize = tuple(str(p) for p in _tuple(raw.get("normalize"), "normalize", key))
    for pattern in normalize:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise RegistryError(f"site {key!r}: normalize pattern {pattern!r} is not a regex: {exc}") from exc
    system = str(raw.get("system") or "").strip().lower()
    if system and system not in SYSTEMS:
        raise RegistryError(f"site {key!r}: system must be one of {', '.join(SYSTEMS)}, got {raw.get('system')!r}")
    sys_columns = tuple(_tuple(raw.get("columns"), "columns", key))
    for col in sys_columns:
        if not isinstance(col, str) or not (col.startswith("/") or col.startswith(("http://", "https://"))):
            raise RegistryError(f"site {key!r}: column must be a path starting with '/' or a URL: {col!r}")
    if sys_columns and not system:
        raise RegistryError(f"site {key!r}: columns need a system ({', '.join(SYSTEMS)})")
    if system and not sys_columns:
        raise RegistryError(f"site {key!r}: system {system} needs columns (the report column's entry pages)")
    raw_params = raw.get("params") or {}
    if not isinstance(raw_params, dict) or any(isinstance(v, dict | list) for v in raw_params.values()):
        raise RegistryError(f"site {key!r}: params must be a mapping of names to plain values, got {raw_params!r}")
    params = tuple(sorted((str(k), "" if v is None else str(v)) for k, v in raw_params.items()))
    if not columns and not gk_entries and not sys_columns:
        raise RegistryError(f"site {key!r}: no columns, portal columns or gkmlpt prefix: nothing to crawl")
    return Site(
        key=str(key), name=str(raw["name"]), district=str(raw["district"]), host=host,
        scheme=scheme, replica=bool(raw.get("replica", False)), portal_columns=columns,
        gkmlpt=tuple(gk_entries), extra_hosts=tuple(netloc_of(f"{scheme}://{h}") for h in _tuple(raw.get("extra_hosts"), "extra_hosts", key)),
        notes=str(raw.get("notes", "")), home=str(raw.get("home", "/")), host_patterns=patterns,
        source=str(raw.get("_source", "")), normalize=normalize, system=system, columns=sys_columns, params=params,
    )


def _read_entries(path: Path) -> list[dict[str, Any]]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise RegistryError(f"cannot read registry {path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("sites") or [], list):
        raise RegistryError(f"registry {path}: expected a mapping with a 'sites:' list")
    entries = data.get("sites") or []
    keys = [e.get("key") for e in entries if isinstance(e, dict)]
    dupes = sorted({str(k) for k in keys if keys.count(k) > 1})
    if dupes:
        raise RegistryError(f"duplicate site key(s) {', '.join(dupes)} in {path}")
    return [{**e, "_source": str(path)} if isinstance(e, dict) else e for e in entries]


def operator_registry() -> Path | None:
    """The operator's registry file (``--sites FILE`` sets ``$NIANBAO_SITES``), if any."""
    value = os.getenv(SITES_ENV, "").strip()
    return Path(value) if value else None


def _key(entry: Any) -> str:
    return str(entry.get("key")) if isinstance(entry, dict) else repr(entry)


def load_registry(path: Path | None = None, operator: Path | None = None, *,
                  use_env: bool = True) -> list[Site]:
    """All sites: the package registry (or ``path``), then the operator's file (``operator``, else
    ``$NIANBAO_SITES`` unless ``use_env`` is false), whose entries add sites or replace those of
    the same key (whole entries: an override restates every field it needs).

    A named operator file that does not exist is an error, never silently the package's
    sites only: the operator would believe their own entries were crawled.
    """
    merged: dict[str, dict[str, Any]] = {}
    for e in _read_entries(path or REGISTRY_PATH):
        merged[_key(e)] = e
    extra = operator or (operator_registry() if use_env else None)
    if extra is not None:
        if not Path(extra).is_file():
            raise RegistryError(f"operator registry {extra} does not exist (--sites / ${SITES_ENV})")
        for e in _read_entries(Path(extra)):
            merged[_key(e)] = e
    return [parse_entry(e) for e in merged.values()]


def package_registry() -> list[Site]:
    """Only the sites shipped in ``crawler/sites.yaml`` (the docs list these, whatever the environment)."""
    return load_registry(use_env=False)


def get_sites(keys: list[str] | None = None, *, replica_only: bool = False, path: Path | None = None) -> list[Site]:
    """The registry's sites, optionally only ``keys`` (unknown keys are an error) or the replica's."""
    sites = load_registry(path)
    if keys:
        by_key = {s.key: s for s in sites}
        unknown = [k for k in keys if k not in by_key]
        if unknown:
            raise RegistryError(f"unknown site(s): {', '.join(unknown)}; known: {', '.join(by_key)}")
        return [by_key[k] for k in keys]
    if replica_only:
        return [s for s in sites if s.replica]
    return sites


def get_site(key: str, path: Path | None = None) -> Site:
    return get_sites([key], path=path)[0]


def site_for_host(host: str, sites: list[Site] | None = None) -> Site | None:
    for s in sites if sites is not None else load_registry():
        if s.owns(host):
            return s
    return None


def entry_yaml(entry: dict[str, Any]) -> str:
    """A registry entry as YAML the operator can paste under ``sites:``."""
    text = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, default_flow_style=None)
    return "\n".join("  " + line if line else line for line in text.splitlines()) + "\n"


def to_markdown(sites: list[Site]) -> str:
    """docs/sites.md: every site of the registry, generated so the docs never drift."""
    lines = [
        "# Sites crawled by nianbao",
        "",
        "Generated from `crawler/sites.yaml` by `python -m crawler.registry --markdown --output docs/sites.md`;",
        "do not edit by hand. *Replica* marks the sites the offline replica serves under the same host and paths.",
        "*Other hosts* are the hosts a site's crawl may also follow (its departments' own hosts, matched by",
        "`host_patterns`, same port); department catalogues are found at crawl time and recorded in the",
        "`sources` table. An operator adds or overrides sites in a file of their own (`--sites FILE`,",
        "`$NIANBAO_SITES`; see the README), which this list does not show.",
        "",
        "| key | government | district | host | other hosts | systems | columns | gkmlpt | replica |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in sites:
        gk = ", ".join(
            f"`{g.prefix}`" + (f" (SID {g.sid})" if g.sid else "")
            + (f" (categories {', '.join(map(str, g.categories))})" if g.categories else "")
            for g in s.gkmlpt
        )
        cols = ", ".join([f"`{c}`" for c in s.portal_columns] + [f"`{c}` ({s.system})" for c in s.columns])
        if s.params:
            cols += " — " + ", ".join(f"{k}={v}" for k, v in s.params)
        others = ", ".join(f"`{h}`" for h in (*s.extra_hosts, *s.host_patterns))
        lines.append(
            f"| {s.key} | {s.name} | {s.district} | {s.scheme}://{s.host} | {others or '–'} | {', '.join(s.systems)} "
            f"| {cols or '–'} | {gk or '–'} | {'yes' if s.replica else ''} |"
        )
    lines += ["", f"{len(sites)} sites, {sum(1 for s in sites if s.replica)} in the replica.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print the site list as Markdown")
    parser.add_argument("--output", type=Path, help="write to this file instead of stdout")
    args = parser.parse_args(argv)
    try:
        sites = package_registry()
    except RegistryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    text = to_markdown(sites) if args.markdown else "\n".join(f"{s.key}\t{s.base_url}" for s in sites) + "\n"
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
