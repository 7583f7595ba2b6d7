"""The generator is deterministic, stores each file once, and keeps replica/data small.

Rendering real documents takes LibreOffice tens of seconds, so the determinism test swaps
in a fake document renderer (whose output depends only on the report's data): what is
tested is the site layer, i.e. placement, ids, pages, states and the manifest.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from replica import generate, reports


def _fake_documents() -> SimpleNamespace:
    def render(spec):
        digest = hashlib.sha256(json.dumps(spec.data, sort_keys=True, default=str).encode()).digest()
        body = f"<p>{spec.title}</p><p>{digest.hex()[:12]}</p>"  # an amended report's page changes too
        if spec.publication in ("html", "html_images"):
            return [SimpleNamespace(filename=f"{spec.key}.html", format="html", role="body", data=body.encode())]
        ext = {"scan": "pdf"}.get(spec.publication, spec.publication)
        return [SimpleNamespace(filename=f"{spec.key}.html", format="html", role="body",
                                data=(body + '<p>详见附件：<a href="{attachment:0}">附件</a></p>').encode()),
                SimpleNamespace(filename=f"{spec.key}.{ext}", format=spec.publication, role="attachment",
                                data=b"%PDF-fake " + digest)]

    return SimpleNamespace(render=render, render_all=lambda specs: {s.key: render(s) for s in specs},
                           expected=lambda spec, fmt: {"agency": spec.agency, "year": spec.year, "format": fmt})


@pytest.fixture()
def fake_documents(monkeypatch):
    docs = _fake_documents()

    def load_reports():
        specs = reports.build_reports()
        return specs, docs.render_all(specs), reports, docs

    monkeypatch.setattr(generate, "load_reports", load_reports)


def _tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_generate_twice_gives_identical_bytes(tmp_path, fake_documents):
    a = generate.generate(tmp_path / "a")
    b = generate.generate(tmp_path / "b")
    assert a == b
    tree_a, tree_b = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert tree_a == tree_b and len(tree_a) > 100


def test_each_distinct_file_is_stored_once(tmp_path, fake_documents):
    generate.generate(tmp_path / "d")
    # (expected files are exempt: they sit beside each document, so repeat for a report with two pages)
    files = {k: v for k, v in _tree(tmp_path / "d").items()
             if k.startswith("files/") and not k.endswith(".expected.json")}
    assert len(set(files.values())) == len(files)


def test_summary_counts_reports_per_state(tmp_path, fake_documents):
    manifest = generate.generate(tmp_path / "s")
    text = generate.summary(manifest)
    n1, n2 = (len(manifest["states"][s]["reports"]) for s in ("night1", "night2"))
    assert f"night1  all    {n1:7}" in text and f"night2  all    {n2:7}" in text
    # night2 = night1 + one new report - one removed report
    assert n1 == n2


def test_expected_files_sit_beside_their_documents(tmp_path, fake_documents):
    manifest = generate.generate(tmp_path / "e")
    state = manifest["states"]["night1"]
    for report in state["reports"] + state["county_reports"]:
        carriers = [d for d in report["documents"] if d["has_tables"]]
        if report["template"] == "pre-2019":  # 2008–2018: no national template tables to extract
            assert not carriers, report["key"]
            continue
        assert carriers, report["key"]
        for doc in carriers:
            assert doc["expected"] == doc["file"].rpartition(".")[0] + ".expected.json"
            assert (tmp_path / "e" / doc["expected"]).exists()


def test_committed_data_is_small_and_consistent():
    data = generate.DATA_DIR
    assert (data / "manifest.json").exists(), "replica/data is committed; regenerate it with nianbao replica generate"
    size = sum(p.stat().st_size for p in data.rglob("*") if p.is_file())
    assert size < 40e6
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    for state in manifest["states"].values():
        for route in state["routes"].values():
            if "file" in route:
                assert hashlib.sha256((data / route["file"]).read_bytes()).hexdigest() == route["sha256"]


CATALOGUE_KEYS = {"base", "host", "prefix", "sid", "name", "own", "linked_from", "via", "protected", "category_name",
                  "annual_report_categories", "page_size"}
REPORT_KEYS = {"key", "site", "district", "agency", "year", "template", "title", "publication", "published", "written",
               "page_urls", "system", "systems", "catalogue", "listed_in", "url_entries", "big_page", "documents"}


def test_committed_manifest_shape():
    manifest = json.loads((generate.DATA_DIR / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest) == {"about", "sites", "county_sites", "offsite_hosts", "default_faults",
                             "rate_limit_seconds", "states"}
    assert "statistics.gd.gov.cn" in manifest["offsite_hosts"]
    for site in manifest["sites"]:
        assert {"key", "host", "hosts", "home", "report_columns", "dept_page", "gkmlpt", "gkmlpt_prefixes",
                "catalogues", "offsite_hosts"} <= set(site)
        for c in site["catalogues"]:
            assert set(c) == CATALOGUE_KEYS and c["via"] in ("page", "jump_url", "both")
            assert c["base"] == f"http://{c['host']}{c['prefix']}" and c["host"] in site["hosts"]
    for state in manifest["states"].values():
        for r in state["reports"] + state["county_reports"]:
            assert set(r) == REPORT_KEYS, r["key"]
        assert {"county_reports", "county_decoys", "datasets"} <= set(state)
    assert "county_changes" in manifest["states"]["night2"]
    for site in manifest["county_sites"]:
        assert set(site) >= COUNTY_SITE_KEYS and site["system"] in ("trs", "hanweb", "jpaas", "ucap", "vsb", "xxgk")


COUNTY_SITE_KEYS = {"key", "host", "hosts", "system", "name", "district", "province", "home", "report_column",
                    "params", "robots_trap"}
