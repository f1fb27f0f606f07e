"""The front page."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

bp = Blueprint("site", __name__)


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("events.dashboard"))
    return render_template("index.html")
