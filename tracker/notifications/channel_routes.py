from flask import Blueprint

bp = Blueprint("channels", __name__, url_prefix="/admin/channels")
