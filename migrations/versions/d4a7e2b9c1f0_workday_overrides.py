"""The office's working-day overrides on the official calendar

Revision ID: d4a7e2b9c1f0
Revises: c3e8f1a2b4d5
Create Date: 2026-12-01 23:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4a7e2b9c1f0'
down_revision = 'c3e8f1a2b4d5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('workday_overrides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('is_workday', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_workday_overrides_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workday_overrides')),
    sa.UniqueConstraint('day', name=op.f('uq_workday_overrides_day'))
    )


def downgrade():
    op.drop_table('workday_overrides')
