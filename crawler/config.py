"""Where a run keeps its data, and the tunables every component reads.

Every tunable is an environment variable with a default (``NIANBAO_*``), so an
operator changes behaviour without editing code, and tests point a run at a
temporary data directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATA_DIR = Path(os.getenv("NIANBAO_DATA_DIR", "data"))


def env_float(name: str, default: float) -> float:
    """Read a float tunable from the environment."""
    return float(os.getenv(name, default))


def env_int(name: str, default: int) -> int:
    """Read an int tunable from the environment."""
    return int(os.getenv(name, default))


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no tunable from the environment ('1', 'true', 'yes', 'on' are true)."""
    value = os.getenv(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Config:
    """Paths of one data directory; everything nianbao writes lives below it."""

    data_dir: Path = field(default_factory=lambda: DEFAULT_DATA_DIR)

    @property
    def db_path(self) -> Path:
        return self.data_dir / "nianbao.db"

    @property
    def archive_dir(self) -> Path:
        return self.data_dir / "archive"

    @property
    def warc_dir(self) -> Path:
        return self.data_dir / "warc"

    @property
    def runs_dir(self) -> Path:
        """Run reports (Markdown/HTML) and run logs."""
        return self.data_dir / "runs"

    @property
    def lock_path(self) -> Path:
        return self.data_dir / "run.lock"

    def ensure(self) -> Config:
        for d in (self.data_dir, self.archive_dir, self.warc_dir, self.runs_dir):
            d.mkdir(parents=True, exist_ok=True)
        return self
