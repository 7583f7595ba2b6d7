"""One Datasette process serving the published snapshot on a listening socket it inherits.

Why not ``datasette serve --port``: a new snapshot needs a new Datasette (the file is opened
immutable), and restarting one that binds the port itself leaves the port closed between the
old process's exit and the new one's bind (a 2.4 s gap of refused connections, issue 13).
``nianbao serve`` (crawler/serve.py) opens the socket once and hands it to each child, so
the kernel keeps queueing connections while children change. A child reports on ``ready_fd``
once it has warmed up and accepts; on SIGUSR1 it stops accepting (its successor takes the
queue), finishes every connection it has accepted and exits by itself once none is left (its
parent's SIGTERM after ``NIANBAO_SERVE_DRAIN_SECONDS`` is only the bound). Why not exit on a
fixed timer: uvicorn's shutdown closes a connection whose request it has not read yet, and the
client gets a reset (one in 870 answers during a swap under load 5, issue 13).

The Datasette built here is the one ``datasette serve`` would build from
``crawler.serve.datasette_command`` (same files, metadata, templates, plugins, settings).

Usage (by crawler/serve.py only): python -m crawler.serve_app DATA_DIR LISTEN_FD READY_FD [warm|cold]
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import signal
import socket
import sys
from pathlib import Path
from typing import Any

import uvicorn
from datasette.app import Datasette
from datasette.utils import parse_metadata

from crawler.config import Config
from publish.slots import served_file
from publish.snapshot import inspect_path, published_db_path

DATASETTE_DIR = Path(__file__).resolve().parents[1] / "datasette"
# pages fetched in-process before accepting, so the first visitors after a swap do not pay
# for template compilation and the first connections; the instance and database pages are
# then answered from datasette/plugins/page_cache.py's memory for the life of this process
WARM_PATHS = ("/", "/.json", "/nianbao", "/nianbao.json", "/-/versions.json")


def build_datasette(cfg: Config) -> Datasette:
    """The Datasette of ``datasette serve -i <snapshot> --inspect-file … --metadata …``."""
    settings_file = DATASETTE_DIR / "settings.json"
    settings: dict[str, Any] = json.loads(settings_file.read_text(encoding="utf-8")) if settings_file.exists() else {}
    return Datasette(
        [],
        # the copy the link points to now, resolved: the next publish turns the link to the
        # other copy and writes this one only once no process holds it (publish/slots.py)
        immutables=[str(served_file(published_db_path(cfg)) or published_db_path(cfg))],
        inspect_data=json.loads(inspect_path(cfg).read_text(encoding="utf-8")),
        metadata=parse_metadata((DATASETTE_DIR / "metadata.yml").read_text(encoding="utf-8")),
        template_dir=str(DATASETTE_DIR / "templates"),
        plugins_dir=str(DATASETTE_DIR / "plugins"),
        static_mounts=[("static", str(DATASETTE_DIR / "static"))],
        settings=settings,
        cache_headers=True,
    )


class HandoverServer(uvicorn.Server):
    """uvicorn that says when it accepts, and stops accepting on SIGUSR1 without dropping anything."""

    def __init__(self, config: uvicorn.Config, ready_fd: int) -> None:
        super().__init__(config)
        self.ready_fd = ready_fd
        self.loop: asyncio.AbstractEventLoop | None = None

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        self.loop = asyncio.get_running_loop()
        if not self.should_exit:
            os.write(self.ready_fd, b"1")
        os.close(self.ready_fd)

    def stop_accepting(self, *_args: object) -> None:
        """Close this process's listeners only (the shared socket stays open in the others), then
        exit once every accepted connection is answered and closed."""
        if self.loop is not None:
            self.loop.call_soon_threadsafe(self._drain)

    def _drain(self) -> None:
        for server in getattr(self, "servers", []):
            server.close()
        self.loop.create_task(self._exit_when_idle())

    async def _exit_when_idle(self) -> None:
        while self.server_state.connections or self.server_state.tasks:
            await asyncio.sleep(0.05)
        self.should_exit = True


def main(argv: list[str]) -> int:
    data_dir, listen_fd, ready_fd = Path(argv[0]), int(argv[1]), int(argv[2])
    warm = argv[3:4] != ["cold"]
    ds = build_datasette(Config(data_dir))

    async def start() -> None:
        await ds.invoke_startup()
        for path in WARM_PATHS if warm else ():
            await ds.client.get(path)

    asyncio.run(start())
    # Everything loaded so far (Datasette, plugins, metadata, compiled templates, cached pages)
    # lives as long as the process: moved out of the collector's reach, a full collection no
    # longer walks it during a request (measured at 100k reports, a filtered statistics page:
    # p95 131 -> 98 ms, median unchanged; CPython's gc.freeze docs).
    gc.collect()
    gc.freeze()
    sock = socket.socket(fileno=listen_fd)
    server = HandoverServer(uvicorn.Config(ds.app(), log_level="info", lifespan="on"), ready_fd)
    signal.signal(signal.SIGUSR1, server.stop_accepting)
    server.run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
