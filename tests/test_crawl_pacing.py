"""Per-host spacing of gkmlpt API requests and browser renders (spiders/pacing.py)."""

from __future__ import annotations

from spiders.pacing import POLL, HostPacer

HOST = "www.hp.gov.cn"


def test_no_spacing_until_the_host_says_too_fast() -> None:
    pacer = HostPacer()
    assert pacer.wait(HOST, now=10.0) == 0.0 and pacer.wait(HOST, now=10.0) == 0.0


def test_a_rate_limit_spaces_the_hosts_api_and_grows_up_to_the_cap() -> None:
    pacer = HostPacer(max_interval=4.0)
    assert pacer.slow_down(HOST) == 1.0
    assert pacer.wait(HOST, now=100.0) == 0.0
    assert abs(pacer.wait(HOST, now=100.4) - 0.6) < 1e-9  # the next one waits for its turn
    assert pacer.wait("www.panyu.gov.cn", now=100.4) == 0.0  # other hosts are not held
    spacings = [pacer.slow_down(HOST) for _ in range(6)]
    assert spacings[0] == 1.5 and spacings[-1] == 4.0


def test_a_render_holds_the_hosts_api_until_it_ends() -> None:
    pacer = HostPacer()
    assert pacer.wait(HOST, render=True, now=5.0) == 0.0
    assert pacer.wait(HOST, now=5.1) == POLL and pacer.wait(HOST, render=True, now=5.1) == POLL
    pacer.render_done(HOST)
    assert pacer.rendering == {}
    assert 0 < pacer.wait(HOST) <= 1.0  # a pause after the page's own API calls, then free


def test_a_request_held_by_a_render_awaits_its_end_not_a_timer() -> None:
    """Issue 14, point 5: DelayMiddleware awaits the render's end (an event), then the spacing."""
    import asyncio
    import time
    from types import SimpleNamespace

    from crawler.middlewares import DelayMiddleware

    pacer = HostPacer()
    assert pacer.released(HOST) is None  # no render: nothing to await
    spider = SimpleNamespace(send_gate=lambda r: pacer.wait(HOST, render=False),
                             send_gate_event=lambda r: pacer.released(HOST))
    middleware = DelayMiddleware(SimpleNamespace(spider=spider))
    request = SimpleNamespace(meta={})

    async def scenario() -> float:
        assert pacer.wait(HOST, render=True) == 0.0
        started = time.monotonic()
        held = asyncio.ensure_future(middleware.process_request(request))
        await asyncio.sleep(0.05)
        assert not held.done()
        pacer.intervals[HOST] = 0.0
        pacer.render_done(HOST)  # sets the event; render_done leaves a 1 s pause for the page's own calls
        await held
        return time.monotonic() - started

    took = asyncio.run(scenario())
    assert 1.0 <= took < 1.6
