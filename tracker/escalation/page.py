"""The ladder as an assignment's page shows it: the 督办单 and 催办通知书 its steps issued, and — for the office —
its current step, next step and pause. Loaded with the assignment itself (`page_options`), read without a query.

Who sees it is the visibility policy's (tracker/assignments/visibility.py, 督办升级 step taken): the page is the
assignment's, which a unit opens only when it is its own, and the documents are those of this assignment.
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import joinedload

from tracker.assignments.models import Assignment
from tracker.assignments.states import owes_work
from tracker.campaigns.models import Campaign
from tracker.escalation.items import LadderState, state_of
from tracker.escalation.models import EscalationRecord
from tracker.escalation.services import default_steps
from tracker.tasks.models import Task

URGE_LABEL = "催办通知书"


@dataclass(frozen=True)
class LadderDocument:
    """One document a step sent the unit: its 文号, what it is (its colour named), its date and its step."""

    record_id: int
    which: str  # 'notice' (the 督办单) or 'urge' (the 催办通知书): the download's name
    number: str
    label: str
    colour: str | None  # blue / yellow / red for a 督办单
    issued_on: date
    step: str


@dataclass(frozen=True)
class AssignmentLadder:
    documents: list[LadderDocument]
    state: LadderState
    owed: bool  # the unit still owes the work: the ladder applies to it (services.owed_assignments' rule)

    @property
    def shown(self) -> bool:
        """Whether the office has anything to see: an item the ladder walks, a step taken, or a pause."""
        return self.owed or bool(self.documents) or self.state.current is not None or self.state.pause is not None


def page_options() -> tuple:
    """Loader options for the assignment's query: its records with their steps and register entries, its pause,
    its campaign's steps — joined, so the page sends no statement more."""
    records = joinedload(Assignment.escalation_records)
    return (records.joinedload(EscalationRecord.step), records.joinedload(EscalationRecord.notice_entry),
            records.joinedload(EscalationRecord.urge_entry), joinedload(Assignment.escalation_pause),
            joinedload(Assignment.task).joinedload(Task.campaign).joinedload(Campaign.escalation_steps))


def ladder_of(a: Assignment) -> AssignmentLadder:
    """The assignment's ladder documents, newest first, and its state (loaded by `page_options`)."""
    documents = []
    for r in a.escalation_records:
        if r.notice_entry is not None:
            documents.append(LadderDocument(r.id, "notice", r.notice_entry.number_text, r.step.colour.label,
                                            r.step.colour.value, r.notice_entry.issued_on, r.step.label))
        if r.urge_entry is not None:
            documents.append(LadderDocument(r.id, "urge", r.urge_entry.number_text, URGE_LABEL, None,
                                            r.urge_entry.issued_on, r.step.label))
    documents.sort(key=lambda d: (d.issued_on, d.record_id, d.which == "notice"), reverse=True)
    steps = list(a.task.campaign.escalation_steps) or default_steps(a.task.campaign)
    return AssignmentLadder(documents, state_of(list(a.escalation_records), steps, a.escalation_pause), owes_work(a))
