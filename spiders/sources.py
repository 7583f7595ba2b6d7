"""The columns and catalogues a site crawl went through, for the run record.

A site publishes its reports through several entry points: portal columns, its own gkmlpt
catalogue, and department catalogues found at crawl time. The run record keeps one line
per entry point (stat ``nianbao/<site>/sources``, a list of dicts) so an operator sees which
answered, how many reports each gave, and which the registry did not know.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

REGISTRY = "registry"


@dataclass
class Source:
    """One column (entry page URL) or catalogue (base URL ``…/gkmlpt/``) of a site."""

    kind: str  # "column" | "catalogue"
    url: str
    configured: bool
    found_via: str = REGISTRY
    name: str | None = None
    sid: str | None = None
    reports: int = 0
    ok: bool = False
    note: str = ""

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc.lower()

    @property
    def prefix(self) -> str:
        """The catalogue's path prefix (``/gzpyjy/gkmlpt/``) or the column's path."""
        return urlsplit(self.url).path or "/"

    def add_note(self, note: str) -> None:
        if note and note not in self.note.split("; "):
            self.note = f"{self.note}; {note}" if self.note else note

    def record(self) -> dict[str, Any]:
        out = asdict(self)
        out.update(host=self.host, prefix=self.prefix)
        return {k: out[k] for k in ("kind", "url", "host", "prefix", "sid", "name", "configured", "found_via",
                                    "reports", "ok", "note")}


def source_key(url: str) -> str:
    """http and https of the same host and path are one source."""
    parts = urlsplit(url)
    return f"{parts.netloc.lower()}{parts.path}"


class SourceBook:
    """The sources of one site crawl, keyed by URL without scheme; each is added once."""

    def __init__(self) -> None:
        self._by_key: dict[str, Source] = {}

    def add(self, source: Source) -> tuple[Source, bool]:
        """The book's source for ``source.url`` and whether it is new (a known one is kept)."""
        key = source_key(source.url)
        if key in self._by_key:
            return self._by_key[key], False
        self._by_key[key] = source
        return source, True

    def get(self, url: str | None) -> Source | None:
        return self._by_key.get(source_key(url)) if url else None

    def __contains__(self, url: str) -> bool:
        return source_key(url) in self._by_key

    def __len__(self) -> int:
        return len(self._by_key)

    def records(self) -> list[dict[str, Any]]:
        return [s.record() for s in self._by_key.values()]
