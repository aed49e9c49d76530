"""Target indicators: milestones, responsible units, reported values with their files, behind-flags per gate

Revision ID: 914ee90424b9
Revises: 7c3e1d9a5b20
Create Date: 2026-12-01 22:38:27.957948

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '914ee90424b9'
down_revision = '7c3e1d9a5b20'
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('indicators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('measure', sa.String(length=20), nullable=False),
    sa.Column('direction', sa.String(length=10), nullable=False),
    sa.Column('baseline', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('formula', sa.Text(), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("direction IN ('at_least', 'at_most')", name=op.f('ck_indicators_direction')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_indicators_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicators')),
    sa.UniqueConstraint('campaign_id', 'name', name=op.f('uq_indicators_campaign_id_name'))
    )
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicators_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('indicator_flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('gate', sa.String(length=20), nullable=False),
    sa.Column('gate_on', sa.Date(), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("gate IN ('self_assessment', 'acceptance')", name=op.f('ck_indicator_flags_gate')),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'], name=op.f('fk_indicator_flags_indicator_id_indicators'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_flags')),
    sa.UniqueConstraint('indicator_id', 'gate', name=op.f('uq_indicator_flags_indicator_id_gate'))
    )
    op.create_table('indicator_milestones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('target', sa.Numeric(precision=18, scale=4), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'], name=op.f('fk_indicator_milestones_indicator_id_indicators'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_milestones')),
    sa.UniqueConstraint('indicator_id', 'due_on', name=op.f('uq_indicator_milestones_indicator_id_due_on'))
    )
    with op.batch_alter_table('indicator_milestones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_milestones_indicator_id'), ['indicator_id'], unique=False)

    op.create_table('indicator_units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'], name=op.f('fk_indicator_units_indicator_id_indicators'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_indicator_units_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_units')),
    sa.UniqueConstraint('indicator_id', 'unit_id', name=op.f('uq_indicator_units_indicator_id_unit_id'))
    )
    with op.batch_alter_table('indicator_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_units_unit_id'), ['unit_id'], unique=False)

    op.create_table('indicator_values',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Numeric(precision=18, scale=4), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('reported_by_id', sa.Integer(), nullable=True),
    sa.Column('reported_at', sa.DateTime(), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status <> 'returned' OR reason <> ''", name=op.f('ck_indicator_values_returned_has_reason')),
    sa.CheckConstraint("status IN ('submitted', 'approved', 'returned')", name=op.f('ck_indicator_values_status')),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'], name=op.f('fk_indicator_values_indicator_id_indicators'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reported_by_id'], ['users.id'], name=op.f('fk_indicator_values_reported_by_id_users')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_indicator_values_reviewed_by_id_users')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_indicator_values_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_values'))
    )
    with op.batch_alter_table('indicator_values', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_values_indicator_id'), ['indicator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_indicator_values_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_indicator_values_unit_id'), ['unit_id'], unique=False)

    op.create_table('indicator_value_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('value_id', sa.Integer(), nullable=False),
    sa.Column('evidence_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['evidence_id'], ['evidence.id'], name=op.f('fk_indicator_value_evidence_evidence_id_evidence'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['value_id'], ['indicator_values.id'], name=op.f('fk_indicator_value_evidence_value_id_indicator_values'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_value_evidence')),
    sa.UniqueConstraint('value_id', 'evidence_id', name=op.f('uq_indicator_value_evidence_value_id_evidence_id'))
    )
    with op.batch_alter_table('indicator_value_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_value_evidence_evidence_id'), ['evidence_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_indicator_value_evidence_value_id'), ['value_id'], unique=False)




def downgrade():

    with op.batch_alter_table('indicator_value_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_value_evidence_value_id'))
        batch_op.drop_index(batch_op.f('ix_indicator_value_evidence_evidence_id'))

    op.drop_table('indicator_value_evidence')
    with op.batch_alter_table('indicator_values', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_values_unit_id'))
        batch_op.drop_index(batch_op.f('ix_indicator_values_status'))
        batch_op.drop_index(batch_op.f('ix_indicator_values_indicator_id'))

    op.drop_table('indicator_values')
    with op.batch_alter_table('indicator_units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_units_unit_id'))

    op.drop_table('indicator_units')
    with op.batch_alter_table('indicator_milestones', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_milestones_indicator_id'))

    op.drop_table('indicator_milestones')
    op.drop_table('indicator_flags')
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicators_campaign_id'))

    op.drop_table('indicators')

