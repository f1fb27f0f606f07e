"""Mail and sign-up settings come from the environment, with safe defaults."""

from __future__ import annotations

import pytest

from edcamp import config


def test_defaults_send_nothing_and_sign_up_by_invitation(tmp_path, monkeypatch):
    for key in ("MAIL_URL", "MAIL_FROM", "EDCAMP_SIGNUP", "MAIL_SENDER_THREAD"):
        monkeypatch.delenv(key, raising=False)
    loaded = config.load(tmp_path)
    assert loaded["MAIL_URL"] is None
    assert loaded["EDCAMP_SIGNUP"] == "invite"
    assert loaded["MAIL_SENDER_THREAD"] is True


def test_environment_sets_mail_and_policy(tmp_path, monkeypatch):
    monkeypatch.setenv("MAIL_URL", "smtp+starttls://me:pw@mail.example:587")
    monkeypatch.setenv("MAIL_FROM", "Edcamp <edcamp@school.org>")
    monkeypatch.setenv("EDCAMP_SIGNUP", " Open ")
    monkeypatch.setenv("MAIL_SENDER_THREAD", "0")
    loaded = config.load(tmp_path)
    assert loaded["MAIL_URL"] == "smtp+starttls://me:pw@mail.example:587"
    assert loaded["MAIL_FROM"] == "Edcamp <edcamp@school.org>"
    assert loaded["EDCAMP_SIGNUP"] == "open"
    assert loaded["MAIL_SENDER_THREAD"] is False


def test_unknown_sign_up_policy_stops_the_start(tmp_path, monkeypatch):
    monkeypatch.setenv("EDCAMP_SIGNUP", "everyone")
    with pytest.raises(RuntimeError, match="EDCAMP_SIGNUP must be open, invite or closed"):
        config.load(tmp_path)
