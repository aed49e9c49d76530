"""发文登记: hand out the next 文号 of a kind of document, list what was issued, set the 机关代字 per kind.

A number is 代字〔年份〕序号号 (e.g. 汉创办发〔2022〕3号). Serials run per (代字, year) from 1, without gaps and
never twice: the counter row is raised by one upsert (which takes the row lock on PostgreSQL and MariaDB and the
write lock on SQLite) and read back in the same transaction, so two issues at once take turns; the unique keys on
the entries (代字, 年, 序号) and on the number text hold even if they did not. A rolled-back issue rolls its
counter back with it, so no number is skipped either.
"""
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.dialects.mysql import insert as mysql_insert
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from tracker.audit.services import record_event
from tracker.documents.letterhead import check_template
from tracker.errors import Refusal
from tracker.extensions import db
from tracker.registers.models import DocKind, Letterhead, RegisterCounter, RegisterEntry, RegisterPrefix
from tracker.text import clip
from tracker.timeutil import utcnow

DEFAULT_PREFIXES = {DocKind.CIRCULAR: "创建办", DocKind.NOTICE: "创建办督", DocKind.URGE: "创建办督",
                    DocKind.ITEM: "创建督办"}
FORBIDDEN = "〔〕[]（）()"


def format_number(prefix: str, year: int, serial: int) -> str:
    """汉创办发, 2022, 3 → 汉创办发〔2022〕3号."""
    return f"{prefix}〔{year}〕{serial}号"


def prefixes() -> dict[str, str]:
    """The 机关代字 of every kind: the office's settings over the defaults."""
    stored = dict(db.session.execute(select(RegisterPrefix.kind, RegisterPrefix.prefix)).all())
    return {k.value: stored.get(k.value, DEFAULT_PREFIXES[k]) for k in DocKind}


def set_prefix(kind: str, prefix: str, actor) -> RegisterPrefix:
    """Number `kind` under another 代字 from now on (numbers already issued keep theirs). Flushes."""
    prefix = (prefix or "").strip()
    if kind not in DocKind.values():
        raise Refusal("未知的文种。")
    if not prefix or len(prefix) > 30 or any(ch in prefix for ch in FORBIDDEN) or any(c.isspace() for c in prefix):
        raise Refusal("机关代字应为 1～30 个字，不含空格和括号，例如“汉创办发”。")
    row = db.session.get(RegisterPrefix, kind)
    before = row.prefix if row else DEFAULT_PREFIXES[DocKind(kind)]
    if row is None:
        row = RegisterPrefix(kind=kind, prefix=prefix)
        db.session.add(row)
    row.prefix = prefix
    db.session.flush()
    record_event(actor, "register.prefix", None, f"{DocKind(kind).label}的机关代字改为“{prefix}”",
                 before={"kind": kind, "prefix": before}, after={"kind": kind, "prefix": prefix})
    return row


def issue_number(kind: str, title: str, issued_on: date, actor=None, *, campaign_id: int | None = None,
                 unit_id: int | None = None) -> RegisterEntry:
    """The next 文号 of `kind` in the year of `issued_on`, registered with its title, date and issuer. Flushes."""
    kind = DocKind(kind)
    prefix = prefixes()[kind.value]
    serial = _next_serial(prefix, issued_on.year)
    entry = RegisterEntry(prefix=prefix, year=issued_on.year, serial=serial,
                          number_text=format_number(prefix, issued_on.year, serial), kind=kind.value,
                          title=(title or kind.label)[:200], issued_on=issued_on,
                          issued_by_id=getattr(actor, "id", None), campaign_id=campaign_id, unit_id=unit_id)
    db.session.add(entry)
    db.session.flush()
    record_event(actor, "register.issue", entry, f"登记{kind.label}文号 {entry.number_text}：{clip(entry.title, 60)}",
                 campaign_id=campaign_id)
    return entry


def _next_serial(prefix: str, year: int) -> int:
    """Raise the (代字, year) counter by one and read it back under the row lock.

    One atomic upsert creates the year's row at 1 or raises it: INSERT … ON CONFLICT DO UPDATE (PostgreSQL,
    SQLite) or ON DUPLICATE KEY UPDATE (MariaDB, which then takes the row's exclusive lock at once). A plain
    INSERT that met the other issue's new row would leave InnoDB holding a shared lock, and two issues both
    upgrading theirs to raise the counter deadlock."""
    table = RegisterCounter.__table__
    values = {"prefix": prefix, "year": year, "last": 1}
    dialect = db.session.get_bind().dialect.name
    if dialect in ("mysql", "mariadb"):
        stmt = mysql_insert(table).values(values).on_duplicate_key_update(last=table.c.last + 1)
    else:
        upsert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        stmt = upsert(table).values(values).on_conflict_do_update(index_elements=[table.c.prefix, table.c.year],
                                                                 set_={"last": table.c.last + 1})
    db.session.execute(stmt)
    where = (RegisterCounter.prefix == prefix, RegisterCounter.year == year)
    return db.session.scalar(select(RegisterCounter.last).where(*where).with_for_update())  # the upsert's row


def entries_statement(*, kind: str | None = None, q: str | None = None, campaign_id: int | None = None):
    """Every number issued, newest first, filtered by kind, campaign and a search on number or title."""
    stmt = (select(RegisterEntry).options(db.joinedload(RegisterEntry.issued_by))
            .order_by(RegisterEntry.year.desc(), RegisterEntry.created_at.desc(), RegisterEntry.id.desc()))
    if kind in DocKind.values():
        stmt = stmt.where(RegisterEntry.kind == kind)
    if campaign_id is not None:
        stmt = stmt.where(or_(RegisterEntry.campaign_id == campaign_id, RegisterEntry.campaign_id.is_(None)))
    if q := (q or "").strip():
        like = f"%{q[:50]}%"
        stmt = stmt.where(or_(RegisterEntry.number_text.like(like), RegisterEntry.title.like(like)))
    return stmt


def entry(entry_id: int | None) -> RegisterEntry | None:
    return db.session.get(RegisterEntry, entry_id) if entry_id else None


# --- the office's red-header template -------------------------------------------------------------------------

def current_letterhead() -> Letterhead | None:
    return db.session.scalar(select(Letterhead).where(Letterhead.slot == "office"))


def letterhead_bytes() -> bytes | None:
    """The office's template, for the documents to be written on; None: the built-in layout."""
    row = current_letterhead()
    return row.data if row is not None else None


def save_letterhead(filename: str, data: bytes, actor) -> Letterhead:
    """Keep the uploaded template (after `check_template`: a .docx within the caps, through the upload scan),
    replacing the previous one. Flushes."""
    placeholders = check_template(data)
    row = current_letterhead()
    if row is None:
        row = Letterhead(slot="office")
        db.session.add(row)
    row.filename, row.size, row.data = (filename or "红头模板.docx")[:200], len(data), data
    row.uploaded_by_id, row.uploaded_at = getattr(actor, "id", None), utcnow()
    db.session.flush()
    record_event(actor, "letterhead.upload", row, f"上传红头模板“{row.filename}”",
                 after={"placeholders": placeholders, "size": len(data)})
    return row


def remove_letterhead(actor) -> None:
    """Back to the built-in GB/T 9704 layout."""
    row = current_letterhead()
    if row is None:
        raise Refusal("尚未上传红头模板。")
    record_event(actor, "letterhead.remove", row, f"停用红头模板“{row.filename}”，恢复内置版式")
    db.session.delete(row)
    db.session.flush()
