"""docs/operations.md does not drift from the code: every setting the operations modules
read is documented, and the systemd unit shown is the one shipped."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ["scheduler", "report", "notify", "ledger", "progress", "lock", "status"]


def test_every_setting_is_documented() -> None:
    doc = (ROOT / "docs/operations.md").read_text()
    used = set()
    for mod in MODULES:
        used |= set(re.findall(r"NIANBAO_[A-Z_]+", (ROOT / f"crawler/{mod}.py").read_text()))
    used -= {"NIANBAO_TRIGGER", "NIANBAO_PROGRESS"}  # internal: child env, Scrapy setting name
    missing = sorted(v for v in used if f"`{v}`" not in doc)
    assert not missing, f"undocumented settings: {missing}"


def test_systemd_unit_in_docs_is_the_shipped_one() -> None:
    doc = (ROOT / "docs/operations.md").read_text()
    block = re.search(r"```ini\n(.*?)```", doc, re.S).group(1)
    shipped = [line for line in (ROOT / "deploy/nianbao.service").read_text().splitlines()
               if line.strip() and not line.startswith("#")]
    assert [line for line in block.splitlines() if line.strip()] == shipped
