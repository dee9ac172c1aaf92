"""Text from an uploaded resume (PDF, DOCX or plain text), with size and sanity limits.

Uploads are untrusted: we cap the size, refuse archives that expand suspiciously, and
turn every parser failure into one clear ResumeError instead of a stack trace.
"""

from __future__ import annotations

import io
import resource
import subprocess  # noqa: S404 - parsing runs in a child with limits
import sys
import zipfile
import zlib
from pathlib import Path

from docx import Document
from pypdf import PdfReader

from .errors import ResumeError

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_DOCX_UNPACKED = 40 * 1024 * 1024  # bytes actually decompressed, not what the zip claims
MAX_PAGES = 20  # a resume is one to three pages; twenty leaves room for a long CV
MAX_TEXT_CHARS = 200_000  # extracted text kept at most (a long CV is ~20,000)
PARSE_SECONDS = 15  # wall time for one file, in a child process
PARSE_MEMORY_MB = 1024
TEXT_SUFFIXES = {".txt", ".md", ".text", ".json", ""}  # .json: a JSON Resume, for import


def check_upload_file(filename: str, data: bytes) -> None:
    """What can be refused before parsing: size, emptiness and the file type."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ResumeError(
            f"{filename} is {len(data) / 1024 / 1024:.1f} MiB; the upload limit is 2 MiB."
        )
    if not data.strip():
        raise ResumeError(f"{filename} is empty.")
    suffix = Path(filename).suffix.lower()
    if suffix == ".doc":
        raise ResumeError(f"{filename}: old Word .doc files are not supported; save it as .docx.")
    if suffix not in {".pdf", ".docx", *TEXT_SUFFIXES}:
        raise ResumeError(f"{filename}: unsupported file type; upload a PDF, DOCX or .txt resume.")


def extract_text(filename: str, data: bytes) -> str:
    """Plain text of a resume; each PDF page ends with a form feed ("\\f")."""
    check_upload_file(filename, data)
    suffix = Path(filename).suffix.lower()
    if suffix == ".pdf":
        return _pdf_text(filename, data)
    if suffix == ".docx":
        return _docx_text(filename, data)
    return _plain_text(filename, data)  # check_upload_file allowed only text beyond these


def _pdf_text(filename: str, data: bytes) -> str:
    if b"%PDF" not in data[:1024]:
        raise ResumeError(f"{filename} is not a PDF file.")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ResumeError(f"{filename} is password-protected; upload an unlocked copy.")
        if len(reader.pages) > MAX_PAGES:
            raise ResumeError(f"{filename} has {len(reader.pages):,} pages; a resume has at most "
                              f"{MAX_PAGES}.")
        pages = _pdf_pages(reader)
    except ResumeError:
        raise
    except Exception as exc:  # pypdf raises many types on damaged files
        raise ResumeError(f"{filename} could not be read as a PDF; it may be damaged.") from exc
    text = "".join(page + "\f" for page in pages)
    if not text.strip():
        raise ResumeError(
            f"{filename} has no selectable text (perhaps a scanned image); "
            "upload a text-based PDF or a DOCX."
        )
    return text


def _check_zip(filename: str, data: bytes) -> None:
    """A DOCX is a zip with word/document.xml; refuse anything else or a zip bomb."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise ResumeError(f"{filename} is not a valid DOCX file.") from exc
    if "word/document.xml" not in {i.filename for i in infos}:
        raise ResumeError(f"{filename} is not a Word document.")
    try:
        within = sum(i.file_size for i in infos) <= MAX_DOCX_UNPACKED and _unpacks_within(data)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise ResumeError(f"{filename} is not a valid DOCX file: its archive is damaged or "
                          "lies about its size.") from exc
    if not within:
        raise ResumeError(f"{filename} expands to more than 40 MiB; it cannot be a resume.")


def _unpacks_within(data: bytes, budget: int = MAX_DOCX_UNPACKED) -> bool:
    """Decompress every entry for real, stopping at the budget: a zip entry can lie about
    its size, so the headers alone prove nothing."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            with archive.open(info) as entry:
                while chunk := entry.read(1 << 20):
                    budget -= len(chunk)
                    if budget < 0:
                        return False
    return True


def _pdf_pages(reader: PdfReader) -> list[str]:
    """Page texts until the character budget is spent."""
    pages, total = [], 0
    for page in reader.pages:
        text = page.extract_text() or ""
        pages.append(text)
        total += len(text)
        if total > MAX_TEXT_CHARS:
            break
    return pages


def _docx_text(filename: str, data: bytes) -> str:
    _check_zip(filename, data)
    try:
        doc = Document(io.BytesIO(data))
        lines: list[str] = []
        for block in doc.iter_inner_content():
            if hasattr(block, "rows"):  # a table: ATS-unfriendly, but read it anyway
                lines += [" | ".join(c.text for c in row.cells) for row in block.rows]
            elif block.style is not None and block.style.name.startswith("List"):
                lines.append(f"• {block.text}")  # Word draws the marker: keep it as text
            else:
                lines.append(block.text)
    except Exception as exc:  # python-docx / lxml errors on damaged parts
        raise ResumeError(f"{filename} could not be read as a DOCX; it may be damaged.") from exc
    return "\n".join(lines)


def _plain_text(filename: str, data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise ResumeError(f"{filename} does not look like a text file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ResumeError(f"{filename} is not UTF-8 text; save it as UTF-8 and retry.") from exc


def extract_text_bounded(filename: str, data: bytes) -> str:
    """`extract_text` in a child process with a wall-clock and memory limit, so a hostile
    file costs at most PARSE_SECONDS of one worker thread and never a web process."""
    try:
        done = subprocess.run(  # noqa: S603 - our own module, the file name is an argument
            _parse_command(filename), input=data, capture_output=True,
            timeout=PARSE_SECONDS, check=False, preexec_fn=_child_limits)  # noqa: PLW1509 - limits only, no threads touched
    except subprocess.TimeoutExpired as exc:
        raise ResumeError(f"{filename} took too long to read; it cannot be a plain "
                          "resume.") from exc
    if done.returncode == 2:
        raise ResumeError(done.stderr.decode("utf-8", "replace").strip()[:500])
    if done.returncode != 0:
        raise ResumeError(f"{filename} could not be read within the limits.")
    return done.stdout.decode("utf-8")[:MAX_TEXT_CHARS]


def _parse_command(filename: str) -> list[str]:
    return [sys.executable, "-m", "interview.resume.extract", filename]


def _child_limits() -> None:
    limit = PARSE_MEMORY_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (PARSE_SECONDS, PARSE_SECONDS + 1))


def _main() -> int:
    """`python -m interview.resume.extract NAME < FILE`: text on stdout, or the reason on
    stderr with exit status 2."""
    try:
        sys.stdout.write(extract_text(sys.argv[1], sys.stdin.buffer.read()))
    except ResumeError as exc:
        sys.stderr.write(str(exc))
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(_main())
