"""One base type for every refusal: a user message in Chinese, the HTTP status and the CLI exit code it maps to.

Services raise a `Refusal` (never `abort()`); the web layer turns an uncaught one into an error page with its
status, the CLI into its message on stderr and its exit code — both in one place each.
"""


class Refusal(Exception):
    """A refused operation; nothing was changed. `str(e)` is the message shown to the user."""

    status: int = 400  # HTTP status
    exit_code: int = 1  # CLI: 1 refused, 2 unreadable input or usage

    def __init__(self, message: str, *, status: int | None = None, exit_code: int | None = None):
        super().__init__(message)
        if status is not None:
            self.status = status
        if exit_code is not None:
            self.exit_code = exit_code

    @property
    def message(self) -> str:
        return str(self)


class NotFound(Refusal):
    """An object the user may not know of, or that does not exist: 404 on the web."""

    status = 404

    def __init__(self, message: str = "页面不存在，或您无权查看。", **kwargs):
        super().__init__(message, **kwargs)


class Conflict(Refusal):
    """Someone else changed the object meanwhile, or it is no longer in the state the form expected: 409."""

    status = 409


class UsageError(Refusal):
    """Unreadable input or a wrong argument (an unknown campaign slug, say): exit 2 on the command line."""

    exit_code = 2


class UnknownSlug(UsageError):
    """No campaign (or body) has this slug: exit 2 in every command, 404 on the web."""

    status = 404
