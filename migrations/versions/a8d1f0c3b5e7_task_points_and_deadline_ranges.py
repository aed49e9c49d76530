"""Tasks: 分值 at most 99999.99 (and finite), 完成时限 between 1990 and 2100, as CHECKs behind the parser

Rows stored before the parser refused them (an Infinity 分值 on SQLite, a NaN on PostgreSQL, a deadline of
0001-01-01) are cleared first, so the constraint can be added; the deadline's text is kept.

Revision ID: a8d1f0c3b5e7
Revises: b7d1e3f5a9c2
Create Date: 2026-12-02 01:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a8d1f0c3b5e7'
down_revision = 'b7d1e3f5a9c2'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE tasks SET points = NULL WHERE points IS NOT NULL AND NOT (points >= 0 AND points <= 99999.99)")
    op.execute("UPDATE tasks SET deadline = NULL WHERE deadline IS NOT NULL "
               "AND NOT (deadline >= '1990-01-01' AND deadline <= '2100-12-31')")
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_check_constraint('points_max', "points IS NULL OR points <= 99999.99")
        batch_op.create_check_constraint(
            'deadline_range', "deadline IS NULL OR (deadline >= '1990-01-01' AND deadline <= '2100-12-31')")


def downgrade():
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_constraint('deadline_range', type_='check')
        batch_op.drop_constraint('points_max', type_='check')
