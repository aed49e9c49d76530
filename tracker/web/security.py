"""Security headers on every response (the CSP is satisfied by our own and vendored assets only); NUL refused."""
from flask import abort, request
from werkzeug.middleware.proxy_fix import ProxyFix

CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'self'; frame-src 'self'; frame-ancestors 'self'; "
    "form-action 'self'; base-uri 'self'"
)


def refuse_nul_bytes():
    """400 for a NUL character in the query or form: PostgreSQL cannot store one and would answer 500."""
    for values in (request.args, request.form):
        if any("\x00" in text for pair in values.items(multi=True) for text in pair):
            abort(400)


def register_security_headers(app) -> None:
    app.before_request(refuse_nul_bytes)
    if proxies := app.config.get("TRUSTED_PROXIES"):
        # the client's address (login throttling) from the trusted proxies' X-Forwarded-For, never from anyone else
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)

    @app.after_request
    def headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Content-Security-Policy", CSP)
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
