"""Publish an edition in one atomic step: `<site>/<province>/<year>` is a symbolic link.

The finished build is copied into a hidden generation folder beside the link,
`.<year>.gen-<hash of its content>`, then a link to it is made under a temporary name
(`.<year>.link`) and renamed over `<year>` (`os.replace`, atomic). Whoever follows
`<site>/<province>/<year>/` (a reader, a web server, the home page) always finds one
complete edition: the old one or the new one. Older generations are removed afterwards.

What an interrupted publish leaves (a partial generation, the temporary link, or the
`.incoming`/`.outgoing` folders of earlier versions of this tool, whose edition folder could
be missing) is repaired or removed by the next build of the edition, which says so
(`repair`). The generation's name depends only on its content, so two builds of the same
inputs publish the same names and bytes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
from collections.abc import Callable
from pathlib import Path

from khuyencong.core import atomic

GEN = ".gen-"
LEGACY = "legacy"  # the generation an edition folder published by an earlier version becomes
OWN = ".khuyencong-"  # the build's own bookkeeping files (stamps): rewritten, not compared
SKIPPED = (".buildinfo", ".doctrees")


def publish_dir(built: Path, target: Path, say: Callable[[str], None] = print) -> Path:
    """Make `target` a link to a complete copy of `built`, in one atomic step."""
    target.parent.mkdir(parents=True, exist_ok=True)
    repair(target, say)
    digest = tree_digest(built)
    current = _current(target)
    gen = _generation(target, digest)
    if current == gen.name and tree_digest(gen) == digest:
        _copy_own_files(built, gen)  # the same edition: only its stamps are written again
        return target
    n = 1
    while gen.name == current:  # the published copy was changed by hand: keep it until swapped
        n += 1
        gen = _generation(target, f"{digest}-{n}")
    try:
        if gen.exists():
            shutil.rmtree(gen)  # an unfinished copy of an interrupted publish
        shutil.copytree(built, gen, ignore=shutil.ignore_patterns(*SKIPPED))
        with sigint_held():
            _swap(target, gen)
    except BaseException:  # not published: the new copy and the link go
        if _current(target) != gen.name:
            shutil.rmtree(gen, ignore_errors=True)
        target.with_name(f".{target.name}.link").unlink(missing_ok=True)
        raise
    _remove_leftovers(target)
    return target


def _generation(target: Path, digest: str) -> Path:
    return target.with_name(f".{target.name}{GEN}{digest}")


def _swap(target: Path, gen: Path) -> None:
    """Point `target` at `gen`: a new link renamed over the old one. An edition folder of an
    earlier version becomes the `legacy` generation first (repair() finishes that step)."""
    if target.is_dir() and not target.is_symlink():
        os.rename(target, _generation(target, LEGACY))
    link = target.with_name(f".{target.name}.link")
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink(gen.name, link)
    os.replace(link, target)


def tree_digest(folder: Path) -> str:
    """A short hash of the names and bytes of what is published from `folder`."""
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if set(rel.parts) & set(SKIPPED) or path.name.startswith(OWN) or not path.is_file():
            continue
        body = path.read_bytes()
        h.update(rel.as_posix().encode() + b"\0" + len(body).to_bytes(8, "big") + body)
    return h.hexdigest()[:16]


def _copy_own_files(built: Path, gen: Path) -> None:
    for path in sorted(built.glob(f"{OWN}*")):
        if path.is_file():
            atomic.write_bytes(gen, gen / path.name, path.read_bytes())


def _current(target: Path) -> str | None:
    """The generation `target` links to, if it is such a link."""
    if not target.is_symlink():
        return None
    return os.readlink(target)


def _leftovers(target: Path) -> list[Path]:
    """Entries beside `target` that belong to its publishing, except the current generation."""
    name, current = target.name, _current(target)
    prefixes = (f".{name}{GEN}", f".{name}.link", f".{name}.incoming", f".{name}.outgoing")
    own = (f"{name}.incoming", f"{name}.outgoing")  # an earlier version's
    found = []
    for entry in sorted(target.parent.iterdir()) if target.parent.is_dir() else []:
        if entry.name == current:
            continue
        if entry.name.startswith(prefixes) or entry.name in own:
            found.append(entry)
    return found


def _remove_leftovers(target: Path) -> list[str]:
    removed = []
    for entry in _leftovers(target):
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
        removed.append(entry.name)
    return removed


def needs_repair(target: Path) -> bool:
    """Whether an interrupted publish left something beside `target` (one listing)."""
    return bool(_leftovers(target)) or (target.is_symlink() and not target.exists())


def repair(target: Path, say: Callable[[str], None] = print) -> None:
    """Put back the edition an interrupted publish hid, remove what it left; say so. Call
    it holding the edition's lock."""
    edition = f"{target.parent.name}/{target.name}"
    if target.is_symlink() and not target.exists():
        target.unlink()  # its generation is gone (removed by hand): nothing is published
    if not os.path.lexists(target):
        legacy = _generation(target, LEGACY)
        outgoing = target.with_name(f".{target.name}.outgoing")
        if outgoing.is_dir() and not legacy.exists():
            os.rename(outgoing, legacy)  # the old edition an earlier version had moved aside
        if legacy.is_dir():
            with sigint_held():
                _swap(target, legacy)
            say(f"Ấn phẩm {edition} bị ẩn do một lần xuất bản bị dừng giữa chừng: đã khôi phục.")
    removed = _remove_leftovers(target)
    if removed:
        say(
            f"Đã dọn phần còn sót của một lần xuất bản {edition} bị dừng giữa chừng: "
            + ", ".join(removed)
        )


class sigint_held:
    """Hold SIGINT back during the swap; it is delivered right after."""

    def __enter__(self) -> None:
        self.mask = hasattr(signal, "pthread_sigmask")
        if self.mask:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})

    def __exit__(self, *exc: object) -> None:
        if self.mask:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
