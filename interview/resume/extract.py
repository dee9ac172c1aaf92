"""Text from an uploaded resume (PDF, DOCX or plain text), with size and sanity limits.

Uploads are untrusted: we cap the size, refuse archives that expand suspiciously, and
turn every parser failure into one clear ResumeError instead of a stack trace.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx import Document
from pypdf import PdfReader

from .errors import ResumeError

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_DOCX_UNPACKED = 40 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".md", ".text", ".json", ""}  # .json: a JSON Resume, for import


def extract_text(filename: str, data: bytes) -> str:
    """Plain text of a resume; each PDF page ends with a form feed ("\\f")."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ResumeError(
            f"{filename} is {len(data) / 1024 / 1024:.1f} MiB; the upload limit is 2 MiB."
        )
    if not data.strip():
        raise ResumeError(f"{filename} is empty.")
    suffix = Path(filename).suffix.lower()
    if suffix == ".pdf":
        return _pdf_text(filename, data)
    if suffix == ".docx":
        return _docx_text(filename, data)
    if suffix in TEXT_SUFFIXES:
        return _plain_text(filename, data)
    if suffix == ".doc":
        raise ResumeError(f"{filename}: old Word .doc files are not supported; save it as .docx.")
    raise ResumeError(f"{filename}: unsupported file type; upload a PDF, DOCX or .txt resume.")


def _pdf_text(filename: str, data: bytes) -> str:
    if b"%PDF" not in data[:1024]:
        raise ResumeError(f"{filename} is not a PDF file.")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ResumeError(f"{filename} is password-protected; upload an unlocked copy.")
        pages = [page.extract_text() or "" for page in reader.pages]
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
    if sum(i.file_size for i in infos) > MAX_DOCX_UNPACKED:
        raise ResumeError(f"{filename} expands to more than 40 MiB; it cannot be a resume.")


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
