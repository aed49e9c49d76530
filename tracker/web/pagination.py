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

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


MAX_PAGE = 100_000  # a larger page number would overflow OFFSET on some databases (500 instead of an empty page)


def page_number(args) -> int:
    """The `page` argument, clamped to 1..MAX_PAGE (garbage reads as 1)."""
    try:
        return min(max(1, int(args.get("page", 1))), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def page_of(stmt, page: int, *, total: int, per_page: int = PER_PAGE, scalars: bool = True) -> Page:
    """One page of `stmt` (LIMIT/OFFSET) when the total is already known."""
    stmt = stmt.limit(per_page).offset((page - 1) * per_page)
    rows = db.session.scalars(stmt).unique().all() if scalars else db.session.execute(stmt).all()
    return Page(list(rows), page, per_page, total)


def paginate(stmt, *, count_stmt=None, total: int | None = None, per_page: int = PER_PAGE,
             scalars: bool = True) -> Page:
    """The request's page of `stmt`; the total from `count_stmt`, or `total` when the caller knows it."""
    if total is None:
        total = db.session.scalar(count_stmt) or 0
    return page_of(stmt, page_number(request.args), total=total, per_page=per_page, scalars=scalars)
