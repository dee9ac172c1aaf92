"""gunicorn target for the flaskr reference app (see bench/flaskr_ref.py)."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "out" / "flaskr"))

from flaskr import create_app  # noqa: E402 - the path above makes it importable

app = create_app({"DATABASE": os.environ["FLASKR_DATABASE"], "SECRET_KEY": "bench-only"})
