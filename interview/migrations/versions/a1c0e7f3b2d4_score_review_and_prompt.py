"""scores: the scorer's total beside the reviewed one, and the judge's prompt version

Revision ID: a1c0e7f3b2d4
Revises: 802eb20ec4b1
Create Date: 2026-12-05 17:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'a1c0e7f3b2d4'
down_revision = '802eb20ec4b1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('scores', schema=None) as batch_op:
        batch_op.add_column(sa.Column('automatic_total', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('prompt_version', sa.String(length=40), nullable=True))


def downgrade():
    with op.batch_alter_table('scores', schema=None) as batch_op:
        batch_op.drop_column('prompt_version')
        batch_op.drop_column('automatic_total')
