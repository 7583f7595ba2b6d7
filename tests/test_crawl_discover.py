"""Discovery finds the annual-report column of every replica site from its home page, and
``--sites FILE`` adds what it found to the operator's registry file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from click.testing import CliRunner

from crawler.cli import cli
from crawler.discover import Discovery, discover, format_discovery
from crawler.registry import get_sites, load_registry, package_registry, parse_entry
from crawler.sitesfile import append_entry, key_for

e2e = pytest.mark.e2e


def replica_manifest(server) -> dict:
    """The replica's manifest as it serves it now (``replica.manifest()`` once it exists)."""
    import replica

    return replica.manifest() if hasattr(replica, "manifest") else server.manifest()


@pytest.fixture(scope="module")
def found():
    from replica.server import start_in_thread

    server = start_in_thread(port=0, state="night1")
    try:
        sites = get_sites(replica_only=True)
        results = discover([s.home_url for s in sites], replica_url=server.url, max_depth=3,
                           settings_overrides={"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False,
                                               "LOG_LEVEL": "WARNING", "DOWNLOAD_TIMEOUT": 15}, isolate=True)
        manifest = replica_manifest(server)
    finally:
        server.stop()
    return {s.key: (s, r) for s, r in zip(sites, results, strict=True)}, manifest


@e2e
def test_every_replica_site_has_its_report_column_found(found) -> None:
    results, manifest = found
    served = {s["key"]: {urlsplit(g["base"]).path for g in s.get("gkmlpt_prefixes") or [s["gkmlpt"]] if g}
              for s in manifest["sites"] if s.get("gkmlpt") or s.get("gkmlpt_prefixes")}
    for key, (site, result) in results.items():
        entry = result.entry()
        assert entry["host"] == site.host, key
        assert set(entry["portal"]["columns"]) == set(site.portal_columns), key
        found_prefixes = {g["prefix"] for g in entry["gkmlpt"]}
        # a catalogue the replica serves (the site's own or a department's: the manifest says which)
        assert found_prefixes <= served.get(key, set()), key
        assert bool(found_prefixes) == bool(served.get(key)), key


@e2e
def test_discovered_reports_are_real_reports_of_the_replica(found) -> None:
    results, manifest = found
    pages = {u for r in manifest["reports"] for u in r["page_urls"]}
    # reports from 2008 on are reports (an older manifest still lists its 2018 pages as decoys)
    pages |= {u for d in manifest["decoys"] if d["why"].startswith("2018 report") for u in d["urls"]}
    for key, (_, result) in results.items():
        listed = {r["url"] for c in result.columns for r in c["reports"]}
        assert listed and listed <= pages, key


@e2e
def test_printed_entry_is_a_valid_registry_entry(found) -> None:
    results, _ = found
    site, result = results["panyu"]
    text = format_discovery(result)
    entry_text = text.split("crawler/sites.yaml):\n", 1)[1]
    (entry,) = yaml.safe_load(entry_text)
    parsed = parse_entry(entry)
    assert (parsed.host, parsed.district, parsed.name) == (site.host, site.district, site.name)


def test_nothing_found_is_said_plainly() -> None:
    d = Discovery(url="http://www.example.gov.cn/", name="首页_某某县人民政府")
    assert not d.found
    assert "No annual-report column" in format_discovery(d)
    assert d.entry()["district"] == "某某县"
    assert urlsplit(d.url).hostname == d.entry()["host"]


@e2e
def test_cli_prints_a_registry_entry_for_a_replica_site() -> None:
    """`nianbao discover URL --replica-url` as an operator runs it (a subprocess)."""
    from replica.server import start_in_thread

    server = start_in_thread(port=0, state="night1")
    try:
        proc = subprocess.run([sys.executable, "-m", "crawler.cli", "discover", "http://www.hp.gov.cn/",
                               "--replica-url", server.url, "--max-depth", "3"],
                              capture_output=True, text=True, timeout=120, check=False,
                              env={**os.environ, "NIANBAO_DOWNLOAD_DELAY": "0", "NIANBAO_AUTOTHROTTLE": "0"})
    finally:
        server.stop()
    assert proc.returncode == 0, proc.stderr[-2000:]
    entry = yaml.safe_load(proc.stdout.split("crawler/sites.yaml):\n", 1)[1])[0]
    assert entry["host"] == "www.hp.gov.cn" and entry["district"] == "黄埔区"
    assert "/gkmlpt/" in {g["prefix"] for g in entry["gkmlpt"]}


# ---------------------------------------------------------------- --sites FILE: appending the entry


@pytest.fixture()
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_SITES", "")  # restored (removed) after the test, whatever a command set
    monkeypatch.delenv("NIANBAO_SITES")


def found_at(url: str, name: str = "首页_某某县人民政府") -> Discovery:
    return Discovery(url=url, name=name, requests=3, columns=[
        {"system": "portal", "url": f"{url.rstrip('/')}/zwgk/xxgknb/index.html", "path": ["政务公开", "年报"],
         "reports": [{"title": "某某县2023年政府信息公开工作年度报告", "year": 2023, "url": f"{url}a.html"}],
         "sid": None, "categories": [], "notes": []},
        {"system": "gkmlpt", "url": f"{url.rstrip('/')}/gkmlpt/", "path": [], "reports": [], "sid": "9",
         "categories": [5], "notes": []},
        {"system": "gkmlpt", "url": "http://other.gov.cn/gkmlpt/", "path": [], "reports": [], "sid": "9",
         "categories": [5], "notes": []},
    ])


@pytest.mark.parametrize(("url", "taken", "key"), [
    ("http://www.example.gov.cn/", set(), "example"),
    ("https://example.gov.cn", set(), "example"),
    ("http://www.example.gov.cn:8080/", set(), "example-8080"),
    ("http://www.example.gov.cn/", {"example"}, "example-2"),
    ("http://www.example.gov.cn/", {"example", "example-2"}, "example-3"),
    ("http://www.example.gov.cn:8080/", {"example-8080"}, "example-8080-2"),
    ("http://fgw.gz.gov.cn/", set(), "fgw"),
    ("http://127.0.0.1:9000/", set(), "127-9000"),
])
def test_key_for(url: str, taken: set, key: str) -> None:
    assert key_for(url, taken) == key


def test_entry_keeps_the_port_and_leaves_other_hosts_catalogues_out() -> None:
    entry = found_at("http://www.example.gov.cn:8080/").entry({"example-8080"})
    assert entry["key"] == "example-8080-2" and entry["host"] == "www.example.gov.cn:8080"
    assert entry["portal"]["columns"] == ["/zwgk/xxgknb/index.html"]
    assert entry["gkmlpt"] == [{"prefix": "/gkmlpt/", "categories": [5]}]
    site = parse_entry(entry)
    assert site.base_url == "http://www.example.gov.cn:8080" and site.owns("http://www.example.gov.cn:8080/x")


def test_cli_discover_appends_a_valid_entry_and_never_clobbers(tmp_path: Path, no_env, monkeypatch) -> None:
    import crawler.discover

    monkeypatch.setattr(crawler.discover, "discover", lambda urls, **kw: [found_at(urls[0])])
    path = tmp_path / "conf" / "my-sites.yaml"  # a file (and folder) that does not exist yet
    keys = []
    for url in ("http://www.example.gov.cn:8080/", "http://www.example.gov.cn:8080/", "http://www.panyu.gov.cn/"):
        result = CliRunner().invoke(cli, ["discover", url, "--sites", str(path)])
        assert result.exit_code == 0, result.output
        assert "Registry entry" in result.output and "Added site" in result.output
        keys.append(result.output.split("Added site '", 1)[1].split("'", 1)[0])
        assert f"nianbao run --sites {path} --site {keys[-1]}" in result.output
    assert keys == ["example-8080", "example-8080-2", "panyu-2"]  # panyu is the package's: not replaced
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# nianbao: the operator's own site registry")
    merged = {s.key: s for s in load_registry(operator=path)}
    assert merged["example-8080"].host == "www.example.gov.cn:8080" and merged["example-8080"].district == "某某县"
    assert merged["panyu"] == {s.key: s for s in package_registry()}["panyu"]
    assert "found by nianbao discover from http://www.panyu.gov.cn/" in merged["panyu-2"].notes


def test_cli_discover_without_a_find_leaves_the_file_alone(tmp_path: Path, no_env, monkeypatch) -> None:
    import crawler.discover

    monkeypatch.setattr(crawler.discover, "discover", lambda urls, **kw: [Discovery(url=urls[0])])
    path = tmp_path / "my-sites.yaml"
    result = CliRunner().invoke(cli, ["discover", "http://www.example.gov.cn/", "--sites", str(path)])
    assert result.exit_code == 1 and "No annual-report column" in result.output and not path.exists()
    path.write_text("sites: [\n", encoding="utf-8")  # malformed: said plainly, not overwritten
    result = CliRunner().invoke(cli, ["discover", "http://www.example.gov.cn/", "--sites", str(path)])
    assert result.exit_code == 1 and "cannot read" in result.output
    assert path.read_text(encoding="utf-8") == "sites: [\n"


ENTRY = {"key": "new", "name": "某某县人民政府", "district": "某某县", "host": "www.new.gov.cn",
         "portal": {"columns": ["/nb/"]}, "gkmlpt": []}
OLD = "  - {key: old, name: 旧, district: 旧区, host: www.old.gov.cn, gkmlpt: [/gkmlpt/]}\n"


@pytest.mark.parametrize(("before", "as_text"), [
    ("# my registry\nsites:  # mine\n" + OLD + "  # a trailing comment\n", True),
    ("sites:\n" + OLD.replace("  - ", "- "), True),          # items at column 0
    ("sites:\n" + OLD.rstrip("\n"), True),                 # no final newline
    ("# only a comment\n", True),
    ("", True),
    ("sites: []\n", False),                                # flow style: rewritten
    ("sites:\n" + OLD + "other: 1\n", False),              # a key after the list
])
def test_append_entry_keeps_the_file_valid_and_its_comments(tmp_path: Path, before: str, as_text: bool) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(before, encoding="utf-8")
    old = (yaml.safe_load(before) or {}).get("sites") or []
    assert append_entry(path, ENTRY) is as_text
    after = path.read_text(encoding="utf-8")
    assert yaml.safe_load(after)["sites"] == [*old, ENTRY]
    if as_text:
        assert after.startswith(before)  # nothing the operator wrote was touched
    assert {s.key for s in load_registry(operator=path)} >= {"new"}


def test_append_entry_refuses_an_invalid_entry_or_a_taken_key(tmp_path: Path) -> None:
    from crawler.registry import RegistryError

    path = tmp_path / "s.yaml"
    with pytest.raises(RegistryError, match="missing district"):
        append_entry(path, {**ENTRY, "district": ""})
    assert not path.exists()
    append_entry(path, ENTRY)
    with pytest.raises(RegistryError, match="already in"):
        append_entry(path, ENTRY)


@e2e
def test_operator_registry_end_to_end(tmp_path: Path, no_env, monkeypatch) -> None:
    """Discover a replica site into a new FILE, then `run --sites FILE --site KEY` crawls it.

    Finalised by the lead once the rebuilt replica and spiders land; it reads the replica's
    paths from its manifest, not from this file."""
    from crawler.config import Config
    from crawler.runner import run_once
    from replica.server import start_in_thread

    monkeypatch.setenv("NIANBAO_DOWNLOAD_DELAY", "0")
    monkeypatch.setenv("NIANBAO_AUTOTHROTTLE", "0")
    monkeypatch.setenv("NIANBAO_EXTRACT", "0")
    monkeypatch.delenv("NIANBAO_NOTIFY_URL", raising=False)
    server = start_in_thread(port=0, state="night1", faults={})
    try:
        manifest = replica_manifest(server)
        site = next(s for s in manifest["sites"] if s["key"] == "panyu")
        path = tmp_path / "my-sites.yaml"
        result = subprocess.run([sys.executable, "-m", "crawler.cli", "discover", site["home"], "--replica-url",
                                 server.url, "--sites", str(path)], capture_output=True, text=True, timeout=180,
                                check=False, env={**os.environ})
        assert result.returncode == 0, result.stderr[-2000:]
        key = result.stdout.split("Added site '", 1)[1].split("'", 1)[0]
        assert key == "panyu-2"
        monkeypatch.setenv("NIANBAO_SITES", str(path))  # what `--sites FILE` does
        code = run_once(Config(tmp_path / "data"), replica_url=server.url, sites=[key])
    finally:
        server.stop()
    from archive.db import open_db

    db = open_db(tmp_path / "data" / "nianbao.db")
    row = db["run_sites"].get((next(iter(db.query("select id from runs")))["id"], key))
    assert code in (0, 1) and row["reports_found"] > 0, row
