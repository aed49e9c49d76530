"""The bell's count kept on the user's row (users.unread_notifications), filled from the messages

Revision ID: b7d1e3f5a9c2
Revises: 7abb3232bb6b
Create Date: 2026-12-02 02:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d1e3f5a9c2'
down_revision = '7abb3232bb6b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unread_notifications', sa.Integer(), server_default='0', nullable=False))
    op.execute("UPDATE users SET unread_notifications = (SELECT count(*) FROM notifications"
               " WHERE notifications.user_id = users.id AND notifications.read_at IS NULL)")


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('unread_notifications')
