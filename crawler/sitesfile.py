"""The operator's own registry file: derive a free site key and append an entry to the file.

Why a module of its own: ``nianbao discover --sites FILE`` writes into a file a person also
edits by hand, so it appends text (their comments and layout stay as they wrote them), checks
that the result still parses to exactly the old entries plus the new one, and only falls back
to rewriting the whole list when the file's layout makes appending impossible (``sites: []``,
a flow-style list, other keys after ``sites:``). Every write is atomic (temp file, rename).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from crawler.registry import RegistryError, entry_yaml, netloc_of, parse_entry

HEADER = ("# nianbao: the operator's own site registry, merged over crawler/sites.yaml\n"
          "# (entries of the same key replace the package's). Use it with --sites FILE or $NIANBAO_SITES.\n")
COMMON_LABELS = {"www", "gov", "cn", "com", "org", "net", "edu"}


def key_for(url_or_netloc: str, taken: Iterable[str] = ()) -> str:
    """A registry key for a host that no entry uses yet.

    ``www.example.gov.cn`` → ``example``; ``www.example.gov.cn:8080`` → ``example-8080`` (the port
    is another server, so another site); a key already taken gets ``-2``, ``-3`` … so that an
    entry is never replaced by accident.
    """
    netloc = netloc_of(url_or_netloc)
    host, _, port = netloc.partition(":") if not netloc.startswith("[") else (netloc, "", "")
    labels = [p for p in host.split(".") if p and p not in COMMON_LABELS]
    base = re.sub(r"[^a-z0-9_-]+", "-", labels[0] if labels else host).strip("-") or "site"
    if port:
        base = f"{base}-{port}"
    taken = set(taken)
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def read_sites(path: Path) -> list[dict[str, Any]]:
    """The entries of an operator file (``[]`` when it does not exist or has no ``sites:``)."""
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RegistryError(f"cannot read registry {path}: {exc}") from exc
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("sites") or [], list):
        raise RegistryError(f"registry {path}: expected a mapping with a 'sites:' list")
    return list(data.get("sites") or [])


def append_entry(path: Path, entry: dict[str, Any]) -> bool:
    """Append ``entry`` under ``sites:`` in ``path`` (created when missing); True when appended as
    text (comments kept), False when the list had to be rewritten (comments lost).

    The entry is validated first (:func:`crawler.registry.parse_entry`) and its key must be new
    in the file: the caller picks a free one with :func:`key_for`.
    """
    parse_entry(entry)
    path = Path(path)
    old = read_sites(path)
    if any(isinstance(e, dict) and e.get("key") == entry["key"] for e in old):
        raise RegistryError(f"site {entry['key']!r} is already in {path}")
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    appended = _appended_text(text, entry)
    if appended is not None and _entries(appended) == [*old, entry]:
        _write_atomic(path, appended)
        return True
    data = (yaml.safe_load(text) if text.strip() else None) or {}
    data["sites"] = [*old, entry]
    _write_atomic(path, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return False


def _appended_text(text: str, entry: dict[str, Any]) -> str | None:
    """``text`` with the entry's YAML added at the end of a block-style ``sites:`` list, or None."""
    if not text.endswith("\n"):
        text += "\n"
    block = entry_yaml(entry)  # items indented by two spaces
    has_sites = re.search(r"^sites:[ \t]*(#.*)?$", text, re.M)
    if not has_sites:
        return None if re.search(r"^sites:", text, re.M) else f"{text}sites:\n{block}"
    item = re.search(r"^([ \t]*)- ", text[has_sites.end():], re.M)
    indent = item.group(1) if item else "  "
    if indent != "  ":
        block = "\n".join(indent + line[2:] if line else line for line in block.splitlines()) + "\n"
    return text + block


def _entries(text: str) -> list[Any] | None:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    return list(data.get("sites") or []) if isinstance(data, dict) else None


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
