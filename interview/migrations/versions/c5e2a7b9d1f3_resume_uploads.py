"""resume_uploads: uploads stored first, then read by the worker under limits

Revision ID: c5e2a7b9d1f3
Revises: c5a7e9d1f3b2
Create Date: 2026-12-05 18:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c5e2a7b9d1f3'
down_revision = 'c5a7e9d1f3b2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('resume_uploads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=True),
    sa.Column('jd', sa.Text(), nullable=False),
    sa.Column('role', sa.String(length=60), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_resume_uploads_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resume_uploads'))
    )
    with op.batch_alter_table('resume_uploads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resume_uploads_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('resume_uploads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resume_uploads_user_id'))
    op.drop_table('resume_uploads')
