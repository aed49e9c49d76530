"""Pagination of a select() — counts in SQL, loads one page."""
from dataclasses import dataclass
from math import ceil
from typing import Any

from flask import request

from tracker.extensions import db

PER_PAGE = 50


@dataclass
class Page:
    items: list[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


MAX_PAGE = 100_000  # a larger page number would overflow OFFSET on some databases (500 instead of an empty page)


def paginate(stmt, *, count_stmt, per_page: int = PER_PAGE, scalars: bool = True) -> Page:
    try:
        page = min(max(1, int(request.args.get("page", 1))), MAX_PAGE)
    except ValueError:
        page = 1
    total = db.session.scalar(count_stmt) or 0
    stmt = stmt.limit(per_page).offset((page - 1) * per_page)
    rows = db.session.scalars(stmt).unique().all() if scalars else db.session.execute(stmt).all()
    return Page(list(rows), page, per_page, total)
