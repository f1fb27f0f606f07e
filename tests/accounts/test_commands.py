"""`flask create-organizer`: from flags or stdin, with clear errors and a non-zero exit."""

from __future__ import annotations

from werkzeug.security import check_password_hash

from edcamp.extensions import db
from edcamp.models import Organizer


def organizers() -> list[Organizer]:
    db.session.rollback()
    return db.session.query(Organizer).all()


def test_create_organizer_with_password_flag(runner):
    result = runner.invoke(
        args=["create-organizer", "--email", "Ada@School.test", "--password", "a long secret"]
    )

    assert result.exit_code == 0, result.output
    assert "Organizer ada@school.test created." in result.output
    [ada] = organizers()
    assert ada.email == "ada@school.test"
    assert ada.password_hash.startswith("scrypt:")
    assert check_password_hash(ada.password_hash, "a long secret")


def test_create_organizer_reads_the_password_from_stdin(runner):
    result = runner.invoke(
        args=["create-organizer", "--email", "ben@school.test", "--name", "Ben"],
        input="piped secret 123\n",
    )

    assert result.exit_code == 0, result.output
    [ben] = organizers()
    assert ben.name == "Ben"
    assert check_password_hash(ben.password_hash, "piped secret 123")
    assert "piped secret" not in result.output


def test_stdin_password_with_a_windows_line_ending(runner):
    result = runner.invoke(
        args=["create-organizer", "--email", "win@school.test"], input="piped secret 123\r\n"
    )

    assert result.exit_code == 0, result.output
    [organizer] = organizers()
    assert check_password_hash(organizer.password_hash, "piped secret 123")


def test_created_organizer_can_sign_in(runner, client):
    runner.invoke(
        args=["create-organizer", "--email", "cy@school.test", "--password", "cy secret 1"]
    )

    response = client.post("/login", data={"email": "cy@school.test", "password": "cy secret 1"})

    assert response.status_code == 302
    assert "My events" in client.get("/dashboard").get_data(as_text=True)


def test_duplicate_email_is_a_clear_error(runner, make_organizer):
    make_organizer(email="ada@school.test")

    result = runner.invoke(
        args=["create-organizer", "--email", "ADA@school.test", "--password", "another secret"]
    )

    assert result.exit_code != 0
    assert "exists already" in result.output
    assert "Traceback" not in result.output
    assert len(organizers()) == 1


def test_short_password_is_a_clear_error(runner):
    result = runner.invoke(
        args=["create-organizer", "--email", "dee@school.test", "--password", "short"]
    )

    assert result.exit_code != 0
    assert "at least 10 characters" in result.output
    assert organizers() == []


def test_empty_stdin_password_is_refused(runner):
    result = runner.invoke(args=["create-organizer", "--email", "eve@school.test"], input="")

    assert result.exit_code != 0
    assert "at least 10 characters" in result.output
    assert organizers() == []


def test_invalid_email_is_a_clear_error(runner):
    result = runner.invoke(
        args=["create-organizer", "--email", "not an email", "--password", "a long secret"]
    )

    assert result.exit_code != 0
    assert "not valid" in result.output
    assert organizers() == []


def test_missing_email_is_a_usage_error(runner):
    result = runner.invoke(args=["create-organizer", "--password", "a long secret"])

    assert result.exit_code == 2
    assert "--email" in result.output
    assert organizers() == []
