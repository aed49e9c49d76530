"""延期申请: a unit asks for a later due date, the office approves or refuses; one pending request per assignment

Revision ID: b3d8f1a6c2e7
Revises: a1c7e2d9b4f3
Create Date: 2026-12-02 01:14:12.653400

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3d8f1a6c2e7'
down_revision = 'a1c7e2d9b4f3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('extension_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('original_due', sa.Date(), nullable=False),
    sa.Column('new_due', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('pending_marker', sa.Integer(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=False),
    sa.CheckConstraint("(pending_marker IS NULL) = (status <> 'pending')", name=op.f('ck_extension_requests_pending_iff_marker')),
    sa.CheckConstraint("status IN ('pending', 'approved', 'refused')", name=op.f('ck_extension_requests_status')),
    sa.CheckConstraint('new_due > original_due', name=op.f('ck_extension_requests_later_date')),
    sa.CheckConstraint('pending_marker IS NULL OR pending_marker = 1', name=op.f('ck_extension_requests_pending_marker')),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_extension_requests_assignment_id_assignments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_extension_requests_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_extension_requests_requested_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_extension_requests')),
    sa.UniqueConstraint('assignment_id', 'pending_marker', name=op.f('uq_extension_requests_assignment_id_pending_marker'))
    )
    with op.batch_alter_table('extension_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_extension_requests_assignment_id'), ['assignment_id'], unique=False)



def downgrade():
    with op.batch_alter_table('extension_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_extension_requests_assignment_id'))

    op.drop_table('extension_requests')
