"""The signed CSRF token of a session, signed once per process instead of once per request.

Flask-WTF signs the session's raw token (an HMAC with a timestamp) the first time a request renders a form or
`csrf_token()`: about a tenth of a simple page's work. With no time limit (WTF_CSRF_TIME_LIMIT = None, the
config's) a signed token never expires, so the one signed for this raw token and key stays valid: it is kept here
and put where Flask-WTF looks first (`g.csrf_token`), for forms and templates alike. A new raw token (a new
session) or key is a new entry; with a time limit set nothing is kept. Only requests that change nothing (GET,
HEAD) take part: a login or logout that renews the session never meets a token of the old one.
"""
from flask import Flask, current_app, g, request, session

_FIELD = "csrf_token"
_LIMIT = 50_000  # sessions remembered: then start again
_signed: dict[tuple[str, str], str] = {}


def _key() -> tuple[str, str] | None:
    if request.method not in ("GET", "HEAD"):
        return None
    config = current_app.config
    if config.get("WTF_CSRF_TIME_LIMIT", 3600) is not None or config.get("WTF_CSRF_FIELD_NAME", _FIELD) != _FIELD:
        return None
    raw = session.get(_FIELD)
    if not isinstance(raw, str):
        return None
    return config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key, raw


def reuse_signed_token() -> None:
    if (key := _key()) is not None and (token := _signed.get(key)) is not None:
        setattr(g, _FIELD, token)


def remember_signed_token(response):
    if _FIELD in g and (key := _key()) is not None and key not in _signed:
        if len(_signed) >= _LIMIT:
            _signed.clear()
        _signed[key] = g.get(_FIELD)
    return response


def register_csrf_reuse(app: Flask) -> None:
    app.before_request(reuse_signed_token)
    app.after_request(remember_signed_token)
