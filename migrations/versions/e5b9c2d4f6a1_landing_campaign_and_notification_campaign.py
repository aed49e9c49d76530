"""Where a user lands (the campaign they last chose) and the campaign a notification is about

Revision ID: e5b9c2d4f6a1
Revises: e5b8f3c2d6a1
Create Date: 2026-12-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5b9c2d4f6a1'
down_revision = 'e5b8f3c2d6a1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_campaign_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_users_last_campaign_id_campaigns'), 'campaigns',
                                    ['last_campaign_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('campaign_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_notifications_campaign_id_campaigns'), 'campaigns',
                                    ['campaign_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_notifications_campaign_id_campaigns'), type_='foreignkey')
        batch_op.drop_column('campaign_id')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_users_last_campaign_id_campaigns'), type_='foreignkey')
        batch_op.drop_column('last_campaign_id')
