"""Joint-meeting bodies (a campaign of kind joint_meeting), members, liaisons, meetings; tasks name their meeting

Revision ID: ed50a77f643e
Revises: a8c4e6f1b3d7
Create Date: 2026-12-02 01:05:24.397940

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ed50a77f643e'
down_revision = 'a8c4e6f1b3d7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('joint_bodies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('office_unit_id', sa.Integer(), nullable=False),
    sa.Column('notice_number', sa.String(length=100), nullable=True),
    sa.Column('notice_date', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_joint_bodies_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['office_unit_id'], ['units.id'], name=op.f('fk_joint_bodies_office_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_joint_bodies')),
    sa.UniqueConstraint('campaign_id', name=op.f('uq_joint_bodies_campaign_id'))
    )
    op.create_table('body_conveners',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('post', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint("role IN ('convener', 'deputy')", name=op.f('ck_body_conveners_role')),
    sa.ForeignKeyConstraint(['body_id'], ['joint_bodies.id'], name=op.f('fk_body_conveners_body_id_joint_bodies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_body_conveners'))
    )
    with op.batch_alter_table('body_conveners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_body_conveners_body_id'), ['body_id'], unique=False)

    op.create_table('body_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('duty', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['joint_bodies.campaign_id'], name=op.f('fk_body_members_campaign_id_joint_bodies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_body_members_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_body_members')),
    sa.UniqueConstraint('campaign_id', 'unit_id', name=op.f('uq_body_members_campaign_id_unit_id'))
    )
    with op.batch_alter_table('body_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_body_members_unit_id'), ['unit_id'], unique=False)

    op.create_table('liaisons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('post', sa.String(length=100), nullable=False),
    sa.Column('phone', sa.String(length=50), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('since', sa.Date(), nullable=False),
    sa.Column('until', sa.Date(), nullable=True),
    sa.CheckConstraint('until IS NULL OR until >= since', name=op.f('ck_liaisons_dates_ordered')),
    sa.ForeignKeyConstraint(['member_id'], ['body_members.id'], name=op.f('fk_liaisons_member_id_body_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_liaisons'))
    )
    with op.batch_alter_table('liaisons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_liaisons_member_id'), ['member_id'], unique=False)

    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('chair', sa.String(length=100), nullable=False),
    sa.Column('agenda', sa.Text(), nullable=False),
    sa.Column('minutes', sa.Text(), nullable=False),
    sa.Column('minutes_file_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('plenary', 'liaison', 'topic')", name=op.f('ck_meetings_kind')),
    sa.ForeignKeyConstraint(['campaign_id'], ['joint_bodies.campaign_id'], name=op.f('fk_meetings_campaign_id_joint_bodies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_meetings_created_by_id_users')),
    sa.ForeignKeyConstraint(['minutes_file_id'], ['evidence.id'], name=op.f('fk_meetings_minutes_file_id_evidence'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index('ix_meetings_campaign_held_on', ['campaign_id', 'held_on'], unique=False)

    op.create_table('meeting_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_attendance_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_meeting_attendance_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_attendance')),
    sa.UniqueConstraint('meeting_id', 'unit_id', name=op.f('uq_meeting_attendance_meeting_id_unit_id'))
    )
    with op.batch_alter_table('meeting_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_attendance_unit_id'), ['unit_id'], unique=False)

    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), server_default='creation', nullable=False))
        batch_op.create_check_constraint(op.f('ck_campaigns_kind'), "kind IN ('creation', 'joint_meeting')")

    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('meeting_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_tasks_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_tasks_meeting_id_meetings'), 'meetings', ['meeting_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_tasks_meeting_id_meetings'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_tasks_meeting_id'))
        batch_op.drop_column('meeting_id')

    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_campaigns_kind'), type_='check')
        batch_op.drop_column('kind')

    with op.batch_alter_table('meeting_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_attendance_unit_id'))

    op.drop_table('meeting_attendance')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index('ix_meetings_campaign_held_on')

    op.drop_table('meetings')
    with op.batch_alter_table('liaisons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_liaisons_member_id'))

    op.drop_table('liaisons')
    with op.batch_alter_table('body_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_body_members_unit_id'))

    op.drop_table('body_members')
    with op.batch_alter_table('body_conveners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_body_conveners_body_id'))

    op.drop_table('body_conveners')
    op.drop_table('joint_bodies')
