"""The Flask application class: Flask, with the URLs a request builds remembered for the process.

A page builds the same URLs on every request (the top bar's, the navigation's, the static files', each row's
link): werkzeug's `MapAdapter.build` is deterministic in the endpoint, the values and the script root, so an
internal URL (no scheme, host, anchor or method asked for) is built once and then looked up. Only plain values
(str, int, None) are remembered; anything else is built as Flask builds it.
"""
from flask import Flask
from flask.globals import _cv_request

_PLAIN = (str, int, type(None))  # not bool: True and 1 are one key, "True" and "1" two URLs
_LIMIT = 20_000  # distinct URLs kept (the assignment pages' links grow with the data): then start again


class TrackerFlask(Flask):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._built_urls: dict[tuple, str] = {}

    def url_for(self, endpoint: str, /, *, _anchor=None, _method=None, _scheme=None, _external=None,
                **values) -> str:
        req_ctx = _cv_request.get(None)
        if (req_ctx is None or _anchor is not None or _method is not None or _scheme is not None or _external
                or self.url_default_functions):
            return super().url_for(endpoint, _anchor=_anchor, _method=_method, _scheme=_scheme,
                                   _external=_external, **values)
        if not all(type(v) in _PLAIN for v in values.values()):
            return super().url_for(endpoint, **values)
        request = req_ctx.request
        if endpoint[:1] == ".":
            endpoint = f"{request.blueprint}{endpoint}" if request.blueprint is not None else endpoint[1:]
        key = (endpoint, request.script_root, *sorted(values.items()))
        if (url := self._built_urls.get(key)) is None:
            url = super().url_for(endpoint, **values)
            if len(self._built_urls) >= _LIMIT:
                self._built_urls.clear()
            self._built_urls[key] = url
        return url
