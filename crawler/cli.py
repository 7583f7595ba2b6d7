"""The ``nianbao`` command line: one thin click command per job.

Each command only parses options and calls the module that does the work, so the
command line stays readable and every job can be called from tests directly.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from crawler.config import DEFAULT_DATA_DIR, Config
from crawler.registry import SITES_ENV

data_dir_option = click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_DATA_DIR,
    show_default=True,
    help="Directory holding the database, the archive, WARC files and run reports.",
)


def _use_sites(ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path | None:
    """Validate the operator's registry file and make it the registry of this process and its children.

    Why the environment: the crawl runs in spawned processes and the scheduler starts each
    night as a child; ``$NIANBAO_SITES`` (absolute) reaches all of them, so every part of a run
    reads the same merged registry. ``discover`` may name a file that does not exist yet (it
    creates it); every other command needs it to exist and parse.
    """
    if value is None:
        return None
    path = value.expanduser().resolve()
    if not path.exists():
        if ctx.command.name == "discover":
            return path
        raise click.ClickException(f"registry file {path} does not exist (--sites / ${SITES_ENV})")
    from crawler.registry import RegistryError, load_registry

    try:
        load_registry(operator=path, use_env=False)
    except RegistryError as exc:
        raise click.ClickException(f"registry file {path}: {exc}") from exc
    os.environ[SITES_ENV] = str(path)
    return path


sites_option = click.option(
    "--sites", "sites_file", envvar=SITES_ENV, default=None, callback=_use_sites, expose_value=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"Your own registry file (YAML, a 'sites:' list) merged over crawler/sites.yaml: its entries add "
         f"sites or replace those of the same key. Default: ${SITES_ENV}.",
)


def _check_site_keys(keys: tuple[str, ...], *, replica_only: bool = False) -> None:
    """Unknown ``--site`` keys are a usage error before anything starts (not a failed run)."""
    from crawler.registry import RegistryError, get_sites

    try:
        get_sites(list(keys) or None, replica_only=replica_only)
    except RegistryError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="nianbao")
def cli() -> None:
    """nianbao (年报): crawl, archive, extract and publish Chinese government
    information-disclosure annual reports."""


@cli.command()
@data_dir_option
@sites_option
@click.option("--replica", is_flag=True, help="Start the local replica and crawl it instead of the live sites.")
@click.option("--replica-url", default=None, help="Crawl through an already running replica (http://127.0.0.1:PORT).")
@click.option("--site", "sites", multiple=True, help="Only these registry sites (repeatable). Default: all.")
@click.option("--progress/--quiet", default=None, help="Progress on the terminal (default: on when stderr is a TTY).")
@click.option("--trigger", type=click.Choice(["manual", "schedule"]), default="manual", hidden=True,
              help="Who started the run (the scheduler passes 'schedule').")
def run(data_dir: Path, sites_file: Path | None, replica: bool, replica_url: str | None, sites: tuple[str, ...],
        progress: bool | None, trigger: str) -> None:
    """One full nightly run: crawl -> archive -> extract -> database.

    \b
    Example: nianbao run --replica --data-dir data
    Example: nianbao run --sites my-sites.yaml --site example
    """
    from crawler.runner import run_once

    _check_site_keys(sites)
    if progress is None:
        progress = sys.stderr.isatty()
    code = run_once(Config(data_dir).ensure(), replica=replica, replica_url=replica_url,
                    sites=list(sites) or None, progress=progress, trigger=trigger)
    sys.exit(code)


@cli.command()
@data_dir_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True, type=int)
def serve(data_dir: Path, host: str, port: int) -> None:
    """Publish the database read-only in Datasette.

    Example: nianbao serve --data-dir data --port 8001
    """
    from crawler.serve import serve as do_serve

    do_serve(Config(data_dir), host=host, port=port)


@cli.command()
@data_dir_option
@sites_option
@click.option("--cron", default=None,
              help="Cron expression, 5 fields or 6 with seconds first (default 0 2 * * *, or NIANBAO_CRON).")
@click.option("--timezone", default=None, help="Time zone of the cron expression (default Asia/Shanghai).")
@click.option("--replica", is_flag=True, help="Each run crawls the local replica (for demos and tests).")
@click.option("--replica-url", default=None, help="Each run crawls through this running replica.")
def schedule(data_dir: Path, sites_file: Path | None, cron: str | None, timezone: str | None, replica: bool,
             replica_url: str | None) -> None:
    """Run nightly with APScheduler, one run at a time, each in a child process
    (which gets the same --sites).

    Example: nianbao schedule --data-dir /var/lib/nianbao
    """
    from crawler.scheduler import schedule as do_schedule

    sys.exit(do_schedule(Config(data_dir).ensure(), cron=cron, timezone=timezone, replica=replica,
                         replica_url=replica_url))


@cli.command()
@data_dir_option
@sites_option
@click.option("--limit", default=10, show_default=True, type=int)
def status(data_dir: Path, sites_file: Path | None, limit: int) -> None:
    """Print the last runs and their outcome, and per site the columns and catalogues
    that yielded nothing or disappeared.

    Example: nianbao status --limit 5
    """
    from crawler.registry import RegistryError, load_registry
    from crawler.status import print_status

    try:
        registry = load_registry()
    except RegistryError as exc:
        raise click.ClickException(str(exc)) from exc
    sys.exit(print_status(Config(data_dir), limit=limit, registry=registry))


@cli.command()
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--all", "all_", is_flag=True, help="Re-extract every archived original (new extractor version).")
@data_dir_option
def extract(path: Path | None, all_: bool, data_dir: Path) -> None:
    """Print the extraction JSON of one document (PDF, DOC/DOCX/WPS, XLS/XLSX, HTML, image).

    Example: nianbao extract report.pdf
    """
    if all_:
        from extract.reextract import reextract_all

        sys.exit(reextract_all(Config(data_dir)))
    if path is None:
        raise click.UsageError("give a PATH, or --all")
    from crawler.config import env_float, env_int
    from extract.errors import ExtractionError
    from extract.worker import extract_isolated

    try:  # the nightly run's isolation and limits: a hostile file is one line, never a traceback
        result = extract_isolated(path, timeout=env_float("NIANBAO_EXTRACT_TIMEOUT", 120.0),
                                  memory_mb=env_int("NIANBAO_EXTRACT_MEMORY_MB", 1536))
    except ExtractionError as exc:
        raise click.ClickException(f"{path}: {exc}") from exc
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))


@cli.command()
@data_dir_option
@click.option("--force", is_flag=True, help="Write a release even when its data equals the previous release's.")
def release(data_dir: Path, force: bool) -> None:
    """Write a dated, immutable data release (CSV, Parquet, codebook, datapackage.json,
    CHANGELOG.md, SHA256SUMS) to <data-dir>/releases/<date>/, served at /releases/.

    The nightly run makes none: a release is a deliberate, citable act. Run it by hand, or
    monthly from cron (e.g. 0 4 1 * *); a release whose data equals the previous one is
    not written (--force writes it anyway).

    \b
    Example: nianbao release --data-dir data
    """
    from publish.release import ReleaseError, make_release

    try:
        path = make_release(Config(data_dir), force=force)
    except ReleaseError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"release written: {path}" if path else "no change since the previous release; nothing written")


@cli.command()
@data_dir_option
def verify(data_dir: Path) -> None:
    """Re-hash every archived original and report any whose bytes no longer match.

    Example: nianbao verify --data-dir data
    """
    from archive.verify import verify_archive

    sys.exit(verify_archive(Config(data_dir)))


@cli.command()
@click.argument("url")
@sites_option
@click.option("--replica-url", default=None, help="Reach the site through a running replica (proxy).")
@click.option("--max-depth", default=4, show_default=True, type=int)
def discover(url: str, sites_file: Path | None, replica_url: str | None, max_depth: int) -> None:
    """Find the annual-report column of an unknown site and print a registry entry;
    with --sites FILE also add it to FILE (created when missing) under a new key.

    Example: nianbao discover http://www.example.gov.cn/ --sites my-sites.yaml
    """
    from crawler.discover import discover_site

    sys.exit(discover_site(url, replica_url=replica_url, max_depth=max_depth, sites_file=sites_file))


@cli.group()
def replica() -> None:
    """The local replica of the district sites (for tests and the offline demo)."""


@replica.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8900, show_default=True, type=int)
@click.option("--state", default="night1", show_default=True, help="night1 or night2.")
def replica_serve(host: str, port: int, state: str) -> None:
    """Serve the replica on loopback; it answers as an HTTP proxy for the sites' host names.

    Example: nianbao replica serve --port 8900 --state night2
    """
    from replica.server import serve_forever

    serve_forever(host=host, port=port, state=state)


@replica.command("generate")
def replica_generate() -> None:
    """Regenerate the replica's pages, documents and expected outputs (deterministic).

    Example: nianbao replica generate
    """
    from replica.generate import main as generate_main

    generate_main([])  # not sys.argv: "replica generate" is not an output directory


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
