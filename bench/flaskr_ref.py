"""pallets' flaskr tutorial app as the reference "real small app" for the page benchmark.

Its code ships in Flask's source distribution (examples/tutorial). `ensure()` downloads the
sdist of the installed Flask with pip, unpacks flaskr into bench/out/ (ignored by git: its
code is never committed) and gives it a database with one author and 20 posts;
bench/flaskr_wsgi.py serves it under the same gunicorn settings as the app.
"""

from __future__ import annotations

import importlib.metadata
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
HOME = OUT / "flaskr"  # holds the package folder flaskr/
POSTS = 20


def ensure(database: Path) -> Path:
    """flaskr unpacked (once) and a fresh database of 20 posts at `database`."""
    if not (HOME / "flaskr" / "__init__.py").exists():
        fetch()
    seed(database)
    return database


def fetch() -> None:
    version = importlib.metadata.version("flask")
    download = OUT / "dl"
    download.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-binary", ":all:",  # noqa: S603
                    "--no-deps", f"flask=={version}", "-d", str(download)], check=True,
                   timeout=300)
    sdist = next(download.glob(f"[fF]lask-{version}.tar.gz"))
    prefix = f"{sdist.name.removesuffix('.tar.gz')}/examples/tutorial/flaskr/"
    with tarfile.open(sdist) as tar:
        members = [m for m in tar.getmembers() if m.name.startswith(prefix) and m.isfile()]
        if not members:
            raise RuntimeError(f"{sdist.name} has no examples/tutorial/flaskr")
        shutil.rmtree(HOME, ignore_errors=True)
        for member in members:
            target = HOME / "flaskr" / member.name.removeprefix(prefix)
            target.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            if source is not None:
                target.write_bytes(source.read())


def seed(database: Path) -> None:
    schema = (HOME / "flaskr" / "schema.sql").read_text()
    database.unlink(missing_ok=True)
    with sqlite3.connect(database) as conn:
        conn.executescript(schema)
        conn.execute("INSERT INTO user (username, password) VALUES ('author', 'not-a-hash')")
        for n in range(POSTS):
            conn.execute("INSERT INTO post (author_id, title, body) VALUES (1, ?, ?)",
                         (f"Post {n + 1}: notes on feature stores",
                          "Offline and online features must agree; a point-in-time join keeps "
                          "labels from leaking into training data. " * 3))
