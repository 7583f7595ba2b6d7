"""Every crawl tunable read from the environment is documented in docs/CONTRACTS.md."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ["crawler/settings.py", "crawler/middlewares.py", "crawler/crawl.py", "crawler/discover.py",
           *(str(p.relative_to(ROOT)) for p in sorted((ROOT / "spiders").glob("*.py")))]


def test_every_env_tunable_is_documented() -> None:
    doc = (ROOT / "docs/CONTRACTS.md").read_text(encoding="utf-8")
    used: set[str] = set()
    for mod in MODULES:
        used |= set(re.findall(r"env_(?:int|float|bool)\(\"(NIANBAO_[A-Z_]+)\"", (ROOT / mod).read_text(encoding="utf-8")))
    assert used, "no tunables found: the pattern no longer matches the code"
    missing = sorted(v for v in used if f"`{v}`" not in doc)
    assert not missing, f"undocumented crawl settings: {missing}"
