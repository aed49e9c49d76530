"""Campaign figures token (cache invalidation) and indexes for the lists and counts pages filter on

Revision ID: c4e8a1f2d3b5
Revises: d4a7e2b9c1f0
Create Date: 2026-12-01 23:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e8a1f2d3b5'
down_revision = 'd4a7e2b9c1f0'
branch_labels = None
depends_on = None

# (table, old single-column index, its column, new index, its columns): the new one leads with the old column,
# so it is created first (MariaDB keeps an index on every foreign key)
INDEXES = [
    ('assignments', 'ix_assignments_status', 'status', 'ix_assignments_status_submitted_at', ['status', 'submitted_at']),
    ('tasks', 'ix_tasks_campaign_id', 'campaign_id', 'ix_tasks_campaign_sequence', ['campaign_id', 'sequence']),
    ('audit_events', 'ix_audit_events_campaign_id', 'campaign_id', 'ix_audit_events_campaign_created',
     ['campaign_id', 'created_at']),
    ('notifications', 'ix_notifications_user_id', 'user_id', 'ix_notifications_user_read', ['user_id', 'read_at']),
]


def upgrade():
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('figures_token', sa.BigInteger(), server_default='0', nullable=False))
    for table, old, _, new, columns in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(new, columns, unique=False)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(old)


def downgrade():
    for table, old, column, new, _ in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(old, [column], unique=False)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(new)
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_column('figures_token')
