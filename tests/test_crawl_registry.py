"""The site registry: loading, validation, and the generated site list in the docs."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.registry import (
    SITES_ENV,
    RegistryError,
    get_sites,
    load_registry,
    netloc_of,
    package_registry,
    parse_entry,
    site_for_host,
    to_markdown,
)

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
    assert [g.prefix for g in replica["hp"].gkmlpt][0] == "/gkmlpt/"  # department catalogues: found at crawl time
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


def test_docs_list_every_site_and_are_up_to_date(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    own = tmp_path / "own.yaml"
    own.write_text("sites:\n  - {key: mine, name: n, district: d, host: www.mine.gov.cn, gkmlpt: [/gkmlpt/]}\n")
    monkeypatch.setenv(SITES_ENV, str(own))  # the operator's file never reaches the docs
    sites = package_registry()
    assert DOCS.read_text(encoding="utf-8") == to_markdown(sites), \
        "docs/sites.md is stale: python -m crawler.registry --markdown --output docs/sites.md"
    for s in sites:
        assert f"| {s.key} |" in to_markdown(sites)


def entry(key: str = "x", **extra: object) -> dict:
    return {"key": key, "name": "某某区人民政府", "district": "某某区", "host": "www.x.gov.cn",
            "gkmlpt": ["/gkmlpt/"], **extra}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def no_operator_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SITES_ENV, raising=False)


# ---------------------------------------------------------------- netloc_of / owns


@pytest.mark.parametrize(("given", "netloc"), [
    ("http://WWW.X.gov.cn/a", "www.x.gov.cn"),
    ("http://www.x.gov.cn:80/a", "www.x.gov.cn"),
    ("https://www.x.gov.cn:443/", "www.x.gov.cn"),
    ("http://www.x.gov.cn:443/", "www.x.gov.cn:443"),   # 443 is not http's default
    ("https://www.x.gov.cn:8443/", "www.x.gov.cn:8443"),
    ("www.x.gov.cn:8080", "www.x.gov.cn:8080"),
    ("www.x.gov.cn.", "www.x.gov.cn"),
    ("http://user:pw@www.x.gov.cn/", "www.x.gov.cn"),
    ("www.x.gov.cn:99999", "www.x.gov.cn:invalid"),
])
def test_netloc_of(given: str, netloc: str) -> None:
    assert netloc_of(given) == netloc


def test_owns_exact_hosts_with_their_ports() -> None:
    plain = parse_entry(entry(scheme="http"))
    assert plain.owns("http://www.x.gov.cn/zwgk/") and plain.owns("https://www.x.gov.cn/") and plain.owns("www.x.gov.cn")
    assert plain.owns("http://www.x.gov.cn:80/")
    assert not plain.owns("http://www.x.gov.cn:8080/") and not plain.owns("www.x.gov.cn:8080")
    assert not plain.owns("http://x.gov.cn/") and not plain.owns("http://evil.www.x.gov.cn/")
    assert not plain.owns("not a url") and not plain.owns("")
    ported = parse_entry(entry(host="www.x.gov.cn:8080", scheme="http"))
    assert ported.host == "www.x.gov.cn:8080" and ported.base_url == "http://www.x.gov.cn:8080"
    assert ported.owns("http://www.x.gov.cn:8080/a") and not ported.owns("http://www.x.gov.cn/a")


def test_default_port_of_the_entrys_scheme_is_dropped() -> None:
    assert parse_entry(entry(host="www.x.gov.cn:443", scheme="https")).host == "www.x.gov.cn"
    odd = parse_entry(entry(host="www.x.gov.cn:443", scheme="http"))  # http on 443: another port
    assert odd.host == "www.x.gov.cn:443" and odd.base_url == "http://www.x.gov.cn:443"


def test_host_patterns_own_department_hosts_and_nothing_else() -> None:
    gz = parse_entry(entry(host="www.gz.gov.cn", host_patterns=["*.GZ.gov.cn"]))
    assert gz.host_patterns == ("*.gz.gov.cn",)
    assert gz.owns("http://fgw.gz.gov.cn/gkmlpt/index") and gz.owns("https://a.b.gz.gov.cn/")
    assert gz.owns("fgw.gz.gov.cn") and gz.owns("http://fgw.gz.gov.cn:80/")
    assert not gz.owns("http://gz.gov.cn.evil.com/") and not gz.owns("http://evilgz.gov.cn/")
    assert not gz.owns("https://fgw.gz.gov.cn:8443/") and not gz.owns("http://gz.gov.cn/")
    assert not gz.owns("http://fgw.gz.gov.cn.evil.com/") and not gz.owns("http://fgw.sz.gov.cn/")
    ported = parse_entry(entry(host="www.gz.gov.cn", host_patterns=["*.gz.gov.cn:8443", "*.x.gov.cn:443"]))
    assert ported.owns("https://fgw.gz.gov.cn:8443/") and not ported.owns("https://fgw.gz.gov.cn/")
    assert ported.host_patterns[1] == "*.x.gov.cn"  # a default port in a pattern means no port
    assert site_for_host("http://fgw.gz.gov.cn/", [gz]) is gz and site_for_host("http://a.sz.gov.cn/", [gz]) is None


@pytest.mark.parametrize("pattern", ["*", "*.cn", "*.gov.cn", "*.com.cn", "fgw.*.gov.cn", "*gz.gov.cn",
                                     "*.gz.gov.cn/path", "gz.gov.cn", "*.gz.gov.cn:http", "*.gz.gov.cn:99999"])
def test_broad_or_malformed_host_patterns_are_rejected(pattern: str) -> None:
    with pytest.raises(RegistryError, match="host pattern"):
        parse_entry(entry(host_patterns=[pattern]))


@pytest.mark.parametrize(("fields", "message"), [
    ({"host": "www.x.gov.cn/zwgk"}, "host must be"),
    ({"host": "www.x.gov.cn:http"}, "host must be"),
    ({"host": "user@www.x.gov.cn"}, "host must be"),
    ({"host_pattern": ["*.x.gov.cn"]}, "unknown field"),   # a typo is not silently ignored
    ({"key": "has space"}, "key must be"),
    ({"host_patterns": "*.x.gov.cn"}, "must be a list"),
    ({"normalize": ["(unclosed"]}, "not a regex"),
])
def test_malformed_hosts_keys_and_fields_are_rejected(fields: dict, message: str) -> None:
    with pytest.raises(RegistryError, match=message):
        parse_entry({**entry(), **fields})


# ---------------------------------------------------------------- the operator's registry


def test_operator_file_adds_sites_and_replaces_entries_of_the_same_key(tmp_path: Path) -> None:
    own = write(tmp_path / "own.yaml", """# my sites
sites:
  - key: panyu   # replaces the package's entry, whole
    name: 番禺（测试）
    district: 番禺区
    host: www.panyu.gov.cn:8080
    scheme: http
    gkmlpt: [/gkmlpt/]
  - {key: mine, name: 某某县人民政府, district: 某某县, host: www.mine.gov.cn, portal: {columns: [/nb/]}}
""")
    package = {s.key: s for s in package_registry()}
    merged = load_registry(operator=own)
    by_key = {s.key: s for s in merged}
    assert set(by_key) == set(package) | {"mine"}
    assert [s.key for s in merged][: len(package)] == list(package)  # the package's order is kept
    assert by_key["panyu"].host == "www.panyu.gov.cn:8080" and by_key["panyu"].portal_columns == ()
    assert by_key["panyu"].source == str(own) and by_key["gz"].source.endswith("sites.yaml")
    assert by_key["mine"].column_urls == ["https://www.mine.gov.cn/nb/"]


def test_operator_file_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    own = write(tmp_path / "own.yaml", "sites:\n  - {key: mine, name: n, district: d, host: www.mine.gov.cn, "
                                     "gkmlpt: [/gkmlpt/]}\n")
    monkeypatch.setenv(SITES_ENV, str(own))
    assert get_sites(["mine"])[0].host == "www.mine.gov.cn"
    assert "mine" not in {s.key for s in load_registry(use_env=False)}


@pytest.mark.parametrize(("text", "message"), [
    (None, "does not exist"),
    ("sites: [\n", "cannot read"),
    ("- just a list\n", "expected a mapping"),
    ("sites: {key: a}\n", "expected a mapping"),
    ("sites:\n  - {key: a, name: n, district: d, host: h.gov.cn, gkmlpt: [/g/]}\n"
     "  - {key: a, name: n, district: d, host: h.gov.cn, gkmlpt: [/g/]}\n", "duplicate"),
    ("sites:\n  - {key: a, name: n, district: d}\n", "missing host"),
])
def test_missing_or_malformed_operator_file_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            text: str | None, message: str) -> None:
    path = tmp_path / "own.yaml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError, match=message):
        load_registry(operator=path)
    monkeypatch.setenv(SITES_ENV, str(path))  # the same through the environment: never silently ignored
    with pytest.raises(RegistryError, match=message):
        load_registry()


def test_empty_operator_file_changes_nothing(tmp_path: Path) -> None:
    own = write(tmp_path / "own.yaml", "# nothing yet\n")
    assert [s.key for s in load_registry(operator=own)] == [s.key for s in package_registry()]


def test_normalize_rules_are_kept_on_the_site() -> None:
    assert parse_entry(entry(normalize=[r"访问量：\d+"])).normalize == (r"访问量：\d+",)
