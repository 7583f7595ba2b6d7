"""Every command of the command line answers --help (the docs are generated from it)."""

import pytest
from click.testing import CliRunner

from crawler.cli import cli

COMMANDS = [[], ["run"], ["serve"], ["schedule"], ["status"], ["extract"], ["verify"], ["discover"],
            ["replica"], ["replica", "serve"], ["replica", "generate"], ["release"]]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a) or "nianbao")
def test_help(args: list[str]) -> None:
    result = CliRunner().invoke(cli, [*args, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    if args and args != ["replica"]:
        assert "Example:" in result.output


def test_cli_docs_are_current() -> None:
    """docs/cli.md is generated from --help; regenerate it with scripts/cli_docs.py."""
    from helpers import load_script

    module = load_script("scripts/cli_docs.py")
    assert module.DOC.read_text(encoding="utf-8") == module.render(), "docs/cli.md is stale: run scripts/cli_docs.py"


# ---------------------------------------------------------------- --sites: the operator's registry

import os  # noqa: E402
from pathlib import Path  # noqa: E402

import crawler.cli  # noqa: E402,F401 - the module the commands live in

REGISTRY_COMMANDS = [["run"], ["schedule"], ["status"], ["discover"]]
MINE = ("sites:\n  - {key: mine, name: 某某县人民政府, district: 某某县, host: 'www.mine.gov.cn:8080', scheme: http,\n"
        "     portal: {columns: [/nb/index.html]}}\n")


@pytest.fixture()
def own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An operator file; $NIANBAO_SITES is restored (removed) after the test, whatever a command set."""
    monkeypatch.setenv("NIANBAO_SITES", "")
    monkeypatch.delenv("NIANBAO_SITES")
    path = tmp_path / "my-sites.yaml"
    path.write_text(MINE, encoding="utf-8")
    return path


@pytest.mark.parametrize("args", REGISTRY_COMMANDS, ids=lambda a: " ".join(a))
def test_every_command_that_reads_the_registry_takes_sites(args: list[str]) -> None:
    result = CliRunner().invoke(cli, [*args, "--help"])
    assert "--sites FILE" in result.output and "NIANBAO_SITES" in result.output


@pytest.mark.parametrize("args", [["run"], ["schedule"], ["status"]], ids=lambda a: " ".join(a))
@pytest.mark.parametrize(("text", "message"), [(None, "does not exist"), ("sites: [\n", "cannot read"),
                                                ("sites:\n  - {key: a, name: n}\n", "missing district")])
def test_missing_or_malformed_sites_file_is_a_clear_error(args: list[str], text: str | None, message: str,
                                                           own: Path, tmp_path: Path) -> None:
    path = tmp_path / "other.yaml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    for how in ("option", "env"):
        argv = [*args, "--data-dir", str(tmp_path / "d")] + (["--sites", str(path)] if how == "option" else [])
        env = {"NIANBAO_SITES": str(path)} if how == "env" else None
        result = CliRunner().invoke(cli, argv, env=env)
        assert result.exit_code == 1, (how, result.output)
        assert "Error:" in result.output and message in result.output, (how, result.output)
        assert isinstance(result.exception, SystemExit), result.exception  # a message, not a traceback


def test_run_sites_file_reaches_the_run_and_its_children(own: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import crawler.runner

    seen: dict = {}

    def fake_run_once(cfg, **kwargs):
        from crawler.registry import get_sites

        seen.update(kwargs, env=os.environ.get("NIANBAO_SITES"), site=get_sites(kwargs["sites"])[0])
        return 0

    monkeypatch.setattr(crawler.runner, "run_once", fake_run_once)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["run", "--data-dir", "d", "--sites", own.name, "--site", "mine", "--quiet"])
    assert result.exit_code == 0, result.output
    assert seen["env"] == str(own.resolve()) and seen["sites"] == ["mine"]  # absolute: children see the same
    assert seen["site"].base_url == "http://www.mine.gov.cn:8080" and seen["site"].source == str(own.resolve())
    unknown = CliRunner().invoke(cli, ["run", "--data-dir", "d", "--sites", own.name, "--site", "nope"])
    assert unknown.exit_code == 1 and "unknown site(s): nope" in unknown.output


def test_schedule_gives_each_nightly_child_the_same_sites(own: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import crawler.scheduler

    seen: dict = {}

    def fake_schedule(cfg, **kwargs):
        seen["command"] = crawler.scheduler.run_command(cfg, replica=kwargs["replica"])
        return 0

    monkeypatch.setattr(crawler.scheduler, "schedule", fake_schedule)
    result = CliRunner().invoke(cli, ["schedule", "--data-dir", str(tmp_path / "d"), "--sites", str(own)])
    assert result.exit_code == 0, result.output
    cmd = seen["command"]
    assert cmd[cmd.index("--sites") + 1] == str(own.resolve())


def test_status_names_the_operators_sites_not_crawled_yet(own: Path, tmp_path: Path) -> None:
    from crawler.config import Config
    from crawler.report import finish_run, open_db

    cfg = Config(tmp_path / "d").ensure()
    db = open_db(cfg)
    db["runs"].insert({"id": "r1", "started_at": "2026-01-01T02:00:00+00:00", "outcome": "running"})
    db["run_sites"].insert({"run_id": "r1", "site": "by", "requests": 4, "reports_found": 3})
    finish_run(cfg, "r1")
    result = CliRunner().invoke(cli, ["status", "--data-dir", str(cfg.data_dir), "--sites", str(own)])
    assert result.exit_code == 0, result.output
    assert f"Not crawled yet: mine (http://www.mine.gov.cn:8080, from {own.resolve()})" in result.output
    plain = CliRunner().invoke(cli, ["status", "--data-dir", str(cfg.data_dir)], env={"NIANBAO_SITES": None})
    assert "Not crawled yet" not in plain.output
