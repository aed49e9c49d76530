"""Login throttles: failed logins per client address and per unknown username

Revision ID: b3e6a9d2c4f8
Revises: a8d1f0c3b5e7
Create Date: 2026-12-02 01:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3e6a9d2c4f8'
down_revision = 'a8d1f0c3b5e7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'login_throttles',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=120), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('window_start', sa.DateTime(), nullable=False),
        sa.Column('locked_until', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_login_throttles')),
        sa.UniqueConstraint('key', name=op.f('uq_login_throttles_key')),
    )


def downgrade():
    op.drop_table('login_throttles')
