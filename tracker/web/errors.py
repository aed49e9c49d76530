import logging

from flask import jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import ClientDisconnected, RequestEntityTooLarge

from tracker.errors import Refusal
from tracker.extensions import db

log = logging.getLogger(__name__)

MESSAGES = {
    400: ("请求无效", "提交的内容无法处理，请返回上一页重试。"),
    403: ("没有权限", "您的角色不能使用此功能。如需开通，请联系系统管理员。"),
    404: ("页面不存在", "您要找的页面不存在，或您无权查看。"),
    409: ("内容已被他人修改", "在您编辑期间，其他人已修改了这条记录。请刷新后重新提交。"),
    413: ("文件过大", "上传的文件超过了允许的大小。"),
    500: ("系统出错了", "服务器处理请求时出错，已记录。请稍后重试，或联系系统管理员。"),
}


# form fields that are ours, not what the user typed
NOT_TYPED = ("csrf_token", "version", "confirm", "confirm_date", "next")


def wants_json() -> bool:
    """An upload sent by script (XMLHttpRequest / fetch asking for JSON) reads its error as JSON, not a page."""
    return (request.headers.get("X-Requested-With") == "XMLHttpRequest"
            or request.accept_mimetypes.best == "application/json")


def typed_text() -> list[tuple[str, str]]:
    """What the user typed into the refused form, so a 409 page can give it back (nothing is lost)."""
    try:
        form = request.form
    except (RequestEntityTooLarge, ClientDisconnected):  # a body we will not read: nothing to give back
        return []
    return [(name, value) for name, value in form.items(multi=True)
            if name not in NOT_TYPED and value.strip() and len(value) > 1]


def render_error(code: int, detail: str | None = None):
    title, message = MESSAGES.get(code, MESSAGES[500])
    if wants_json():
        return jsonify(ok=False, status=code, message=detail or message), code
    typed = typed_text() if code == 409 else []
    return render_template("errors/error.html", code=code, title=title, message=detail or message,
                           typed=typed), code


def server_error(e):
    """500: the transaction that failed is rolled back first, so the error page itself can load the user."""
    db.session.rollback()
    log.error("unhandled error on %s %s", request.method, request.path,
              exc_info=getattr(e, "original_exception", None) or e)
    return render_error(500)


def register_errorhandlers(app) -> None:
    for code in MESSAGES:
        if code != 500:
            app.register_error_handler(code, lambda e, code=code: render_error(code))
    app.register_error_handler(500, server_error)

    @app.errorhandler(CSRFError)
    def csrf_error(e):
        return render_error(400, "页面已过期或表单校验失败，请刷新页面后重新提交。")

    @app.errorhandler(DataError)
    def data_error(e):
        """A value the database cannot take (a number out of range in a query string): the request's fault."""
        db.session.rollback()
        log.warning("refused a value the database cannot take: %s", e.orig)
        return render_error(400)

    @app.errorhandler(Refusal)
    def refused(e: Refusal):
        """A service refused and the route did not handle it: nothing is kept, the user reads why."""
        db.session.rollback()
        return render_error(e.status, e.message)

    @app.errorhandler(StaleDataError)
    def stale(e):
        db.session.rollback()
        return render_error(409)
