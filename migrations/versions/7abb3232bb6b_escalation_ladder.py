"""督办升级: the escalation ladder per campaign, the steps each assignment took, pauses, 通报批评 proposals, a unit's 分管领导

Revision ID: 7abb3232bb6b
Revises: 0ca1c23dc962
Create Date: 2026-12-02 01:38:56.775665

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7abb3232bb6b'
down_revision = '0ca1c23dc962'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('escalation_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('trigger_kind', sa.String(length=20), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('remind', sa.Boolean(), nullable=False),
    sa.Column('urge_notice', sa.Boolean(), nullable=False),
    sa.Column('propose_criticism', sa.Boolean(), nullable=False),
    sa.Column('issue_notice', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("trigger_kind IN ('before_due', 'day_after', 'overdue')", name=op.f('ck_escalation_steps_trigger_kind')),
    sa.CheckConstraint('days >= 0 AND days <= 60', name=op.f('ck_escalation_steps_days_range')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_escalation_steps_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_escalation_steps')),
    sa.UniqueConstraint('campaign_id', 'trigger_kind', 'days', name=op.f('uq_escalation_steps_campaign_id_trigger_kind_days'))
    )
    with op.batch_alter_table('escalation_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_escalation_steps_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('criticism_proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('proposed_on', sa.Date(), nullable=False),
    sa.Column('circular_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_criticism_proposals_assignment_id_assignments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_criticism_proposals_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['circular_id'], ['circulars.id'], name=op.f('fk_criticism_proposals_circular_id_circulars'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_criticism_proposals_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criticism_proposals'))
    )
    with op.batch_alter_table('criticism_proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_criticism_proposals_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('escalation_pauses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('paused_by_id', sa.Integer(), nullable=True),
    sa.Column('paused_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_escalation_pauses_assignment_id_assignments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['paused_by_id'], ['users.id'], name=op.f('fk_escalation_pauses_paused_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_escalation_pauses')),
    sa.UniqueConstraint('assignment_id', name=op.f('uq_escalation_pauses_assignment_id'))
    )
    op.create_table('escalation_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.Integer(), nullable=False),
    sa.Column('fired_on', sa.Date(), nullable=False),
    sa.Column('skipped', sa.Boolean(), nullable=False),
    sa.Column('chase_id', sa.Integer(), nullable=True),
    sa.Column('notice_entry_id', sa.Integer(), nullable=True),
    sa.Column('urge_entry_id', sa.Integer(), nullable=True),
    sa.Column('snapshot', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_escalation_records_assignment_id_assignments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['chase_id'], ['chases.id'], name=op.f('fk_escalation_records_chase_id_chases'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['notice_entry_id'], ['register_entries.id'], name=op.f('fk_escalation_records_notice_entry_id_register_entries')),
    sa.ForeignKeyConstraint(['step_id'], ['escalation_steps.id'], name=op.f('fk_escalation_records_step_id_escalation_steps'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['urge_entry_id'], ['register_entries.id'], name=op.f('fk_escalation_records_urge_entry_id_register_entries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_escalation_records')),
    sa.UniqueConstraint('assignment_id', 'step_id', name=op.f('uq_escalation_records_assignment_id_step_id'))
    )
    with op.batch_alter_table('escalation_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_escalation_records_assignment_id'), ['assignment_id'], unique=False)

    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('leader_in_charge', sa.String(length=100), nullable=True))



def downgrade():
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_column('leader_in_charge')

    with op.batch_alter_table('escalation_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_escalation_records_assignment_id'))

    op.drop_table('escalation_records')
    op.drop_table('escalation_pauses')
    with op.batch_alter_table('criticism_proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_criticism_proposals_campaign_id'))

    op.drop_table('criticism_proposals')
    with op.batch_alter_table('escalation_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_escalation_steps_campaign_id'))

    op.drop_table('escalation_steps')
