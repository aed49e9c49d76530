"""Progress cycles that ask only for what changed: a campaign's cycle, the reminders sent, and "无变化" updates

Revision ID: c6e2a9d4f8b1
Revises: b3e6a9d2c4f8
Create Date: 2026-12-02 01:53:25.887465

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c6e2a9d4f8b1'
down_revision = 'b3e6a9d2c4f8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cycle_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=10), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('assignments', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_cycle_reminders_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_cycle_reminders_unit_id_units'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cycle_reminders')),
    sa.UniqueConstraint('campaign_id', 'period', 'unit_id', name=op.f('uq_cycle_reminders_campaign_id_period_unit_id'))
    )
    with op.batch_alter_table('cycle_reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cycle_reminders_unit_id'), ['unit_id'], unique=False)

    op.create_table('progress_cadences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('day', sa.Integer(), nullable=False),
    sa.Column('min_interval_days', sa.Integer(), nullable=False),
    sa.Column('remind_days', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("(kind = 'monthly' AND day BETWEEN 1 AND 28) OR (kind = 'weekly' AND day BETWEEN 0 AND 6)", name=op.f('ck_progress_cadences_day_range')),
    sa.CheckConstraint("kind IN ('monthly', 'weekly')", name=op.f('ck_progress_cadences_kind')),
    sa.CheckConstraint('min_interval_days BETWEEN 0 AND 90', name=op.f('ck_progress_cadences_cap_range')),
    sa.CheckConstraint('remind_days BETWEEN 0 AND 10', name=op.f('ck_progress_cadences_remind_range')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_progress_cadences_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_cadences')),
    sa.UniqueConstraint('campaign_id', name=op.f('uq_progress_cadences_campaign_id'))
    )
    with op.batch_alter_table('progress_updates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('no_change', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade():
    with op.batch_alter_table('progress_updates', schema=None) as batch_op:
        batch_op.drop_column('no_change')

    op.drop_table('progress_cadences')
    with op.batch_alter_table('cycle_reminders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cycle_reminders_unit_id'))

    op.drop_table('cycle_reminders')
