"""Notification settings: off by default, problems only unless asked, never raises."""

from __future__ import annotations

import pytest

from crawler import notify


def test_no_url_means_no_notification(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NIANBAO_NOTIFY_URL", raising=False)
    assert notify.notify_urls() == []
    assert notify.send("t", "b", outcome="broken") is None


def test_several_urls_separated_by_spaces_or_commas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_NOTIFY_URL", "json://a.example/x, mailto://u:p@b.example  ntfy://topic")
    assert notify.notify_urls() == ["json://a.example/x", "mailto://u:p@b.example", "ntfy://topic"]


def test_problems_only_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NIANBAO_NOTIFY_ON", raising=False)
    assert [notify.should_notify(o) for o in ("ok", "broken", "failed")] == [False, True, True]
    monkeypatch.setenv("NIANBAO_NOTIFY_ON", "always")
    assert notify.should_notify("ok")


def test_unusable_or_unreachable_url_returns_false(monkeypatch: pytest.MonkeyPatch) -> None:
    assert notify.send("t", "b", urls=["not a url at all"]) is False
    assert notify.send("t", "b", urls=["json://127.0.0.1:9/closed-port"]) is False
