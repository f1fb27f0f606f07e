"""One client cannot hold hundreds of board streams; phones behind one NAT address still can
each hold theirs (they are told apart by their attendee session)."""

from __future__ import annotations

from tests.helpers import error_code


def open_stream(client, path: str, address: str = "203.0.113.5"):
    return client.get(path, buffered=False, environ_base={"REMOTE_ADDR": address})


def test_an_anonymous_client_is_capped_and_gets_its_slots_back(
    app, client, make_event, monkeypatch
):
    monkeypatch.setitem(app.config, "LIVE_STREAMS_PER_CLIENT", 3)
    event = make_event()
    path = f"/api/v1/events/{event.slug}/board/stream"
    held = [open_stream(client, path) for _ in range(3)]
    refused = open_stream(client, path)
    elsewhere = open_stream(client, path, address="198.51.100.1")
    for response in held:
        response.close()
    again = open_stream(client, path)

    assert [r.status_code for r in held] == [200, 200, 200]
    assert refused.status_code == 429
    assert error_code(refused) == "too_many_streams"
    assert elsewhere.status_code == 200
    assert again.status_code == 200
    elsewhere.close()
    again.close()


def test_attendees_behind_one_address_each_get_their_streams(
    app, make_event, make_attendee, monkeypatch
):
    monkeypatch.setitem(app.config, "LIVE_STREAMS_PER_CLIENT", 2)
    event = make_event()
    path = f"/api/v1/events/{event.slug}/board/stream"
    phones = []
    for _ in range(5):
        attendee, _token = make_attendee(event)
        phone = app.test_client()
        with phone.session_transaction() as session:
            session["attendees"] = {str(event.id): attendee.id}
        phones.append(open_stream(phone, path))

    assert [r.status_code for r in phones] == [200] * 5
    for response in phones:
        response.close()
