"""Move the public version when a transaction that changed a public table commits.

Listens on every ORM session: flushed objects and UPDATE/DELETE/INSERT statements mark the session, and
its commit runs one ``UPDATE public_versions`` (``models.next_version``: never a number handed out before,
also after a restored backup) in the same transaction. So the new version and the change it stands for
become visible together, and a rollback undoes both (a mark left by a rollback only costs one extra move
later). After such a commit the sign of ``signals`` moves, so every process asks for the new version; when
that fails (Redis down) the commit stands and the sign is moved later (``missed``).
Tables no public page reads are left out, and so are the columns no public page shows of a table it
does read (``PUBLIC_COLUMNS``, ``PRIVATE_COLUMNS``): a log-in, a language switch, a mail, a job or a
reminder does not empty the cache. Statements run on the session's connection (Core) are not seen: they
are for what no public page shows (the kenmerk counter, ``reactions.services.next_reference``).
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from consult.pagecache.models import THE_ROW, PublicVersion, next_version
from consult.pagecache.signals import outage

MARK = "public_changed"
MOVED = "public_version_moved"
# Called after each commit that moved the version (``signals``: the sign other processes read), one per
# sign: create_app may run more than once in a process.
after_move: dict[str, object] = {}
# Commits in this process that moved the version; the middleware compares it without any I/O.
moves_here = 0
# The signs (names in ``after_move``) a commit moved the version for but that have not moved yet.
missed: set[str] = set()

# Never shown on a public page; everything else counts, so a new table is safe (cached less) by default.
PRIVATE_TABLES = frozenset({
    "audit_events", "comment_versions", "draft_comments", "erasure_requests", "jobs", "kept_forms", "outbox_messages",
    "pending_notifications", "public_versions", "reaction_reads", "reaction_reports", "round_reminders",
    "sign_in_links",
})


# Tables public pages read only some columns of: a change of another column (a log-in's
# ``last_login_at``, a language, a second factor, a digest sent) leaves the version. A new or removed row
# still counts. No public page shows a person of an account: their name is the one column that might.
PUBLIC_COLUMNS = {
    "users": frozenset({"name"}),
}
# Columns of public tables that no public page shows, each written on its own (by a worker or an
# official's list): the reminder claimed the day before a session, the moment attendance was marked, the
# kenmerk counter (which ``next_reference`` moves with a Core statement, unseen here), a reaction's assignment to an
# official and its group in the workbench (with the ``updated_at`` any change of the row moves).
PRIVATE_COLUMNS = {
    "reactions": frozenset({"assigned_to_id", "group_id", "updated_at"}),
    "workshop_sessions": frozenset({"reminder_sent_at", "attendance_marked_at"}),
    "consultations": frozenset({"last_reference_number"}),
}


def _is_public(table) -> bool:
    return getattr(table, "name", None) not in PRIVATE_TABLES


def _changes_public(table, columns: set[str] | None) -> bool:
    """Whether an UPDATE of ``columns`` (names; None: not known) of ``table`` changes a public page."""
    if not _is_public(table):
        return False
    name = getattr(table, "name", None)
    if not columns:
        return True
    if name in PUBLIC_COLUMNS:
        return bool(columns & PUBLIC_COLUMNS[name])
    return bool(columns - PRIVATE_COLUMNS.get(name, frozenset()))


def _changed_columns(obj) -> set[str]:
    """The names of the columns (or relationships) of a flushed object whose value changed."""
    state = sa.inspect(obj)
    changed = set()
    for attribute in state.attrs:
        if attribute.history.has_changes():
            prop = state.mapper.attrs[attribute.key]
            columns = getattr(prop, "columns", None)
            changed.add(columns[0].name if columns else attribute.key)
    return changed


def _statement_columns(statement) -> set[str] | None:
    """The names of the columns an UPDATE statement sets, or None when they are not known."""
    values = getattr(statement, "_values", None)
    if not values:
        return None
    return {key if isinstance(key, str) else getattr(key, "name", "") for key in values}


def _after_flush(session: Session, _context) -> None:
    for obj in (*session.new, *session.deleted, *session.dirty):
        if not _is_public(getattr(obj, "__table__", None)):
            continue
        if obj in session.dirty and not (session.is_modified(obj)
                                         and _changes_public(obj.__table__, _changed_columns(obj))):
            continue
        # A new row that no public page shows yet (an unconfirmed, unpublished reaction): its
        # ``shown_publicly`` says so. Counters it moves are rows of their own, and mark the session.
        if obj in session.new and not getattr(obj, "shown_publicly", True):
            continue
        session.info[MARK] = True
        return


def _do_orm_execute(state) -> None:
    table = getattr(state.statement, "table", None)
    if state.is_update and _changes_public(table, _statement_columns(state.statement)):
        state.session.info[MARK] = True
    elif (state.is_delete or state.is_insert) and _is_public(table):
        state.session.info[MARK] = True


def _before_commit(session: Session) -> None:
    session.flush()
    if session.info.pop(MARK, False):
        move_version(session)
        session.info[MOVED] = True


def move_version(session: Session) -> None:
    """Move the version (``models.next_version``) in the session's transaction."""
    session.execute(sa.update(PublicVersion).where(PublicVersion.id == THE_ROW).values(version=next_version()))


def _after_commit(session: Session) -> None:
    global moves_here
    if session.info.pop(MOVED, False):
        moves_here += 1
        missed.update(after_move)
        bump_missed()


def bump_missed() -> None:
    """Move the signs of ``missed``; one that fails stays there for the next try (a commit that moved
    the version has been made: it never fails here). While the cache fails (``signals.outage``) nothing
    is kept, and the middleware calls this before it trusts the sign again."""
    if outage.recent():
        return
    for name in list(missed):
        bump = after_move.get(name)
        try:
            if bump is not None:
                bump()
        except Exception as error:  # noqa: BLE001 (whatever the sign's store raises, the commit stands)
            outage.report("moving the sign", error)
            return
        missed.discard(name)


def move_after_restore(session: Session) -> None:
    """After ``flask restore``: move the version past every number handed out since the backup was made
    (the pages, ETags and open data files of the lost timeline), commit, and move every sign."""
    move_version(session)
    session.commit()
    missed.update(after_move)
    bump_missed()


def _after_rollback(session: Session) -> None:
    session.info.pop(MOVED, None)


def install() -> None:
    """Listen on all sessions (once per process; listening twice is a no-op for SQLAlchemy)."""
    for name, handler in (("after_flush", _after_flush), ("do_orm_execute", _do_orm_execute),
                          ("before_commit", _before_commit), ("after_commit", _after_commit),
                          ("after_rollback", _after_rollback)):
        if not event.contains(Session, name, handler):
            event.listen(Session, name, handler)
