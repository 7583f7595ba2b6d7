"""One reply line from a child's pipe within a deadline: the extraction worker pool and the
kept LibreOffice both speak JSON lines to a child that may hang, die or grow."""

from __future__ import annotations

import os
import select
import time
from collections.abc import Callable


class LineReader:
    """Buffered lines of a pipe; ``read`` raises TimeoutError past its deadline."""

    def __init__(self, fd: int, chunk: int = 1 << 16) -> None:
        self.fd, self.chunk, self.buf = fd, chunk, b""

    def read(self, timeout: float, idle: Callable[[], None] | None = None, poll: float = 0.5) -> bytes | None:
        """The next line (None: the pipe closed first). ``idle`` runs every ``poll`` seconds of
        silence and may raise (e.g. a memory limit watched while the child works)."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            ready, _, _ = select.select([self.fd], [], [], min(left, poll) if idle else left)
            if not ready:
                if idle:
                    idle()
                continue
            data = os.read(self.fd, self.chunk)
            if not data:
                return None
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return line
