"""Assignment's own due date (an approved extension) for the one due-date rule

Revision ID: b7d2c1e0a9f3
Revises: 44bb83b23fc9
Create Date: 2026-12-01 22:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d2c1e0a9f3'
down_revision = '44bb83b23fc9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('due_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_column('due_on')
