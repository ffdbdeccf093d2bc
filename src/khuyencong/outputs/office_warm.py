"""One LibreOffice listener per command, shared by every báo cáo the command prints to PDF.

A one-shot `soffice --convert-to pdf` pays LibreOffice's start-up (about 1 s) for each
report; a `publish` of many editions paid it once per edition. Here a command opens
`office_session` once (the command line does, around `build` and `publish`);
office_pdf.convert prints every report through its listener, started by the first report
that needs printing (beside Sphinx; a report whose Word bytes did not change is not printed
again, so a rebuild starts no LibreOffice), or earlier by `warm_up`. At the end of the command, on an error or on Ctrl-C, the listener and its
bridge are shut down (`OfficeConverter.close`); if the command dies, the bridge sees its
input end and terminates LibreOffice itself.

The listener is `soffice --accept=pipe,…` contained like the one-shot conversion
(office_pdf.contained_env, profile and home under `_build/office/`), driven through UNO by
`office_bridge.py`, which runs with the system Python that has `uno` (Debian's
python3-uno; the project's own Python cannot import it). Its profile is reused between
commands (a used profile starts faster) and locked while in use: a second command at the
same time takes the next free profile.

When that Python or its `uno` is missing, no profile is free, or the listener does not
start or dies, the report is printed the one-shot way (office_pdf.convert), saying so once
on the console; both ways give the same bytes (tests/test_office_warm.py).

LibreOffice without its user interface files (libreoffice-writer-nogui) crashes when a
listener lays out a document's comments in their margin windows: the listener prints a
copy without comments. Comments are never printed in the PDF, whichever way it is made.
"""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import signal
import subprocess
import threading
import time
import uuid
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from khuyencong.errors import RenderError
from khuyencong.outputs import office_bridge, office_pdf
from khuyencong.outputs.office_pdf import contained_env, soffice

UNO_PYTHON = "/usr/bin/python3"  # the system Python, which Debian's python3-uno belongs to
BRIDGE = Path(__file__).with_name("office_bridge.py")
SLOTS = 4  # profiles under _build/office: as many commands may hold a listener at once
START_WAIT = 60.0  # seconds for the listener to accept the bridge
CONVERT_WAIT = 300.0  # seconds for one report (as the one-shot conversion)
STOP_WAIT = 10.0
COMMENT_PARTS = ("word/comments", "word/commentsExtended", "word/commentsIds")


def listener_command(exe: str, profile: Path, pipe: str) -> list[str]:
    """The listener's command line: headless, contained in `profile`, accepting on `pipe`."""
    profile = profile.resolve()
    return [
        exe,
        "--headless",
        "--invisible",
        "--norestore",
        "--nologo",
        "--nodefault",
        f"-env:UserInstallation={profile.as_uri()}",
        f"-env:UNO_SHARED_PACKAGES_CACHE={(profile / 'shared-packages').as_uri()}",
        f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
    ]


def bridge_command(python: str, pipe: str, wait: float = START_WAIT) -> list[str]:
    """The bridge's command line: isolated (-I: no PYTHON* variables, no user site), writing
    no bytecode (-B: nothing beside the system's Python modules)."""
    return [python, "-I", "-B", str(BRIDGE), pipe, f"{wait:g}"]


def has_comments(docx: Path) -> bool:
    """Whether the Word file holds comments (False for a file that is no Word file)."""
    try:
        with zipfile.ZipFile(docx) as archive:
            return any(name.startswith(COMMENT_PARTS) for name in archive.namelist())
    except (OSError, zipfile.BadZipFile):
        return False


def without_comments(docx: Path, folder: Path) -> Path:
    """A copy of `docx` (same name, in `folder`) without its comments, anchors included."""
    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn

    doc = Document(str(docx))
    root = doc.element
    for tag in ("w:commentRangeStart", "w:commentRangeEnd"):
        for mark in list(root.iter(qn(tag))):
            mark.getparent().remove(mark)
    for reference in list(root.iter(qn("w:commentReference"))):
        run = reference.getparent()
        run.getparent().remove(run)
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype == RT.COMMENTS:
            doc.part.drop_rel(rid)
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / docx.name
    doc.save(str(copy))
    return copy


def printable(docx: Path, folder: Path) -> Path:
    """What the listener prints: `docx`, or its copy without comments when it has some
    (a file python-docx cannot read goes as it is: LibreOffice says what is wrong)."""
    if not has_comments(docx):
        return docx
    try:
        return without_comments(docx, folder)
    except Exception:  # noqa: BLE001 - LibreOffice reports the file's problem itself
        shutil.rmtree(folder, ignore_errors=True)
        return docx


class OfficeConverter:
    """The command's listener and bridge, started once (`start`, in the background),
    shared by every conversion (serialised), stopped by `close`."""

    def __init__(
        self, root: Path, python: str = UNO_PYTHON, say: Callable[[str], None] = print
    ) -> None:
        self.root, self.python, self.say = root, python, say
        self.pipe = f"khuyencong-{os.getpid()}-{uuid.uuid4().hex[:12]}"
        self.unusable: str | None = None  # why conversions go the one-shot way
        self._lock = threading.Lock()  # one conversion at a time
        self._procs = threading.Lock()  # starting and closing
        self._closed = False
        self._started: threading.Thread | None = None
        self._raised: BaseException | None = None
        self._serving = False
        self._slot: FileLock | None = None
        self._profile: Path | None = None
        self._bridge: subprocess.Popen[bytes] | None = None
        self._office: subprocess.Popen[bytes] | None = None
        self._lines: queue.Queue[bytes | None] = queue.Queue()

    def __enter__(self) -> OfficeConverter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def profile(self) -> Path | None:
        """The listener's LibreOffice profile (None until a slot is taken)."""
        return self._profile

    def start(self) -> None:
        """Start the bridge and the listener in the background (once); the first
        conversion waits for them."""
        with self._procs:
            if self._started is None and not self._closed:
                self._started = threading.Thread(target=self._launch, daemon=True)
                self._started.start()

    def _launch(self) -> None:
        try:
            self.unusable = self._try_launch()
        except Exception as exc:  # noqa: BLE001 - any failure means the one-shot way
            self.unusable = f"LibreOffice chạy nền không khởi động được: {exc}"
        except BaseException as exc:  # raised again in the thread that waits (`ready`)
            self.unusable, self._raised = "dừng giữa chừng", exc
        if self.unusable is not None:
            self._stop()

    def _try_launch(self) -> str | None:
        """Start both processes; the reason they cannot serve, or None when ready."""
        if not (os.path.isfile(self.python) and os.access(self.python, os.X_OK)):
            return f"không có {self.python}, Python hệ thống cần cho gói python3-uno"
        exe = soffice()
        profile = self._take_slot()
        if profile is None:
            return f"mọi hồ sơ LibreOffice trong {self.root} đang được lệnh khác dùng"
        env = contained_env(profile.with_name(profile.name + "-home"))
        with self._procs:
            if self._closed:
                return "lệnh đã kết thúc"
            self._bridge = _spawn(bridge_command(self.python, self.pipe), env, pipes=True)
        threading.Thread(target=self._read, args=(self._bridge,), daemon=True).start()
        ok, _, _ = self._answer(20.0)
        if not ok:
            return "Python hệ thống chưa có gói python3-uno; make system cài gói này"
        with self._procs:
            if self._closed:
                return "lệnh đã kết thúc"
            self._office = _spawn(listener_command(exe, profile, self.pipe), env)
        ok, error, _ = self._answer(START_WAIT + 10.0)
        self._serving = ok  # the bridge now reads requests (and the request to quit)
        return None if ok else f"LibreOffice chạy nền không nhận kết nối: {error}"

    def _take_slot(self) -> Path | None:
        """The first profile no other command holds (locked until `close`)."""
        self.root.mkdir(parents=True, exist_ok=True)
        for n in range(SLOTS):
            lock = FileLock(str(self.root / f"profile-{n}.lock"))
            try:
                lock.acquire(timeout=0)
            except Timeout:
                continue
            self._slot, self._profile = lock, self.root / f"profile-{n}"
            self._profile.mkdir(exist_ok=True)
            return self._profile
        return None

    def _read(self, bridge: subprocess.Popen[bytes]) -> None:
        assert bridge.stdout is not None
        for line in bridge.stdout:
            self._lines.put(line)
        self._lines.put(None)  # the bridge ended

    def _answer(self, wait: float) -> tuple[bool, str, bool]:
        """The bridge's next answer (ok, error, lost); lost when the bridge ended, the
        listener exited, or nothing came for `wait` seconds."""
        end = time.monotonic() + wait
        while True:
            try:
                line = self._lines.get(timeout=min(0.2, max(0.0, end - time.monotonic())))
                break
            except queue.Empty:
                office = self._office
                if office is not None and office.poll() is not None:
                    return False, f"LibreOffice đã thoát (mã {office.returncode})", True
                if time.monotonic() >= end:
                    return False, f"không trả lời sau {wait:g} giây", True
        if line is None:
            return False, "cầu nối UNO đã dừng", True
        return office_bridge.decode_answer(line.decode("utf-8", "replace"))

    def ready(self) -> bool:
        """Wait for the start (started now if it was not); whether conversions go warm."""
        self.start()
        if self._started is not None:
            self._started.join()
        if self._raised is not None:
            raise self._raised
        return self.unusable is None and not self._closed

    def convert(self, docx: Path, pdf: Path) -> bool:
        """Print `docx` to `pdf` through the listener; False when the listener cannot (the
        caller prints it the one-shot way). A file LibreOffice refuses is a RenderError."""
        with self._lock:
            if not self.ready():
                self._note()
                return False
            source = printable(docx, pdf.parent / f".{pdf.stem}-in")
            request = office_bridge.encode_request(str(source.resolve()), str(pdf.resolve()))
            pdf.unlink(missing_ok=True)  # not mistaken for this conversion's when it fails
            try:
                self._send(request)
                ok, error, lost = self._answer(CONVERT_WAIT)
            except OSError as exc:  # the bridge's input is closed: it ended
                ok, error, lost = False, str(exc), True
            finally:
                if source != docx:
                    shutil.rmtree(source.parent, ignore_errors=True)
            if ok:
                return True
            if lost or self._office is None or self._office.poll() is not None:
                self.unusable = "LibreOffice chạy nền đã dừng giữa chừng"
                self._stop()
                self._note()
                return False
        raise RenderError(f"LibreOffice không in được báo cáo {docx.name} ra PDF: {error}")

    def _send(self, line: str) -> None:
        bridge = self._bridge
        assert bridge is not None and bridge.stdin is not None
        bridge.stdin.write(line.encode("utf-8"))
        bridge.stdin.flush()

    _noted = False

    def _note(self) -> None:
        if not self._noted and self.unusable:
            self._noted = True
            self.say(f"      Ghi chú: in báo cáo ra PDF theo cách thường ({self.unusable}).")

    def close(self) -> None:
        """Stop the bridge and the listener (waiting for LibreOffice to terminate, killing
        it when it does not), release the profile."""
        with self._procs:
            self._closed = True
        self._stop()

    def _stop(self) -> None:
        with self._procs:
            bridge, office, slot = self._bridge, self._office, self._slot
            self._bridge = self._office = self._slot = None
        if bridge is not None:
            with contextlib.suppress(OSError, ValueError):
                assert bridge.stdin is not None
                bridge.stdin.write(office_bridge.encode_quit().encode("utf-8"))
                bridge.stdin.close()  # the bridge asks LibreOffice to terminate, then ends
        # Not yet serving, the bridge reads nothing and LibreOffice was asked nothing: both
        # are terminated at once.
        wait = STOP_WAIT if self._serving else 0.0
        if bridge is not None:
            _end(bridge, wait)
        if office is not None:
            _end(office, wait)
        if slot is not None:  # the profile is free once its LibreOffice has ended
            slot.release()


def _spawn(cmd: list[str], env: dict[str, str], pipes: bool = False) -> subprocess.Popen[bytes]:
    """A process in its own session (Ctrl-C in the terminal reaches only the command, which
    stops it), its output discarded unless `pipes`."""
    pipe = subprocess.PIPE if pipes else subprocess.DEVNULL
    return subprocess.Popen(
        cmd,
        stdin=pipe,
        stdout=pipe,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )


def _end(proc: subprocess.Popen[bytes], wait: float) -> None:
    """Wait for `proc` to end; else terminate, then kill, its whole process group."""
    for sig in (None, signal.SIGTERM, signal.SIGKILL):
        if sig is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=wait if sig is None else 5.0)
            return
        except subprocess.TimeoutExpired:
            continue


_CURRENT: OfficeConverter | None = None


@contextlib.contextmanager
def office_session(out_root: Path, say: Callable[[str], None] = print) -> Iterator[OfficeConverter]:
    """The command's converter (nothing started until `warm_up` or the first report),
    used by every office_pdf.convert inside, closed at the end."""
    global _CURRENT
    converter = OfficeConverter(out_root / "office", say=say)
    previous = _CURRENT, office_pdf.WARM
    _CURRENT, office_pdf.WARM = converter, converter.convert
    try:
        yield converter
    finally:
        _CURRENT, office_pdf.WARM = previous
        converter.close()


def warm_up() -> None:
    """Start the command's listener now (a no-op outside `office_session`)."""
    if _CURRENT is not None:
        _CURRENT.start()
