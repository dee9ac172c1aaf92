"""gunicorn entry point: `gunicorn wsgi:app`."""

from interview import create_app

app = create_app()
