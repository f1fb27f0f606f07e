"""The learning record as a PDF file made on the server, with WeasyPrint.

WeasyPrint draws with Pango and its fonts, which come from Debian packages (``.ci/run``
installs them). The PDF is built from the same data as the page, with its own print
stylesheet; nothing is fetched over the network (the QR code is inlined as a data URL).
"""

from __future__ import annotations

import base64
from pathlib import Path

STYLESHEET = Path(__file__).resolve().parents[2] / "static" / "css" / "record-pdf.css"


def qr_data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _no_fetch(url: str, *args, **kwargs):
    """Only data: URLs (the QR code): a record never makes the server fetch anything."""
    from weasyprint import default_url_fetcher

    if not url.startswith("data:"):
        raise ValueError(f"not fetched: {url[:60]}")
    return default_url_fetcher(url, *args, **kwargs)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import CSS, HTML  # heavy import: only when a PDF is asked for

    document = HTML(string=html, url_fetcher=_no_fetch)
    return document.write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])
