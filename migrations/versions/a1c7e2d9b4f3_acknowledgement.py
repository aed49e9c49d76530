"""签收: when a unit acknowledged an assignment, the per-campaign limit, and the flags of late ones

Existing assignments count as acknowledged when they were created, so old data and the demo are not all
flagged at once.

Revision ID: a1c7e2d9b4f3
Revises: 4d35c66f9915
Create Date: 2026-12-02 01:03:07.095356

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1c7e2d9b4f3'
down_revision = '4d35c66f9915'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ack_flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('ack_due', sa.Date(), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('closed_on IS NULL OR closed_on >= opened_on', name=op.f('ck_ack_flags_closed_after_opened')),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_ack_flags_assignment_id_assignments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ack_flags')),
    sa.UniqueConstraint('assignment_id', name=op.f('uq_ack_flags_assignment_id'))
    )
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('acknowledged_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('acknowledged_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_assignments_acknowledged_by_id_users'), 'users', ['acknowledged_by_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ack_workdays', sa.Integer(), server_default='2', nullable=False))
        batch_op.create_check_constraint(op.f('ck_campaigns_ack_workdays_range'), 'ack_workdays >= 0 AND ack_workdays <= 30')

    # what existed before 签收 counts as acknowledged (at its creation)
    op.execute("UPDATE assignments SET acknowledged_at = created_at WHERE acknowledged_at IS NULL")



def downgrade():
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_campaigns_ack_workdays_range'), type_='check')
        batch_op.drop_column('ack_workdays')

    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_assignments_acknowledged_by_id_users'), type_='foreignkey')
        batch_op.drop_column('acknowledged_by_id')
        batch_op.drop_column('acknowledged_at')

    op.drop_table('ack_flags')
