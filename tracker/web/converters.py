"""URL converters: `<int:...>` ids stop at the largest INTEGER the databases hold, so that a larger id is
404 (no such object) rather than an out-of-range error from PostgreSQL."""
from werkzeug.routing import IntegerConverter

INT_MAX = 2**31 - 1


class IdConverter(IntegerConverter):
    def __init__(self, map, *args, **kwargs):  # noqa: A002 (werkzeug's signature)
        kwargs.setdefault("max", INT_MAX)
        super().__init__(map, *args, **kwargs)
