import logging

from flask import render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from sqlalchemy.orm.exc import StaleDataError

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


def render_error(code: int, detail: str | None = None):
    title, message = MESSAGES.get(code, MESSAGES[500])
    return render_template("errors/error.html", code=code, title=title, message=detail or message), code


def register_errorhandlers(app) -> None:
    for code in MESSAGES:
        app.register_error_handler(code, lambda e, code=code: render_error(code))

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
