"""The run a crawl writes into: database, blob store and WARC, shared by the pipelines.

Why a shared context: several spiders (one Scrapy crawler each) run in one process
during a night; they must write into the same run, through one SQLite connection (the
reactor thread is the only writer) and one WARC file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

import sqlite_utils
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings

from archive.db import open_db
from archive.store import BlobStore, open_store
from archive.warc import RunWarc
from crawler.config import Config, env_int

SETTING_RUN_ID = "NIANBAO_RUN_ID"
SETTING_DATA_DIR = "NIANBAO_DATA_DIR"


@dataclass
class RunContext:
    cfg: Config
    run_id: str
    db: sqlite_utils.Database
    store: BlobStore
    warc: RunWarc
    max_bytes: int
    users: int = 0
    # attachment URLs already fetched in this run (a report reached through two systems
    # links the same file twice; the second link must not download it again)
    fetched_urls: set[str] = field(default_factory=set)


_contexts: dict[tuple[Path, str], RunContext] = {}


def max_document_bytes() -> int:
    """NIANBAO_MAX_DOCUMENT_MB (default 100) in bytes."""
    return env_int("NIANBAO_MAX_DOCUMENT_MB", 100) * 1024 * 1024


def acquire(settings: BaseSettings) -> RunContext:
    """The context of the run named in the crawler settings (NotConfigured without one)."""
    run_id = settings.get(SETTING_RUN_ID)
    data_dir = settings.get(SETTING_DATA_DIR)
    if not run_id or not data_dir:
        raise NotConfigured("nianbao pipelines need NIANBAO_RUN_ID and NIANBAO_DATA_DIR settings")
    cfg = Config(Path(data_dir)).ensure()
    key = (cfg.data_dir.resolve(), run_id)
    ctx = _contexts.get(key)
    if ctx is None:
        ctx = RunContext(cfg=cfg, run_id=run_id, db=open_db(cfg.db_path), store=open_store(cfg.archive_dir),
                         warc=RunWarc(cfg.warc_dir, run_id), max_bytes=max_document_bytes())
        _contexts[key] = ctx
    ctx.users += 1
    return ctx


def release(ctx: RunContext) -> None:
    """Close the context when its last pipeline closes."""
    ctx.users -= 1
    if ctx.users <= 0:
        ctx.warc.close()
        ctx.db.close()
        _contexts.pop((ctx.cfg.data_dir.resolve(), ctx.run_id), None)


class RunComponent:
    """Base of the pipelines that write into the run: acquire its context on creation,
    release it when the spider closes (the last user closes the database and the WARC)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.ctx = acquire(crawler.settings)  # NotConfigured outside a nianbao run

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def close_spider(self) -> None:
        release(self.ctx)
