"""recordings: spoken answers, their transcripts and delivery insights

Revision ID: c4e2a7d9f1b3
Revises: c4e2a7b9d1f3
Create Date: 2026-12-05 18:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c4e2a7d9f1b3'
down_revision = 'c4e2a7b9d1f3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('recordings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('mime', sa.String(length=60), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('duration_seconds', sa.Double(), nullable=True),
    sa.Column('keep', sa.Boolean(), nullable=False),
    sa.Column('audio', sa.LargeBinary(), nullable=True),
    sa.Column('transcript', sa.Text(), nullable=True),
    sa.Column('segments', sa.JSON(), nullable=True),
    sa.Column('delivery', sa.JSON(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['candidate_id'], ['users.id'], name=op.f('fk_recordings_candidate_id_users')),
    sa.ForeignKeyConstraint(['item_id'], ['session_items.id'], name=op.f('fk_recordings_item_id_session_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recordings'))
    )
    with op.batch_alter_table('recordings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recordings_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_recordings_item_id'), ['item_id'], unique=False)


def downgrade():
    with op.batch_alter_table('recordings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recordings_item_id'))
        batch_op.drop_index(batch_op.f('ix_recordings_candidate_id'))
    op.drop_table('recordings')
