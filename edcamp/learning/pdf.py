"""The learning record as a PDF file made on the server, with WeasyPrint.

WeasyPrint draws with Pango and its fonts, which come from Debian packages (``.ci/run``
installs them). The PDF is built from the same data as the page, with its own print
stylesheet; nothing is fetched over the network (the QR code is inlined as a data URL).
"""

from __future__ import annotations

import base64
import logging
from pathlib import Path

from flask_babel import gettext as _

from edcamp.errors import DomainError

log = logging.getLogger("edcamp.learning")

STYLESHEET = Path(__file__).resolve().parents[2] / "static" / "css" / "record-pdf.css"


def qr_data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


class PdfUnavailable(DomainError):
    """WeasyPrint, or the Pango libraries it loads, is missing on this server."""

    status = 503
    code = "pdf_unavailable"


def html_to_pdf(html: str) -> bytes:
    try:  # heavy import: only when a PDF is asked for
        from weasyprint import CSS, HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as error:  # OSError: Pango's shared libraries not found
        log.warning("no PDF: WeasyPrint cannot be loaded (%s)", error)
        raise PdfUnavailable(
            _(
                "The PDF can't be made on this server. Use \u201cPrint or save as PDF\u201d on "
                "the record page instead: your browser makes the same record as a PDF."
            )
        ) from error

    # Only data: URLs (the QR code): a record never makes the server fetch anything.
    no_network = URLFetcher(allowed_protocols={"data"})
    document = HTML(string=html, url_fetcher=no_network)
    stylesheet = CSS(string=STYLESHEET.read_text(), url_fetcher=no_network)
    return document.write_pdf(stylesheets=[stylesheet])
