"""进展报送: the day a progress cycle was switched on (no period that began before it is asked)

Revision ID: b3d5f7a9c1e2
Revises: a80c119f0771
Create Date: 2026-12-02 14:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3d5f7a9c1e2'
down_revision = 'a80c119f0771'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('progress_cadences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('starts_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('progress_cadences', schema=None) as batch_op:
        batch_op.drop_column('starts_on')
