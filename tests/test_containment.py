"""LibreOffice contained: converting the báo cáo writes nothing in the user's home folder, nor
in LibreOffice's own installation, only under the build folder and the system temp folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_report import soffice_or_skip

from khuyencong.content.report.content import build_report
from khuyencong.outputs.office_pdf import XDG, contained_env, convert
from khuyencong.outputs.word import write_docx

# Where LibreOffice, run as root without containment, wrote: its shared extensions' cache
# (`share/uno_packages/cache`, a link into /var/spool/libreoffice on Debian).
INSTALLATION = [Path("/usr/lib/libreoffice"), Path("/var/spool/libreoffice")]


def tree_state(roots: list[Path]) -> dict[str, tuple[int, int, int]]:
    """Every entry under `roots` (links followed once, at the top): inode, size, mtime."""
    state = {}
    for root in roots:
        if not root.exists():
            continue
        for folder, dirs, files in os.walk(root, followlinks=True):
            for name in [*dirs, *files]:
                path = Path(folder) / name
                try:
                    st = path.lstat()
                except OSError:
                    continue
                state[str(path)] = (st.st_ino, st.st_size, st.st_mtime_ns)
    return state


def test_contained_env_moves_home_and_xdg_folders(tmp_path):
    env = contained_env(tmp_path / "home")
    home = (tmp_path / "home").resolve()
    assert env["HOME"] == str(home)
    assert {var: env[var] for var in XDG} == {
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
    }
    assert all(Path(env[var]).is_dir() for var in XDG)


@pytest.mark.slow  # LibreOffice runs
def test_libreoffice_writes_nothing_outside_the_build_folder(dataset, tmp_path, monkeypatch):
    soffice_or_skip()
    report = build_report(dataset, "son-la", 2025)
    (tmp_path / "in").mkdir()
    docx = write_docx(report, tmp_path / "in" / "son-la-2025-bao-cao.docx")
    # A fresh, empty home for this process: anything LibreOffice put in $HOME or $XDG_* shows.
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for var in XDG:
        monkeypatch.setenv(var, str(home / var.lower()))
    build = tmp_path / "_build" / "report"
    before = tree_state(INSTALLATION)
    pdf = convert(docx, build / "pdf", build / "libreoffice-profile", report.core_date)
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    assert list(home.iterdir()) == []
    assert tree_state(INSTALLATION) == before
    # All it kept is under the build folder: the PDF, its profile and its own home.
    assert sorted(p.name for p in build.iterdir()) == [
        "libreoffice-profile",
        "libreoffice-profile-home",
        "pdf",
    ]
    assert (build / "libreoffice-profile" / "user").is_dir()
