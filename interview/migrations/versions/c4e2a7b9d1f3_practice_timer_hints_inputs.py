"""practice: time-up choice per user, sessions ended early, hints shown and used, own inputs for code runs

Revision ID: c4e2a7b9d1f3
Revises: c5e2a7b9d1f3
Create Date: 2026-12-05 18:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c4e2a7b9d1f3'
down_revision = 'c5e2a7b9d1f3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('on_time_up', sa.String(length=10), nullable=True))
    with op.batch_alter_table('practice_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ended_early', sa.Boolean(), nullable=True))
    with op.batch_alter_table('session_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hints_shown', sa.Integer(), nullable=True))
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hints_used', sa.Integer(), nullable=True))
    with op.batch_alter_table('code_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('inputs', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('code_runs', schema=None) as batch_op:
        batch_op.drop_column('inputs')
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.drop_column('hints_used')
    with op.batch_alter_table('session_items', schema=None) as batch_op:
        batch_op.drop_column('hints_shown')
    with op.batch_alter_table('practice_sessions', schema=None) as batch_op:
        batch_op.drop_column('ended_early')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('on_time_up')
