"""A base URL with an international host still gives a plain-ASCII join link and QR code."""

from __future__ import annotations

import io

import zxingcpp
from PIL import Image


def test_join_qr_with_international_base_url_is_ascii(app, client, make_event, login):
    event = make_event()
    login(event.organizers[0])
    app.config["EDCAMP_BASE_URL"] = "https://edcamp.bücherei.example"
    try:
        response = client.get(f"/events/{event.slug}/join.png")
    finally:
        app.config["EDCAMP_BASE_URL"] = "https://edcamp.test"

    assert response.status_code == 200
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.data)))[0].text
    host = "edcamp." + "bücherei".encode("idna").decode() + ".example"  # punycode
    assert decoded.isascii()
    assert decoded == f"https://{host}/events/{event.slug}/join?code={event.join_code}"
