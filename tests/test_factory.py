"""The application factory honours its configuration layers."""

from __future__ import annotations

import pytest

from edcamp import create_app
from edcamp.config import load


def test_test_config_overrides_defaults(app):
    assert app.testing
    assert app.config["SECRET_KEY"] == "test-secret"


def test_default_database_is_sqlite_in_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = load(tmp_path)
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'edcamp.sqlite'}"


@pytest.mark.parametrize(
    "url",
    ["postgres://u@db:5432/edcamp", "postgresql://u@db:5432/edcamp"],
)
def test_postgres_urls_get_the_psycopg_driver(tmp_path, monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)
    assert load(tmp_path)["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db:5432/edcamp"


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = load(tmp_path)["SECRET_KEY"]
    second = load(tmp_path)["SECRET_KEY"]
    assert len(first) == 64
    assert first == second
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # readable by owner only


def test_secret_key_from_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-env")
    assert load(tmp_path)["SECRET_KEY"] == "from-env"
    assert not (tmp_path / "secret_key").exists()


def test_base_url_and_redis_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("EDCAMP_BASE_URL", "https://edcamp.example.org/")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    config = load(tmp_path)
    assert config["EDCAMP_BASE_URL"] == "https://edcamp.example.org"
    assert config["REDIS_URL"] == "redis://127.0.0.1:6379/3"


def test_create_app_without_config_reads_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    monkeypatch.setenv("SECRET_KEY", "k")
    monkeypatch.delenv("REDIS_URL", raising=False)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("x.sqlite")
    assert not app.testing


def test_testing_alone_changes_no_behaviour(tmp_path, monkeypatch):
    # What tests need differently is named in their config, not inferred from TESTING.
    monkeypatch.delenv("SECRET_KEY", raising=False)
    plain, testing = load(tmp_path), load(tmp_path, {"TESTING": True})
    assert plain["EDCAMP_FEED_VERSION_TTL"] == testing["EDCAMP_FEED_VERSION_TTL"] == 2.0
    assert plain["EMAIL_TEST_DOMAINS"] is testing["EMAIL_TEST_DOMAINS"] is False


def test_the_feed_version_ttl_comes_from_the_config(make_app, app):
    from edcamp.publishing import service

    with make_app(EDCAMP_FEED_VERSION_TTL=7.5).app_context():
        assert service._version_ttl() == 7.5
    with app.app_context():
        assert service._version_ttl() == 0.0
