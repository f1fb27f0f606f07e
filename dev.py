#!/usr/bin/env python3
"""Set up and run edcamp on a machine that has nothing but python3.

    python3 dev.py serve     # install, migrate, load the demo event, serve on :8000
    python3 dev.py test      # install with test tools, run the whole suite
    python3 dev.py messages  # extract the marked words, update every catalog, compile

Everything goes into ./.venv; a re-run skips the install when pyproject.toml is unchanged.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"


def ensure_installed(extras: str) -> None:
    stamp = VENV / f".installed-{extras or 'base'}"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    # The test tools' install holds the base one too.
    for done in (stamp, VENV / ".installed-dev") if not extras else (stamp,):
        if done.exists() and done.read_text() == wanted:
            return
    if not PYTHON.exists():
        print("Creating .venv ...", flush=True)
        try:
            venv.create(VENV, with_pip=True)
        except Exception as error:  # Debian/Ubuntu ship venv's pip separately
            sys.exit(
                f"Could not create a virtual environment ({error}).\n"
                "On Debian or Ubuntu: sudo apt install python3-venv"
            )
    print(f"Installing edcamp{f'[{extras}]' if extras else ''} ...", flush=True)
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    target = f".[{extras}]" if extras else "."
    run(PYTHON, "-m", "pip", "install", "--quiet", "-e", target)
    stamp.write_text(wanted)


def run(*args, env: dict | None = None) -> None:
    result = subprocess.run([str(a) for a in args], cwd=ROOT, env=env)
    if result.returncode:
        sys.exit(result.returncode)


def serve(args: list[str]) -> None:
    ensure_installed("")
    env = {**os.environ}
    port = env.get("PORT", "8000")
    env.setdefault("GUNICORN_BIND", f"0.0.0.0:{port}")
    env.setdefault("EDCAMP_BASE_URL", f"http://127.0.0.1:{port}")
    flask = [BIN / "flask", "--app", "wsgi"]
    run(*flask, "db", "upgrade", env=env)
    run(*flask, "demo", env=env)
    print(f"\nServing on http://127.0.0.1:{port}  (Ctrl+C stops)\n", flush=True)
    os.chdir(ROOT)
    os.execve(
        str(BIN / "gunicorn"),
        [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app", *args],
        env,
    )


def test(args: list[str]) -> None:
    ensure_installed("dev")
    os.chdir(ROOT)
    os.execv(str(PYTHON), [str(PYTHON), "-m", "pytest", *args])


TRANSLATIONS = ROOT / "edcamp" / "translations"
# What marks a word (with Babel's defaults: _, gettext, ngettext, pgettext, npgettext);
# tests/catalogs.py extracts with the same, so tests/test_translations.py agrees.
KEYWORDS = ["_l", "lazy_gettext", "lazy_ngettext:1,2", "lazy_pgettext:1c,2"]


def messages(args: list[str]) -> None:
    """Extract into edcamp/translations/messages.pot (babel.cfg says what is read), merge it
    into every language's messages.po (new words empty, changed ones fuzzy, gone ones
    dropped), and compile each into the messages.mo the app serves. The .po and .mo files are
    committed; the .pot is made anew each time (git ignores it)."""
    ensure_installed("")
    pybabel = BIN / "pybabel"
    template = TRANSLATIONS / "messages.pot"
    TRANSLATIONS.mkdir(exist_ok=True)
    keywords = [option for keyword in KEYWORDS for option in ("-k", keyword)]
    extract = ["extract", "-F", "babel.cfg", *keywords, "--sort-output", "--add-location=file"]
    run(pybabel, *extract, "--project=edcamp", "-o", template, ".", *args)
    for po in sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")):
        update = ["update", "-i", template, "-d", TRANSLATIONS, "-l", po.parent.parent.name]
        run(pybabel, *update, "--ignore-obsolete", "--ignore-pot-creation-date")
    if any(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")):
        run(pybabel, "compile", "-d", TRANSLATIONS, "--statistics")


COMMANDS = {"serve": serve, "test": test, "messages": messages}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](sys.argv[2:])
