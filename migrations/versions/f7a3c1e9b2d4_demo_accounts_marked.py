"""Demo accounts are marked: only they carry the published demo password (tracker demo --logins)

Revision ID: f7a3c1e9b2d4
Revises: e5b9c2d4f6a1
Create Date: 2026-12-02 11:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f7a3c1e9b2d4'
down_revision = 'e5b9c2d4f6a1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('demo', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('demo')
