"""Every command of the command line answers --help (the docs are generated from it)."""

import pytest
from click.testing import CliRunner

from crawler.cli import cli

COMMANDS = [[], ["run"], ["serve"], ["schedule"], ["status"], ["extract"], ["verify"], ["discover"],
            ["replica"], ["replica", "serve"], ["replica", "generate"]]


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
