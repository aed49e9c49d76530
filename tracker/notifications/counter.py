"""The bell's count (`User.unread_notifications`), kept in the transaction that changes it instead of counted on
every page: a message added unread adds one, one read (or deleted unread) takes one off, as atomic
`count = count ± n` statements, so concurrent transactions never lose each other's change.

The session events below see every ORM change to a notification, whichever code makes it. A bulk statement on
the table (`mark_all_read` corrects the count itself and says so) leaves the count of every user to be
recounted at commit.
"""
from collections import Counter

from sqlalchemy import event, func, inspect, select, update
from sqlalchemy.orm import Session

from tracker.auth.models import User
from tracker.notifications.models import Notification

DELTA, RECOUNT = "unread_delta", "unread_recount"
COUNTED = "unread_counted"  # execution option of a bulk statement that corrected the counts itself


def add_unread(session: Session, deltas: dict[int, int]) -> None:
    """count += delta for each user (on the connection: this is the bookkeeping, not a change to watch)."""
    connection = session.connection()
    for user_id, delta in deltas.items():
        if delta:
            connection.execute(update(User.__table__).where(User.__table__.c.id == user_id)
                               .values(unread_notifications=User.__table__.c.unread_notifications + delta))


def recount_statement():
    """Every user's count recounted from the messages (a bulk change whose rows are not known)."""
    users = User.__table__
    unread = (select(func.count(Notification.id))
              .where(Notification.user_id == users.c.id, Notification.read_at.is_(None)).scalar_subquery())
    return update(users).values(unread_notifications=unread)


def _after_flush(session: Session, flush_context) -> None:
    deltas: Counter = Counter()
    for note in session.new:
        if isinstance(note, Notification) and note.read_at is None:
            deltas[note.user_id] += 1
    for note in session.deleted:
        if isinstance(note, Notification):
            history = inspect(note).attrs["read_at"].history
            if (history.deleted[0] if history.deleted else note.read_at) is None:
                deltas[note.user_id] -= 1
    for note in session.dirty:
        if not isinstance(note, Notification):
            continue
        history = inspect(note).attrs["read_at"].history
        if history.has_changes():
            was_unread, is_unread = (history.deleted or [None])[0] is None, note.read_at is None
            deltas[note.user_id] += int(is_unread) - int(was_unread)
    if any(deltas.values()):
        add_unread(session, deltas)


def _on_statement(state) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) == Notification.__tablename__ and not state.execution_options.get(COUNTED):
        state.session.info[RECOUNT] = True


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return
    session.flush()
    if session.info.pop(RECOUNT, False):
        session.connection().execute(recount_statement())


def _after_rollback(session: Session) -> None:
    if not session.in_transaction():
        session.info.pop(RECOUNT, None)


def watch_notifications(session_class) -> None:
    """Keep every user's unread count in the transactions of `session_class`."""
    if not event.contains(session_class, "after_flush", _after_flush):
        event.listen(session_class, "after_flush", _after_flush)
        event.listen(session_class, "do_orm_execute", _on_statement)
        event.listen(session_class, "before_commit", _before_commit)
        event.listen(session_class, "after_rollback", _after_rollback)
