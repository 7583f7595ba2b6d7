"""Wall and CPU time of each stage of a night (crawl, bookkeeping, extract, report, publish).

Why: issue 14 asks where a first night's CPU goes; a whole-tree total does not say which
stage to cut. Each stage is logged at INFO, and when ``NIANBAO_STAGE_TIMES`` names a file the
stages are appended to it as JSON lines (the night bench reads them). CPU is this process's
(the crawl, the replica thread, the result-writing thread, publishing) plus what its reaped
children used (extraction workers with their LibreOffice and tesseract, the browser driver):
a child counts in the stage in which it ended.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import resource
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

ENV_FILE = "NIANBAO_STAGE_TIMES"


def _cpu() -> tuple[float, float]:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


@dataclass
class StageClock:
    """Collects one run's stages; ``stage(name)`` times a block."""

    run_id: str
    stages: list[dict] = field(default_factory=list)

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        wall0, (own0, kids0) = time.monotonic(), _cpu()
        try:
            yield
        finally:
            own1, kids1 = _cpu()
            row = {"run_id": self.run_id, "stage": name, "wall_s": round(time.monotonic() - wall0, 2),
                   "cpu_self_s": round(own1 - own0, 2), "cpu_children_s": round(kids1 - kids0, 2)}
            self.stages.append(row)
            log.info("stage %s: %.1f s wall, %.1f s CPU in the run's process, %.1f s in its ended children",
                     name, row["wall_s"], row["cpu_self_s"], row["cpu_children_s"])
            _append(row)


def _append(row: dict) -> None:
    """One JSON line to ``$NIANBAO_STAGE_TIMES`` (unset: nothing); never fails the run."""
    path = os.environ.get(ENV_FILE)
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(row) + "\n")
    except OSError as exc:
        log.warning("stage times not written to %s: %s", path, exc)
