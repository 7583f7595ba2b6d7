"""The site registry: loading, validation, and the generated site list in the docs."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.registry import RegistryError, get_sites, load_registry, parse_entry, to_markdown

DOCS = Path(__file__).resolve().parent.parent / "docs" / "sites.md"


def test_registry_has_the_city_and_eleven_districts() -> None:
    sites = load_registry()
    assert len(sites) == 12
    assert len({s.district for s in sites}) == 12
    assert any(s.district == "广州市" for s in sites)
    assert all(s.systems for s in sites)


def test_replica_sites_keep_their_contract_hosts_and_paths() -> None:
    replica = {s.key: s for s in get_sites(replica_only=True)}
    assert set(replica) == {"gz", "panyu", "by", "gzns", "hp"}
    assert replica["hp"].systems == ["gkmlpt"]
    assert [g.prefix for g in replica["hp"].gkmlpt] == ["/gkmlpt/", "/hpfgj/gkmlpt/"]
    assert replica["by"].column_urls == ["http://www.by.gov.cn/gzjg/qwbgs/zfxxgkgzndbg/index.html"]


def test_unknown_site_key_is_a_clear_error() -> None:
    with pytest.raises(RegistryError, match="unknown site"):
        get_sites(["nowhere"])


@pytest.mark.parametrize(("entry", "message"), [
    ({"key": "x", "name": "n", "district": "d"}, "missing host"),
    ({"key": "x", "name": "n", "district": "d", "host": "h", "scheme": "ftp", "portal": {"columns": ["/a/"]}}, "scheme"),
    ({"key": "x", "name": "n", "district": "d", "host": "h"}, "nothing to crawl"),
    ({"key": "x", "name": "n", "district": "d", "host": "h", "gkmlpt": [{"prefix": "gkmlpt/"}]}, "prefix"),
])
def test_malformed_entry_is_rejected(entry: dict, message: str) -> None:
    with pytest.raises(RegistryError, match=message):
        parse_entry(entry)


def test_new_site_of_a_known_family_is_one_entry(tmp_path: Path) -> None:
    path = tmp_path / "sites.yaml"
    path.write_text("sites:\n  - {key: demo, name: 某某区人民政府, district: 某某区, host: WWW.Demo.gov.cn,\n"
                    "     gkmlpt: [/gkmlpt]}\n", encoding="utf-8")
    (site,) = load_registry(path)
    assert site.host == "www.demo.gov.cn" and site.scheme == "https"
    assert site.gkmlpt[0].prefix == "/gkmlpt/" and site.systems == ["gkmlpt"]


def test_docs_list_every_site_and_are_up_to_date() -> None:
    sites = load_registry()
    assert DOCS.read_text(encoding="utf-8") == to_markdown(sites), \
        "docs/sites.md is stale: python -m crawler.registry --markdown --output docs/sites.md"
    for s in sites:
        assert f"| {s.key} |" in to_markdown(sites)
