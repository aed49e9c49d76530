"""发文登记 (document numbers per 机关代字 and year) and the office's red-header template

Revision ID: 0ca1c23dc962
Revises: ed50a77f643e
Create Date: 2026-12-02 01:04:48.277219

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql


# revision identifiers, used by Alembic.
revision = '0ca1c23dc962'
down_revision = 'ed50a77f643e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('register_counters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('prefix', sa.String(length=30), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.CheckConstraint('last >= 0', name=op.f('ck_register_counters_last_nonnegative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_register_counters')),
    sa.UniqueConstraint('prefix', 'year', name=op.f('uq_register_counters_prefix_year'))
    )
    op.create_table('register_prefixes',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('prefix', sa.String(length=30), nullable=False),
    sa.CheckConstraint("kind IN ('circular', 'notice', 'urge', 'item')", name=op.f('ck_register_prefixes_kind')),
    sa.PrimaryKeyConstraint('kind', name=op.f('pk_register_prefixes'))
    )
    op.create_table('letterheads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slot', sa.String(length=20), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary().with_variant(mysql.MEDIUMBLOB(), 'mysql', 'mariadb'), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_letterheads_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letterheads')),
    sa.UniqueConstraint('slot', name=op.f('uq_letterheads_slot'))
    )
    op.create_table('register_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('prefix', sa.String(length=30), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('serial', sa.Integer(), nullable=False),
    sa.Column('number_text', sa.String(length=60), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('circular', 'notice', 'urge', 'item')", name=op.f('ck_register_entries_kind')),
    sa.CheckConstraint('serial > 0', name=op.f('ck_register_entries_serial_positive')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_register_entries_campaign_id_campaigns'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_register_entries_issued_by_id_users')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_register_entries_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_register_entries')),
    sa.UniqueConstraint('number_text', name=op.f('uq_register_entries_number_text')),
    sa.UniqueConstraint('prefix', 'year', 'serial', name=op.f('uq_register_entries_prefix_year_serial'))
    )
    with op.batch_alter_table('register_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_register_entries_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_register_entries_kind'), ['kind'], unique=False)

    with op.batch_alter_table('circulars', schema=None) as batch_op:
        batch_op.add_column(sa.Column('register_entry_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_circulars_register_entry_id'), ['register_entry_id'])
        batch_op.create_foreign_key(batch_op.f('fk_circulars_register_entry_id_register_entries'), 'register_entries', ['register_entry_id'], ['id'])



def downgrade():
    with op.batch_alter_table('circulars', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_circulars_register_entry_id_register_entries'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_circulars_register_entry_id'), type_='unique')
        batch_op.drop_column('register_entry_id')

    with op.batch_alter_table('register_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_register_entries_kind'))
        batch_op.drop_index(batch_op.f('ix_register_entries_campaign_id'))

    op.drop_table('register_entries')
    op.drop_table('letterheads')
    op.drop_table('register_prefixes')
    op.drop_table('register_counters')
