"""extract_file: read → strategies → canonical keys → checks → one JSON-ready dict.

Strategies are tried cheapest-and-most-precise first (the document's ruled tables), and
the text-flow reader runs only when the first leaves rows missing or checks failing. The
best result is kept, and every strategy's score is recorded beside it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from extract import checks, spec
from extract.document import IMAGE_MARK, Document
from extract.errors import ExtractionError
from extract.fees import extract_fees
from extract.formats import read_document, sniff
from extract.labels import compact
from extract.meta import detect_template, title_meta
from extract.oldformat import PRE_TEMPLATE, is_pre_template, old_figures, split_old_sections
from extract.rows import Row, classify, rows_from_grids, rows_from_text
from extract.sections import split_sections, tables_region
from extract.tables import Mapped, map_rows

log = logging.getLogger(__name__)


@dataclass
class Candidate:
    name: str
    mapped: Mapped
    failures: list[dict]

    @property
    def complete(self) -> bool:
        return self.mapped.rows_found == self.mapped.rows_expected

    def rank(self) -> tuple:
        nonnull = sum(v is not None for v in checks.cell_values(self._as_result()).values())
        return (self.mapped.rows_found, -len(self.failures), nonnull)

    def _as_result(self) -> dict:
        return {"template": self.mapped.template, **self.mapped.values}


def extract_file(path: Path | str, *, name: str | None = None, mime: str | None = None,
                 url: str | None = None, resources: Mapping[str, str | Path] | None = None) -> dict:
    """The BRIEF's extraction object for one document (see docs/CONTRACTS.md).

    For an HTML page whose tables are pasted as images, `resources` maps image URLs to
    local files (the archive's blobs) and `url` is the page's own URL (to resolve
    relative `src`); without them images are looked for in a mirror layout around the page.
    """
    from extract import EXTRACTOR_VERSION

    path = Path(path)
    if not path.is_file():
        raise ExtractionError(f"not a file: {path}")
    fmt = sniff(path, name, mime)
    resolve = resource_resolver(url, resources) if resources is not None else None
    doc = read_document(path, fmt, resolve)
    result = extract_document(doc)
    result["extractor_version"] = EXTRACTOR_VERSION
    if fmt in ("doc", "wps", "rtf", "odf"):  # recorded as the strategies are: a kept soffice or a fresh one
        from extract.formats.office import last_converter

        result["converter"] = last_converter()
    return result


def resource_resolver(url: str | None, resources: Mapping[str, str | Path]) -> Callable[[str], Path | None]:
    """`src` → local file through a URL → path mapping (relative `src` joined to `url`)."""
    def resolve(src: str) -> Path | None:
        full = urljoin(url, src) if url else src
        found = resources.get(full) or resources.get(src)
        return Path(found) if found else None
    return resolve


def _grid_rows(doc: Document) -> list[Row]:
    return classify(rows_from_grids(doc.grids))


def _flow_rows(doc: Document) -> list[Row]:
    return classify(rows_from_text(tables_region(doc.flow_text or doc.text)))


def _run(name: str, rows: list[Row], template: str) -> Candidate:
    mapped = map_rows(rows, template)
    failures = checks.evaluate({"template": template, **mapped.values})
    return Candidate(name, mapped, failures)


def _strategies(doc: Document) -> list[tuple[str, callable]]:
    grid_name = "ocr-grid" if doc.ocr else {"pdf": "ruled"}.get(doc.format, "table")
    flow_name = "ocr-textflow" if doc.ocr else "textflow"
    out = []
    if doc.grids:
        out.append((grid_name, lambda: _grid_rows(doc)))
    out.append((flow_name, lambda: _flow_rows(doc)))
    return out


def _templates(doc: Document, year: int | None) -> list[str]:
    t = detect_template(doc.text, year)
    return [t] if t else list(spec.TEMPLATES)


def extract_document(doc: Document) -> dict:
    """Everything after reading: shared by every format."""
    meta = title_meta(doc.text, doc.title)
    if is_pre_template(meta["year"], doc.text, template_signs=detect_template(doc.text)):
        return pre_template_result(doc, meta)
    templates = _templates(doc, meta["year"])
    candidates: list[Candidate] = []
    _try(doc, templates, candidates)
    best = max(candidates, key=Candidate.rank)
    if not _settled(best, candidates, doc) and doc.images:
        doc = _with_image_text(doc)
        templates = _templates(doc, meta["year"])
        _try(doc, templates, candidates)
        best = max(candidates, key=Candidate.rank)
    elif doc.images:
        doc.text = _strip_marks(doc.text, len(doc.images))
    has_tables = best.mapped.rows_found > 0
    template = best.mapped.template if has_tables else None
    result: dict = {
        "agency": meta["agency"], "district": meta["district"], "year": meta["year"], "template": template,
    }
    if has_tables:
        result.update(best.mapped.values)
    else:  # a stub page or a document without the tables: tables null (CONTRACTS.md)
        result.update(dict.fromkeys(("active_disclosure", "applications", "review_litigation")))
    details = [dict(f, verdict=_verdict(f, best, candidates, doc)) for f in best.failures] if has_tables else []
    result["checks_failing"] = sorted({d["check"] for d in details})
    sections = split_sections(doc.text)
    result.update({
        "format": doc.format,
        "strategy": best.name if has_tables else None,
        "strategies": [{"name": c.name, "template": c.mapped.template, "rows_found": c.mapped.rows_found,
                        "rows_expected": c.mapped.rows_expected, "checks_failing": len(c.failures),
                        "chosen": c is best} for c in candidates],
        "raw": best.mapped.raw if has_tables else None,
        "check_details": details,
        "sections": sections,
        "fees": extract_fees(sections.get("other") or doc.text),
        "text": doc.text,
        "notes": doc.notes + best.mapped.notes,
        # per OCR'd table: cells read by each engine (tesseract, rapidocr) and where they disagreed
        "ocr_engines": [dict(g.engines) for g in doc.grids if hasattr(g, "engines")] or None,
    })
    return result


def pre_template_result(doc: Document, meta: dict) -> dict:
    """A report from before the national templates (``template`` = ``pre-2019``): text,
    the old outline's sections and the figures it states in prose; no table is mapped and
    no template check runs, so such a report never fails a check for lacking the tables."""
    notes = list(doc.notes)
    if doc.images and len(compact(doc.text)) < 300:  # the whole report is pictures: read them
        doc = _with_image_text(doc)
    elif doc.images:
        doc.text = _strip_marks(doc.text, len(doc.images))
        notes.append(f"pre-2019 report: {len(doc.images)} image(s) on the page not read (text already present)")
    sections = split_old_sections(doc.text) or split_sections(doc.text)
    notes.append("pre-2019 report: before the national templates, tables not mapped to canonical keys")
    return {
        "agency": meta["agency"], "district": meta["district"], "year": meta["year"], "template": PRE_TEMPLATE,
        "active_disclosure": None, "applications": None, "review_litigation": None, "checks_failing": [],
        "format": doc.format, "strategy": "prose", "strategies": [], "raw": None, "check_details": [],
        "sections": sections,
        "fees": extract_fees(sections.get("fees") or sections.get("other") or doc.text),
        "old_figures": old_figures(doc.text, sections),
        "text": doc.text, "notes": notes,
    }


def _try(doc: Document, templates: list[str], candidates: list[Candidate]) -> None:
    """Run strategies in order until one reads every row with every check passing."""
    for name, make_rows in _strategies(doc):
        rows = make_rows()
        for template in templates:
            candidates.append(_run(name, rows, template))
        best = max(candidates, key=Candidate.rank)
        if best.complete and not best.failures:
            return


def _settled(best: Candidate, candidates: list[Candidate], doc: Document) -> bool:
    """Whether reading more (the page's images by OCR) can no longer change the answer: every
    row found, and every failing check confirmed as the report's own by an independent read.

    Why: a report that does not add up used to send every picture on its page (logos, seals)
    through OCR and every strategy again, for the same result (issue 14, point 4)."""
    return best.complete and all(_verdict(f, best, candidates, doc) == "document" for f in best.failures)


def _strip_marks(text: str, n: int) -> str:
    for i in range(n):
        text = text.replace(IMAGE_MARK.format(i), "\n")
    return text


def _with_image_text(doc: Document) -> Document:
    """The page's tables are images: OCR them and put their text where they stood."""
    from PIL import Image, UnidentifiedImageError

    from extract.ocr import ocr_file

    text, grids = doc.text, []
    for i, path in enumerate(doc.images):
        ocr_text = ""
        try:
            with Image.open(path) as img:
                if img.width >= 200 and img.height >= 80:
                    ocr_text, g = ocr_file(Path(path))  # once per image (the queue's OCR cache)
                    grids.extend(g)
        except (UnidentifiedImageError, OSError, ExtractionError) as exc:
            doc.notes.append(f"image {path.name}: {exc}")
        text = text.replace(IMAGE_MARK.format(i), "\n" + ocr_text + "\n")
    return Document(doc.format, text, grids, title=doc.title, ocr=True, notes=doc.notes)


def _verdict(failure: dict, best: Candidate, candidates: list[Candidate], doc: Document) -> str:
    """'document' when an independent strategy read the cells of the failing check exactly as
    the chosen one did (the report itself does not add up), 'extraction' when another
    strategy read those cells differently and is complete, or the text came from OCR, else
    'unknown'.

    An incomplete second read still counts when it read the check's own cells, all of
    them, the same (issue 14: a report printing 总计 0 beside non-zero parts was 'unknown'
    because the text flow had missed a row elsewhere)."""
    template = best.mapped.template
    others = [c for c in candidates if c.name != best.name and c.mapped.template == template]
    keys = checks.failure_cells(failure, template)
    mine = checks.cell_values(best._as_result())
    read_differently = False
    for other in others:
        theirs = checks.cell_values(other._as_result())
        if any(theirs.get(k) is not None for k in keys) and all(_same(theirs.get(k), mine.get(k)) for k in keys):
            return "document"
        if other.complete:
            read_differently = True
    if read_differently or doc.ocr:
        return "extraction"
    return "unknown"


def _same(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is b
    return abs(float(a) - float(b)) < 1e-6  # type: ignore[arg-type]
