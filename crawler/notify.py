"""Tell the operator about a run without them having to look: via apprise.

Why apprise: one URL setting reaches a webhook (``json://host/path``), e-mail
(``mailto://user:pass@host``), Matrix, Slack, ntfy… so nianbao needs no code per
channel. ``NIANBAO_NOTIFY_URL`` holds one or more apprise URLs (separated by spaces
or commas); unset means no notification. ``NIANBAO_NOTIFY_ON`` is ``problems``
(default: only broken or failed runs) or ``always``. A notification that cannot be
delivered is logged and never fails the run.
"""

from __future__ import annotations

import logging
import os
import re

log = logging.getLogger(__name__)

_TYPES = {"ok": "success", "broken": "warning", "failed": "failure"}


def notify_urls() -> list[str]:
    """The configured apprise URLs (empty when notifications are off)."""
    return [u for u in re.split(r"[\s,]+", os.getenv("NIANBAO_NOTIFY_URL", "")) if u]


def should_notify(outcome: str) -> bool:
    """Whether a run with this outcome is worth a message under ``NIANBAO_NOTIFY_ON``."""
    when = os.getenv("NIANBAO_NOTIFY_ON", "problems").strip().lower()
    return when == "always" or outcome in {"broken", "failed"}


def send(title: str, body: str, *, outcome: str = "ok", urls: list[str] | None = None) -> bool | None:
    """Send ``body`` (Markdown) to every URL; True if all delivered, False if any failed,
    None when there was nothing to send to."""
    urls = notify_urls() if urls is None else urls
    if not urls:
        return None
    try:
        import apprise

        sender = apprise.Apprise()
        accepted = [u for u in urls if sender.add(u)]
        if len(accepted) < len(urls):
            log.warning("notification: unusable URL(s) ignored: %d of %d", len(urls) - len(accepted), len(urls))
        if not accepted:
            return False
        ok = bool(sender.notify(body=body, title=title, notify_type=_TYPES.get(outcome, "info"),
                                body_format=apprise.NotifyFormat.MARKDOWN))
    except Exception as exc:  # a broken notifier must never break the nightly run
        log.warning("notification failed: %s", exc)
        return False
    if not ok:
        log.warning("notification could not be delivered to every URL")
    return ok
