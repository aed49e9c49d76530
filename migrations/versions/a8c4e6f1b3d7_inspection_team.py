"""督查组: who inspected, beside the 被督查单位

Revision ID: a8c4e6f1b3d7
Revises: b3d8f1a6c2e7
Create Date: 2026-12-02 01:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a8c4e6f1b3d7'
down_revision = 'b3d8f1a6c2e7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('team', sa.Text(), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.drop_column('team')
