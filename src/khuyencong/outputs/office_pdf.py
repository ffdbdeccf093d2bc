"""Print the report's Word file to PDF with LibreOffice headless (Writer).

LibreOffice runs contained under `_build`: its user installation (profile), and `HOME`,
`XDG_CONFIG_HOME`, `XDG_CACHE_HOME`, `XDG_DATA_HOME` pointing beside it, so it writes nothing
in the user's home folder (its `~/.cache`, `~/.config`) nor anywhere else outside `_build`
and the system temporary folder.
It stamps the PDF with the conversion time and a random file ID: both are replaced, byte
for byte, by values derived from the report, so the same report gives the same PDF.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

from khuyencong.core.timing import timed
from khuyencong.errors import RenderError

_CREATED = re.compile(rb"/CreationDate\s*\(D:(\d{14})([^)]*)\)")
_MODIFIED = re.compile(rb"/ModDate\s*\(D:(\d{14})([^)]*)\)")
# The converter's own name (Creator, Producer) in the document information: blanked.
_TOOL = re.compile(rb"/(?:Creator|Producer)\s*(?:<[0-9A-Fa-f]*>|\((?:[^()\\]|\\.)*\))")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise RenderError(
            "Không tìm thấy LibreOffice (soffice) để in báo cáo ra PDF; cài gói "
            "libreoffice-writer-nogui (make system)."
        )
    return exe


XDG = {"XDG_CONFIG_HOME": ".config", "XDG_CACHE_HOME": ".cache", "XDG_DATA_HOME": ".local/share"}


def contained_env(home: Path) -> dict[str, str]:
    """The environment LibreOffice runs in: this process's, with its home and XDG folders
    moved under `home` (created), so nothing is written in the user's own."""
    home = home.resolve()
    env = dict(os.environ, HOME=str(home))
    for var, sub in XDG.items():
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / sub)
    return env


# The command's LibreOffice listener, when it has one (set by office_warm.office_session):
# `convert` prints through it (True) or, when it cannot (False), starts LibreOffice itself.
WARM: Callable[[Path, Path], bool] | None = None


@timed("LibreOffice")
def convert(docx: Path, outdir: Path, profile: Path, when: date | None) -> Path:
    """`<outdir>/<docx stem>.pdf` from the Word file; dated `when` (the issue date, never the
    build date), undated when `when` is None.

    Through the command's listener (`WARM`) when there is one; else by one LibreOffice
    started for this file, whose user installation is `profile` (its home `<profile>-home`)."""
    outdir.mkdir(parents=True, exist_ok=True)
    pdf = outdir / f"{docx.stem}.pdf"
    warm = WARM
    if warm is None or not warm(docx, pdf):
        one_shot(docx, outdir, profile)
    pdf.write_bytes(stabilise(pdf.read_bytes(), when))
    return pdf


def one_shot(docx: Path, outdir: Path, profile: Path) -> Path:
    """`<outdir>/<docx stem>.pdf` as LibreOffice writes it (not yet stabilised), by one
    `soffice --convert-to` started for it."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile.mkdir(parents=True, exist_ok=True)
    env = contained_env(profile.with_name(profile.name + "-home"))
    cmd = [
        soffice(),
        "--headless",
        "--norestore",
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        # The shared extensions' cache (else /usr/lib/libreoffice/share/uno_packages/cache).
        f"-env:UNO_SHARED_PACKAGES_CACHE={(profile.resolve() / 'shared-packages').as_uri()}",
        "--convert-to",
        "pdf:writer_pdf_Export",
        "--outdir",
        str(outdir),
        str(docx),
    ]
    pdf = outdir / f"{docx.stem}.pdf"
    pdf.unlink(missing_ok=True)  # not mistaken for this conversion's when it fails
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env)
    if proc.returncode != 0 or not pdf.is_file():
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["(không có thông báo)"]
        raise RenderError(f"LibreOffice không in được báo cáo {docx.name} ra PDF: {detail[0]}")
    return pdf


def stabilise(raw: bytes, when: date | None) -> bytes:
    """Replace the conversion time (by `when`, or by spaces when there is none) and the random
    /ID with fixed values of the same length, and the converter's name with spaces (the
    cross-reference offsets stay valid)."""
    if when is None:
        raw = _CREATED.sub(lambda m: b" " * len(m[0]), raw)
        raw = _MODIFIED.sub(lambda m: b" " * len(m[0]), raw)
    else:
        stamp = when.strftime("%Y%m%d000000").encode()
        raw = _CREATED.sub(lambda m: m[0].replace(m[1], stamp), raw)
        raw = _MODIFIED.sub(lambda m: m[0].replace(m[1], stamp), raw)
    raw = _TOOL.sub(lambda m: b" " * len(m[0]), raw)  # whitespace: offsets unchanged
    raw = _CHECKSUM.sub(lambda m: m[0].replace(m[1], b"0" * len(m[1])), raw)
    blank = _ID.sub(
        lambda m: m[0].replace(m[1], b"0" * len(m[1])).replace(m[2], b"0" * len(m[2])), raw
    )
    digest = hashlib.md5(blank).hexdigest().upper().encode()
    raw = _ID.sub(
        lambda m: m[0].replace(m[1], digest[: len(m[1])]).replace(m[2], digest[: len(m[2])]), raw
    )
    return _CHECKSUM.sub(lambda m: m[0].replace(m[1], digest[: len(m[1])]), raw)
