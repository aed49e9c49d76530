"""亮灯: per-campaign thresholds and each assignment's light per month

Revision ID: e5b8f3c2d6a1
Revises: c4e8a1f2d3b5
Create Date: 2026-12-01 23:25:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5b8f3c2d6a1'
down_revision = 'c4e8a1f2d3b5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('light_yellow_workdays', sa.Integer(), server_default='5', nullable=False))
        batch_op.add_column(sa.Column('light_yellow_due_soon', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.create_check_constraint(
            op.f('ck_campaigns_light_yellow_range'), 'light_yellow_workdays >= 0 AND light_yellow_workdays <= 60')
    op.create_table('light_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('light', sa.String(length=10), nullable=False),
    sa.Column('worst', sa.String(length=10), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.CheckConstraint("light IN ('red', 'yellow', 'green')", name=op.f('ck_light_records_light')),
    sa.CheckConstraint("worst IN ('red', 'yellow', 'green')", name=op.f('ck_light_records_worst')),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_light_records_assignment_id_assignments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_light_records')),
    sa.UniqueConstraint('assignment_id', 'period', name=op.f('uq_light_records_assignment_id_period'))
    )
    with op.batch_alter_table('light_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_light_records_assignment_id'), ['assignment_id'], unique=False)


def downgrade():
    with op.batch_alter_table('light_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_light_records_assignment_id'))
    op.drop_table('light_records')
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_campaigns_light_yellow_range'), type_='check')
        batch_op.drop_column('light_yellow_due_soon')
        batch_op.drop_column('light_yellow_workdays')
