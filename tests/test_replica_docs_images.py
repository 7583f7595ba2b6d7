"""Reports that paste their tables as pictures: body text with image slots, one PNG per table."""

from __future__ import annotations

import io
import shutil

import pytest
from PIL import Image

from replica.documents import render
from replica.reports import build_reports


@pytest.mark.browser
@pytest.mark.skipif(not shutil.which("chromium"), reason="needs headless Chromium")
def test_html_images() -> None:
    spec = next(s for s in build_reports() if s.publication == "html_images")
    docs = render(spec)
    body, *images = docs
    assert (body.role, body.format) == ("body", "html")
    html = body.data.decode()
    assert "<table" not in html
    assert all(f'src="{{image:{i}}}"' in html for i in range(3))
    assert [(d.role, d.format) for d in images] == [("image", "png")] * 3
    sizes = [Image.open(io.BytesIO(d.data)).size for d in images]
    # the applications table is the tallest picture; none is an empty page
    assert max(sizes, key=lambda s: s[1]) == sizes[1]
    assert all(w > 300 and h > 80 for w, h in sizes)
