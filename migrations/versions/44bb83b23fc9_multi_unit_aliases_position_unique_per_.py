"""Multi-unit aliases: position, unique per (alias, unit)

One alias text may now stand for an ordered list of units (两办 → 区委办, 区政府办): a row per unit with its
`position`. Existing aliases keep position 0. Downgrading keeps only each alias's first unit.

Revision ID: 44bb83b23fc9
Revises: f579f9f7f67f
Create Date: 2026-11-23 17:21:45.491554

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '44bb83b23fc9'
down_revision = 'f579f9f7f67f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('unit_aliases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('position', sa.Integer(), server_default='0', nullable=False))
        batch_op.drop_constraint(batch_op.f('uq_unit_aliases_alias'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_unit_aliases_alias_unit_id'), ['alias', 'unit_id'])


def downgrade():
    # a single-unit alias table cannot hold the later units of a multi-unit alias: keep the first
    op.execute("DELETE FROM unit_aliases WHERE position > 0")
    with op.batch_alter_table('unit_aliases', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_unit_aliases_alias_unit_id'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_unit_aliases_alias'), ['alias'])
        batch_op.drop_column('position')
