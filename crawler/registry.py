"""The site registry: loads ``crawler/sites.yaml`` into typed, validated entries.

The registry is the one description of every site's structure (hosts, column paths,
gkmlpt prefixes), so that adding a site of a known family is one YAML entry and the
spiders, the replica and the docs all read the same facts.

``python -m crawler.registry --markdown`` prints (or ``--output`` writes) docs/sites.md.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REGISTRY_PATH = Path(__file__).with_name("sites.yaml")
FAMILIES = ("portal", "gkmlpt")


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

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://{self.host}"

    @property
    def hosts(self) -> tuple[str, ...]:
        """Every host a request of this site may go to (offsite guard)."""
        return (self.host, *self.extra_hosts)

    @property
    def systems(self) -> list[str]:
        out = []
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
    missing = [f for f in ("key", "name", "district", "host") if not raw.get(f)]
    if missing:
        raise RegistryError(f"site {key!r}: missing {', '.join(missing)}")
    scheme = raw.get("scheme", "https")
    if scheme not in ("http", "https"):
        raise RegistryError(f"site {key!r}: scheme must be http or https, got {scheme!r}")
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
    if not columns and not gk_entries:
        raise RegistryError(f"site {key!r}: no portal columns and no gkmlpt prefix: nothing to crawl")
    return Site(
        key=str(key), name=str(raw["name"]), district=str(raw["district"]), host=str(raw["host"]).lower(),
        scheme=scheme, replica=bool(raw.get("replica", False)), portal_columns=columns,
        gkmlpt=tuple(gk_entries), extra_hosts=tuple(h.lower() for h in _tuple(raw.get("extra_hosts"), "extra_hosts", key)),
        notes=str(raw.get("notes", "")), home=str(raw.get("home", "/")),
    )


def load_registry(path: Path | None = None) -> list[Site]:
    """All sites of the registry file, validated; keys must be unique."""
    path = path or REGISTRY_PATH
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise RegistryError(f"cannot read registry {path}: {exc}") from exc
    sites = [parse_entry(e) for e in data.get("sites") or []]
    seen: set[str] = set()
    for s in sites:
        if s.key in seen:
            raise RegistryError(f"duplicate site key {s.key!r} in {path}")
        seen.add(s.key)
    return sites


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
    host = host.lower()
    for s in sites if sites is not None else load_registry():
        if host in s.hosts:
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
        "",
        "| key | government | district | host | systems | portal columns | gkmlpt | replica |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in sites:
        gk = ", ".join(
            f"`{g.prefix}`" + (f" (categories {', '.join(map(str, g.categories))})" if g.categories else "")
            for g in s.gkmlpt
        )
        cols = ", ".join(f"`{c}`" for c in s.portal_columns)
        lines.append(
            f"| {s.key} | {s.name} | {s.district} | {s.scheme}://{s.host} | {', '.join(s.systems)} "
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
        sites = load_registry()
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
