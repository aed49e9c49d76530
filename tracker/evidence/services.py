"""Evidence (佐证材料): upload, link one stored file to several assignments, unlink. Services flush only.

`upload_evidence` returns the paths it moved into place; the caller removes them if its commit fails,
so that a failed upload leaves neither a file nor a row.
"""
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from tracker.assignments.models import Assignment, ProgressUpdate
from tracker.assignments.services import AssignmentError, check_version, ensure_editable, touch_assignment
from tracker.assignments.states import feeds_lead
from tracker.assignments.visibility import require
from tracker.audit.services import record_event
from tracker.errors import NotFound
from tracker.evidence import storage
from tracker.evidence.dates import campaign_start, check_document_date
from tracker.evidence.models import Evidence, EvidenceLink
from tracker.evidence.sniff import (
    ALLOWED_KINDS,
    CONTENT_TYPES,
    EXTENSIONS,
    MacroRefused,
    detect_kind,
    extension,
    name_matches,
)
from tracker.extensions import db

MB = 1024 * 1024
TITLE_MAX = 200
NAME_MAX = 255
KIND_NAMES = "PDF、Word、Excel、PPT、JPG、PNG、ZIP"


class EvidenceError(AssignmentError):
    """A refused upload or link; the message names the file."""


class DuplicateFile(EvidenceError):
    """The unit already holds this very file (same SHA-256): nothing uploaded; offer the existing one instead."""

    def __init__(self, name: str, existing: Evidence, linked: bool):
        said = f"「{existing.title or existing.original_name}」（材料形成日期 {existing.document_date.isoformat()}）"
        if linked:
            message = (f"「{name}」已在本任务的材料中：{said}。未重复上传；如标题或日期有误，请点该材料的“修改”。")
        else:
            message = (f"「{name}」与本单位已有的材料{said}是同一个文件，未重复上传。"
                       "可直接关联已有文件；如标题或日期有误，关联后点“修改”。")
        super().__init__(message)
        self.existing, self.linked = existing, linked


@dataclass
class Incoming:
    """One uploaded file as received: its client-side name and a readable stream."""

    filename: str
    stream: object


def _limit(key: str) -> int:
    return int(float(current_app.config[key]) * MB)


def _clean_name(filename: str) -> str:
    """The client's base name without control or format characters (NUL breaks PostgreSQL and response
    headers; a right-to-left override disguises "cod.exe" as "exe.doc")."""
    name = "".join(c for c in (filename or "") if unicodedata.category(c) not in ("Cc", "Cf"))
    name = Path(name.replace("\\", "/")).name.strip()
    if not name:
        raise EvidenceError("文件名为空。")
    if len(name) > NAME_MAX:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: NAME_MAX - len(ext) - 1] + dot + ext) if dot else name[:NAME_MAX]
    return name


def linked_bytes(assignment_id: int) -> int:
    """Total size of the files linked to an assignment (the per-assignment cap counts these)."""
    return db.session.scalar(
        select(func.coalesce(func.sum(Evidence.size), 0)).join(EvidenceLink)
        .where(EvidenceLink.assignment_id == assignment_id)) or 0


def linked_count(assignment_id: int) -> int:
    """How many files an assignment holds (a submission needs a note or a file)."""
    return db.session.scalar(select(func.count(EvidenceLink.id)).where(EvidenceLink.assignment_id == assignment_id))


def _not_allowed(name: str) -> str:
    """Why a file was refused: a name with an allowed extension (a .pdf) whose content is not such a file is damaged
    or renamed, which "not an allowed type" would not explain to its owner."""
    claimed = next((kind for kind, exts in EXTENSIONS.items() if extension(name) in exts), None)
    if claimed is not None:
        return (f"「{name}」的文件内容不是有效的 {claimed.upper()} 文件（可能已损坏，或是改了扩展名的其他文件），"
                f"请用原软件重新导出或另存后再上传。")
    return f"「{name}」不是允许的文件类型（{KIND_NAMES}）。"


def _receive(item: Incoming) -> tuple[Path, int, str, str, str]:
    """Store one file to a temporary path and check it. Returns (tmp, size, sha256, kind, name)."""
    name, cap = _clean_name(item.filename), _limit("EVIDENCE_FILE_MAX_MB")
    try:
        tmp, size, sha = storage.stream_to_temp(item.stream, cap)
    except storage.TooLarge:
        raise EvidenceError(f"「{name}」超过单个文件 {current_app.config['EVIDENCE_FILE_MAX_MB']} MB 的上限。") from None
    try:
        if size == 0:
            raise EvidenceError(f"「{name}」是空文件。")
        try:
            kind = detect_kind(tmp, name)
        except MacroRefused as exc:
            raise EvidenceError(f"「{name}」{exc.message}") from None
        if kind not in ALLOWED_KINDS:
            raise EvidenceError(_not_allowed(name))
        if not name_matches(kind, name):
            raise EvidenceError(f"「{name}」的内容（{kind.upper()}）与扩展名不符，请检查文件。")
    except BaseException:
        storage.discard([tmp])
        raise
    return tmp, size, sha, kind, name


def _link(evidence: Evidence, assignment: Assignment, user, summary: str) -> EvidenceLink:
    link = EvidenceLink(evidence=evidence, assignment_id=assignment.id, linked_by_id=user.id)
    db.session.add(link)
    db.session.flush()
    record_event(user, "evidence.link", link, summary, campaign_id=assignment.task.campaign_id,
                 assignment_id=assignment.id, after={"evidence_id": evidence.id, "name": evidence.original_name})
    return link


def co_material(lead: Assignment) -> list[dict]:
    """Per co-unit feeding `lead`: how many notes and files it has recorded (what the lead's submission carries)."""
    feeders = [a for a in lead.task.assignments if lead.role == "lead" and a.id != lead.id and feeds_lead(a)]
    ids = [a.id for a in feeders]
    if not ids:
        return []
    notes = dict(db.session.execute(select(ProgressUpdate.assignment_id, func.count()).where(
        ProgressUpdate.assignment_id.in_(ids)).group_by(ProgressUpdate.assignment_id)).all())
    files = dict(db.session.execute(select(EvidenceLink.assignment_id, func.count()).where(
        EvidenceLink.assignment_id.in_(ids)).group_by(EvidenceLink.assignment_id)).all())
    return [{"unit": a.unit.name, "progress": notes.get(a.id, 0), "evidence": files.get(a.id, 0)} for a in feeders]


def _check_totals(assignment: Assignment, sizes: list[int]) -> None:
    cap = _limit("EVIDENCE_ASSIGNMENT_MAX_MB")
    if linked_bytes(assignment.id) + sum(sizes) > cap:
        raise EvidenceError(f"本任务的材料总量将超过 {current_app.config['EVIDENCE_ASSIGNMENT_MAX_MB']} MB 的上限。")


def _existing(unit_id: int, sha: str) -> Evidence | None:
    return db.session.scalar(select(Evidence).where(Evidence.unit_id == unit_id, Evidence.sha256 == sha).limit(1))


def _store(assignment: Assignment, user, received, title: str, document_date: date) -> Evidence:
    """Create the Evidence row and link it; a file the unit already holds is refused with an offer to link it
    (re-uploading never silently keeps the old title and date)."""
    tmp, size, sha, kind, name = received
    same = _existing(assignment.unit_id, sha)
    if same is not None:
        raise DuplicateFile(name, same, linked=_link_of(same.id, assignment.id) is not None)
    evidence = Evidence(
        unit_id=assignment.unit_id, uploader_id=user.id, stored_name=storage.new_stored_name(kind),
        original_name=name, title=title or None, content_type=CONTENT_TYPES[kind], kind=kind,
        size=size, sha256=sha, document_date=document_date)
    db.session.add(evidence)
    _link(evidence, assignment, user, f"上传材料：{name}")
    return evidence


def upload_evidence(assignment: Assignment, user, files: list[Incoming], *, title: str = "",
                    document_date: date | None = None, today: date, confirmed: bool = False) -> list[Path]:
    """Store and link several files to the assignment, all or nothing. Returns the stored paths.

    A file the unit already holds (same sha256) is refused (`DuplicateFile`, offering the existing one); a
    材料形成日期 after today is refused, one before the campaign began needs `confirmed` (dates.py).
    """
    ensure_editable(assignment, user)
    if not files:
        raise EvidenceError("请选择要上传的文件。")
    title = (title or "").strip()
    if len(title) > TITLE_MAX:
        raise EvidenceError(f"标题不能超过 {TITLE_MAX} 字。")
    check_document_date(document_date or today, today=today, starts=campaign_start(assignment.task.campaign),
                        confirmed=confirmed)
    received, moved = [], []
    try:
        for item in files:
            received.append(_receive(item))
        _check_totals(assignment, [r[1] for r in received])
        if len({r[2] for r in received}) < len(received):
            raise EvidenceError("所选文件中有两个是同一个文件，请只选一次。")
        stored = [(r[0], _store(assignment, user, r, title, document_date or today)) for r in received]
        touch_assignment(assignment, user)
        for tmp, evidence in stored:
            moved.append(storage.move_into_place(tmp, evidence.stored_name))
    except BaseException:
        storage.discard([r[0] for r in received] + moved)
        raise
    return moved


def store_unit_files(unit_id: int, user, files: list[Incoming], *, title: str = "",
                     document_date: date) -> tuple[list[Evidence], list[Path]]:
    """Store several files in a unit's library without linking them to an assignment, all or nothing — the
    files of a reported indicator value. The same caps and checks as an upload to an assignment; a file the
    unit already holds (same sha256) is reused, not stored twice.

    Returns the files (in the order given) and the paths moved into place: the caller removes those if its
    commit fails.
    """
    title = (title or "").strip()
    if len(title) > TITLE_MAX:
        raise EvidenceError(f"标题不能超过 {TITLE_MAX} 字。")
    received, moved, rows, new = [], [], [], []
    try:
        for item in files:
            received.append(_receive(item))
        if sum(r[1] for r in received) > _limit("EVIDENCE_ASSIGNMENT_MAX_MB"):
            raise EvidenceError(f"材料总量超过 {current_app.config['EVIDENCE_ASSIGNMENT_MAX_MB']} MB 的上限。")
        by_sha: dict[str, Evidence] = {}
        for tmp, size, sha, kind, name in received:
            evidence = by_sha.get(sha) or _existing(unit_id, sha)
            if evidence is None:
                evidence = Evidence(
                    unit_id=unit_id, uploader_id=getattr(user, "id", None), stored_name=storage.new_stored_name(kind),
                    original_name=name, title=title or None, content_type=CONTENT_TYPES[kind], kind=kind,
                    size=size, sha256=sha, document_date=document_date)
                db.session.add(evidence)
                new.append((tmp, evidence))
            by_sha[sha] = evidence
            if evidence not in rows:
                rows.append(evidence)
        db.session.flush()
        for tmp, evidence in new:
            moved.append(storage.move_into_place(tmp, evidence.stored_name))
    except BaseException:
        storage.discard([r[0] for r in received] + moved)
        raise
    storage.discard([r[0] for r in received])  # temporaries of reused files
    return rows, moved


def _link_of(evidence_id: int, assignment_id: int) -> EvidenceLink | None:
    return db.session.scalar(select(EvidenceLink).where(
        EvidenceLink.evidence_id == evidence_id, EvidenceLink.assignment_id == assignment_id))


def link_evidence(assignment: Assignment, user, evidence: Evidence, version: int | None) -> EvidenceLink:
    """Attach a file the unit already holds to another of its assignments (one stored copy)."""
    check_version(assignment, version)
    ensure_editable(assignment, user)
    require(user, evidence, change=True)  # its own unit's file, never one it may only read
    if _link_of(evidence.id, assignment.id) is not None:
        raise EvidenceError(f"「{evidence.original_name}」已在本任务的材料中。")
    link = _link(evidence, assignment, user, f"关联已有材料：{evidence.original_name}")
    touch_assignment(assignment, user)
    return link


def unlink_evidence(assignment: Assignment, user, link: EvidenceLink, version: int | None) -> None:
    """Remove a file from this assignment only; the file stays in the unit's library and other links."""
    check_version(assignment, version)
    ensure_editable(assignment, user)
    if link.assignment_id != assignment.id:
        raise NotFound()  # the link named is not on this assignment
    name = link.evidence.original_name
    record_event(user, "evidence.unlink", link, f"移除材料：{name}", campaign_id=assignment.task.campaign_id,
                 assignment_id=assignment.id, before={"evidence_id": link.evidence_id, "name": name})
    db.session.delete(link)
    touch_assignment(assignment, user)


def library_statement(visible):
    """The files matching `visible` (the policy's scope: a unit's own files), newest first, for pagination."""
    return select(Evidence).where(visible).order_by(Evidence.id.desc())


def links_of(evidence_ids: list[int]) -> dict[int, list[EvidenceLink]]:
    """Each file's links with their assignment and task, in one query."""
    result: dict[int, list[EvidenceLink]] = {i: [] for i in evidence_ids}
    if evidence_ids:
        stmt = (select(EvidenceLink).where(EvidenceLink.evidence_id.in_(evidence_ids))
                .options(joinedload(EvidenceLink.assignment).joinedload(Assignment.task)))
        for link in db.session.scalars(stmt):
            result[link.evidence_id].append(link)
    return result
