"""The template shipped inside the package is the shared one."""

import json
from pathlib import Path

import pytest

from extract import spec

SHARED = Path("/work/shared/spec/template.json")


@pytest.mark.skipif(not SHARED.exists(), reason="shared spec not mounted")
def test_package_copy_equals_shared_spec() -> None:
    assert json.loads(SHARED.read_text(encoding="utf-8")) == spec.spec()


def test_empty_tables_have_every_key() -> None:
    t19, t21 = spec.empty_tables("2019"), spec.empty_tables("2021")
    assert "art20_9" in t19["active_disclosure"] and "art20_9" not in t21["active_disclosure"]
    assert "other_total" in t19["applications"] and "other_total" not in t21["applications"]
    assert len(t21["applications"]) == 25 and len(t19["applications"]) == 23
    assert all(len(cols) == 7 for cols in t21["applications"].values())
    assert list(t21["review_litigation"]) == ["reconsideration", "litigation_direct",
                                              "litigation_after_reconsideration"]
