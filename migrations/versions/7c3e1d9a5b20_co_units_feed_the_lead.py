"""Co-units feed the lead: status closed_with_lead, campaign setting, task override

- assignments.status may be 'closed_with_lead' (随牵头办结);
- campaigns.co_units_submit_separately (default false: co-units feed the lead);
- tasks.co_submission (NULL: the campaign decides; 'separate' / 'feed').

Existing campaigns take the new default. Their co-units whose lead is already approved and whose own assignment
is still open are closed with the lead, as approving the lead now does, each with an audit event; co-units that
submitted or were approved on their own keep their state. Downgrading puts those back to the status the audit
event recorded.

Revision ID: 7c3e1d9a5b20
Revises: b7d2c1e0a9f3
Create Date: 2026-11-24 10:00:00.000000

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c3e1d9a5b20'
down_revision = 'b7d2c1e0a9f3'
branch_labels = None
depends_on = None

OLD_STATUSES = "status IN ('not_started', 'in_progress', 'submitted', 'returned', 'approved')"
NEW_STATUSES = "status IN ('not_started', 'in_progress', 'submitted', 'returned', 'approved', 'closed_with_lead')"
OPEN = ('not_started', 'in_progress', 'returned')
CLOSE_ACTION = 'assignment.closed_with_lead'

assignments = sa.table(
    'assignments', sa.column('id', sa.Integer), sa.column('task_id', sa.Integer), sa.column('role', sa.String),
    sa.column('status', sa.String), sa.column('version', sa.Integer), sa.column('updated_at', sa.DateTime))
tasks = sa.table('tasks', sa.column('id', sa.Integer), sa.column('campaign_id', sa.Integer))
audit_events = sa.table(
    'audit_events', sa.column('id', sa.Integer), sa.column('created_at', sa.DateTime),
    sa.column('actor_id', sa.Integer), sa.column('action', sa.String), sa.column('object_type', sa.String),
    sa.column('object_id', sa.Integer), sa.column('campaign_id', sa.Integer),
    sa.column('assignment_id', sa.Integer), sa.column('summary', sa.Text), sa.column('before', sa.JSON),
    sa.column('after', sa.JSON))


def _now():
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _set_status_check(check: str) -> None:
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_assignments_status'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_assignments_status'), check)


def _close_co_units_of_approved_leads() -> None:
    conn = op.get_bind()
    lead = assignments.alias('lead')
    rows = conn.execute(
        sa.select(assignments.c.id, assignments.c.status, tasks.c.campaign_id, lead.c.id)
        .select_from(assignments.join(tasks, tasks.c.id == assignments.c.task_id)
                     .join(lead, (lead.c.task_id == assignments.c.task_id) & (lead.c.role == 'lead')))
        .where(assignments.c.role == 'co', assignments.c.status.in_(OPEN), lead.c.status == 'approved')
        .order_by(assignments.c.id)).all()
    now = _now()
    for assignment_id, status, campaign_id, lead_id in rows:
        conn.execute(assignments.update().where(assignments.c.id == assignment_id)
                     .values(status='closed_with_lead', version=assignments.c.version + 1, updated_at=now))
        conn.execute(audit_events.insert().values(
            created_at=now, actor_id=None, action=CLOSE_ACTION, object_type='assignments', object_id=assignment_id,
            campaign_id=campaign_id, assignment_id=assignment_id,
            summary='随牵头办结：牵头单位已审核通过（系统升级时补记）', before={'status': status},
            after={'status': 'closed_with_lead', 'transition': 'close_with_lead', 'lead_assignment_id': lead_id}))


def upgrade():
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('co_units_submit_separately', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('co_submission', sa.String(length=10), nullable=True))
        batch_op.create_check_constraint(batch_op.f('ck_tasks_co_submission'),
                                         "co_submission IN ('separate', 'feed')")
    _set_status_check(NEW_STATUSES)
    _close_co_units_of_approved_leads()


def _reopen_closed_co_units() -> None:
    """Back to the status each had before it was closed with its lead (by its latest closing event)."""
    conn = op.get_bind()
    closed = conn.execute(sa.select(assignments.c.id).where(assignments.c.status == 'closed_with_lead')).scalars()
    for assignment_id in list(closed):
        before = conn.execute(
            sa.select(audit_events.c.before).where(audit_events.c.assignment_id == assignment_id,
                                                   audit_events.c.action == CLOSE_ACTION)
            .order_by(audit_events.c.id.desc()).limit(1)).scalar()
        status = (before or {}).get('status') if isinstance(before, dict) else None
        conn.execute(assignments.update().where(assignments.c.id == assignment_id)
                     .values(status=status if status in OPEN else 'in_progress', version=assignments.c.version + 1))


def downgrade():
    _reopen_closed_co_units()
    _set_status_check(OLD_STATUSES)
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_tasks_co_submission'), type_='check')
        batch_op.drop_column('co_submission')
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_column('co_units_submit_separately')
