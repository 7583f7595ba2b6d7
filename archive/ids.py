"""Stable ids and timestamps shared by the archive tables (docs/CONTRACTS.md "Database")."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime


def now_iso() -> str:
    """Current UTC time as ISO-8601 with a Z (also valid as a WARC-Date)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_id() -> str:
    """A random id for rows without a natural key (fetches, versions)."""
    return uuid.uuid4().hex[:16]


def sha1_16(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def document_id(url: str) -> str:
    """Document id = sha1(url)[:16]: the same URL is the same document across runs."""
    return sha1_16(url)


def report_id(district: str | None, agency: str | None, year: int | None) -> str:
    """Logical report id = sha1(district|agency|year)[:16]: one report per agency and year."""
    return sha1_16(f"{district or ''}|{agency or ''}|{'' if year is None else year}")


def agency_id(district: str | None, agency: str | None) -> str:
    return sha1_16(f"{district or ''}|{agency or ''}")


def run_id() -> str:
    """Run ids sort by time: 20260122T020000Z-ab12."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:4]
