"""Pipeline archiving every document of a report page: the page itself and its attachments.

The page's bytes come with the item (the spider fetched it). Attachments are downloaded
here through Scrapy's own engine (``engine.download_async``), so they pass the same
downloader middlewares as the crawl: the replica proxy, retries, politeness delays, cookies,
User-Agent. Each request carries If-None-Match / If-Modified-Since from the document's
last good fetch, so an unchanged night costs a 304 per attachment; the per-request
``download_maxsize`` caps the size (NIANBAO_MAX_DOCUMENT_MB). The WARC file of the run is
written by ``pipelines.warc_log.WarcRecorder`` from Scrapy's response signal.
"""

from __future__ import annotations

import logging
from typing import Any

import scrapy
from scrapy.http import Response

from archive import ids
from archive.formats import guess_format
from archive.httpcache import unmark_revalidated
from archive.versions import DocRef, Fetched, FetchResult, conditional_headers, ensure_document, record_fetch
from pipelines import context
from pipelines.database import item_report_id

log = logging.getLogger(__name__)


def _headers_dict(headers: Any) -> dict[str, list[str]]:
    """Scrapy Headers (bytes keys/values) as {name: [values]} for JSON and WARC."""
    out: dict[str, list[str]] = {}
    for key, values in (headers or {}).items():
        name = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        vals = values if isinstance(values, (list, tuple)) else [values]
        out[name] = [v.decode("latin-1") if isinstance(v, bytes) else str(v) for v in vals]
    return out


def page_fetched(page: dict[str, Any], url: str) -> Fetched:
    """The item's ``page`` record (docs/CONTRACTS.md "Spider items") as a Fetched."""
    body = page.get("body") or b""
    if isinstance(body, str):
        body = body.encode("utf-8")
    headers = _headers_dict(page.get("headers"))
    status = page.get("status")
    cached = b""
    headers, revalidated = unmark_revalidated(headers)
    if revalidated:
        status, body, cached = 304, b"", body  # the spider parsed the cached copy; the server said 304
    return Fetched(url=page.get("url") or url, status=status, body=body, headers=headers, final_url=page.get("final_url"),
                   redirects=list(page.get("redirects") or []), fetched_at=page.get("fetched_at") or ids.now_iso(),
                   revalidated_body=cached)


def response_fetched(url: str, response: Response) -> Fetched:
    redirects = list(response.request.meta.get("redirect_urls") or []) if response.request else []
    return Fetched(url=url, status=response.status, body=response.body, headers=_headers_dict(response.headers),
                   final_url=response.url, redirects=redirects, fetched_at=ids.now_iso(),
                   request_headers=_headers_dict(response.request.headers) if response.request else {})


class ArchivePipeline(context.RunComponent):
    """Archives, versions and records the fetches of every document of an item."""

    async def process_item(self, item: Any) -> Any:
        report_id = item_report_id(item)
        page = item.get("page") or {}
        page_doc = DocRef(url=item["url"], report_id=report_id, site=item["site"], kind="page", format="html",
                          mime="text/html", source_system=item.get("source_system"),
                          listing_url=item.get("listing_url"), title=item.get("title"),
                          publish_date=item.get("publish_date"))
        if page:
            self._record(page_doc, page_fetched(page, item["url"]))
        else:  # a spider that gave no page record: the page is still listed, so seen
            self._mark_seen(page_doc)
        attachments = list(item.get("attachments") or [])
        if not attachments and page.get("status") == 304:
            attachments = self._stored_attachments(page_doc.id)
        for att in attachments:
            doc = DocRef(url=att["url"], report_id=report_id, site=item["site"], kind="attachment",
                         format=guess_format(att["url"], name=att.get("name"), mime=att.get("mime")),
                         name=att.get("name"), mime=att.get("mime"), source_system=item.get("source_system"),
                         listing_url=item.get("listing_url"), parent_id=page_doc.id)
            if doc.url in self.ctx.fetched_urls:
                self._mark_seen(doc)
                continue
            self.ctx.fetched_urls.add(doc.url)
            fetched = await self._download(doc)
            self._record(doc, fetched)
        return item

    def _mark_seen(self, doc: DocRef) -> None:
        """Listed in this run but not fetched now (already fetched in this run, or no page record)."""
        gone = self.ctx.db.execute(
            "select count(*) from fetches where run_id = ? and url = ? and status in (404, 410)",
            [self.ctx.run_id, doc.url]).fetchone()[0]
        try:
            with self.ctx.db.atomic():
                ensure_document(self.ctx.db, doc, run_id=self.ctx.run_id, now=ids.now_iso(), seen=not gone)
        except Exception:
            log.exception("could not record %s", doc.url)

    def _stored_attachments(self, page_id: str) -> list[dict[str, Any]]:
        """A page answered 304: its attachments are the ones we know from earlier runs."""
        return [{"url": r["url"], "name": r["name"], "mime": r["mime"]} for r in self.ctx.db.query(
            "select url, name, mime from documents where parent_id = ? and kind = 'attachment'", [page_id])]

    async def _download(self, doc: DocRef) -> Fetched:
        headers = conditional_headers(self.ctx.db, doc.url)
        meta: dict[str, Any] = {"download_maxsize": self.ctx.max_bytes, "nianbao_site": doc.site,
                                "nianbao_kind": "attachment", "dont_cache": True}
        request = scrapy.Request(doc.url, headers=headers, meta=meta, dont_filter=True, priority=10)
        engine = self.crawler.engine
        try:
            response = await engine.download_async(request)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a recorded failed fetch
            reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            if "DataLoss" in type(exc).__name__:
                reason = f"truncated download (fewer bytes than Content-Length): {reason}"
            return Fetched(url=doc.url, error=reason, request_headers=_headers_dict(request.headers))
        return response_fetched(doc.url, response)

    def _record(self, doc: DocRef, fetched: Fetched) -> FetchResult | None:
        try:
            result = record_fetch(self.ctx.db, self.ctx.store, doc, fetched, run_id=self.ctx.run_id,
                                  max_bytes=self.ctx.max_bytes)
        except Exception:
            log.exception("could not archive %s", doc.url)
            return None
        if result.outcome == "failed":
            log.warning("failed fetch %s: %s", doc.url, result.error)
        return result
