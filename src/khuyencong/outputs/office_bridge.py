"""Bridge to a LibreOffice listener: run by the system Python that has `uno` (Debian's
python3-uno), never imported by the package except for its pure helpers below.

Standard library and `uno` only (the venv's Python cannot import `uno`). Usage:

    python3 -I -B office_bridge.py <pipe name> <seconds to wait for the listener>

It says on its first line whether `uno` could be imported, then connects to the listener
started with `--accept=pipe,name=<pipe name>;urp;StarOffice.ComponentContext` (retrying
until it accepts) and says on a second line whether it could. Then it reads one request a
line on stdin (`{"docx": …, "pdf": …}`), prints the Word file as PDF as
`soffice --convert-to pdf:writer_pdf_Export` does (same load and store arguments), and
answers one line (`{"ok": true}` or `{"ok": false, "error": …}`). `{"quit": true}` or the end of stdin (the command ended, or
died) asks LibreOffice to terminate, and the bridge ends.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from typing import Any

READY = "ready"
QUIT = "quit"


def encode_request(docx: str, pdf: str) -> str:
    """One request: the Word file to print and the PDF to write (absolute paths)."""
    return json.dumps({"docx": docx, "pdf": pdf}, ensure_ascii=False) + "\n"


def encode_quit() -> str:
    """The last request: terminate LibreOffice and end."""
    return json.dumps({QUIT: True}) + "\n"


def encode_answer(error: str | None = None, lost: bool = False, **fields: Any) -> str:
    """One answer: ok, or the error LibreOffice gave (`lost`: the connection to it is gone)."""
    answer: dict[str, Any] = {"ok": error is None, **fields}
    if error is not None:
        answer["error"] = error
    if lost:
        answer["lost"] = True
    return json.dumps(answer, ensure_ascii=False) + "\n"


def decode_answer(line: str) -> tuple[bool, str, bool]:
    """(ok, error, lost) of an answer line; a line that is no answer is an error naming it."""
    try:
        answer = json.loads(line)
    except ValueError:
        answer = None
    if not isinstance(answer, dict) or not isinstance(answer.get("ok"), bool):
        return False, f"trả lời không đọc được: {line.strip()[:200]!r}", False
    return answer["ok"], str(answer.get("error", "")), answer.get("lost") is True


def lost_connection(exc: Exception, desktop: Any) -> bool:
    """Whether LibreOffice itself is gone (crashed, or terminated) after `exc`: the exception
    says so, or the listener no longer answers a call."""
    if type(exc).__name__ == "DisposedException" or "disposed" in str(exc):
        return True
    try:
        desktop.getFrames()
    except Exception:  # noqa: BLE001 - whatever the bridge raises, the listener is gone
        return True
    return False


def say(line: str) -> None:
    sys.stdout.write(line)
    sys.stdout.flush()


def connect(uno: Any, pipe: str, wait: float) -> Any:
    """The listener's Desktop, once it accepts (None when it did not within `wait` seconds)."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    url = f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"
    deadline = time.monotonic() + wait
    while True:
        try:
            ctx = resolver.resolve(url)
            break
        except Exception:  # noqa: BLE001 - NoConnectException until the listener is up
            if time.monotonic() > deadline:
                return None
            time.sleep(0.05)
    return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)


def properties(uno: Any, **values: Any) -> tuple:
    result = []
    for name, value in values.items():
        prop = uno.createUnoStruct("com.sun.star.beans.PropertyValue")
        prop.Name, prop.Value = name, value
        result.append(prop)
    return tuple(result)


def print_pdf(uno: Any, desktop: Any, docx: str, pdf: str) -> None:
    """Load `docx` and store it as `pdf` as `soffice --convert-to pdf:writer_pdf_Export`
    does (hidden, read-only: no lock file beside it, in a view of its own), then close it."""
    load = properties(uno, ReadOnly=True, OpenNewView=True, Hidden=True, Silent=True)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(docx), "_blank", 0, load)
    if doc is None:
        raise RuntimeError("LibreOffice không mở được tệp")
    try:
        store = properties(
            uno,
            ConversionRequestOrigin="CommandLine",
            Overwrite=True,
            FilterName="writer_pdf_Export",
        )
        doc.storeToURL(uno.systemPathToFileUrl(pdf), store)
    finally:
        doc.close(True)


def serve(uno: Any, desktop: Any) -> None:
    for line in sys.stdin:
        request = json.loads(line)
        if not isinstance(request, dict):
            say(encode_answer(f"yêu cầu không hợp lệ: {line.strip()[:200]!r}"))
            continue
        if request.get(QUIT):
            break
        try:
            print_pdf(uno, desktop, request["docx"], request["pdf"])
        except Exception as exc:  # noqa: BLE001 - answered, the next request is served
            message = (getattr(exc, "Message", "") or str(exc)).strip() or type(exc).__name__
            lost = lost_connection(exc, desktop)
            say(encode_answer(message.splitlines()[0], lost=lost))
            if lost:
                return
        else:
            say(encode_answer())


def main(argv: list[str]) -> int:
    try:
        import uno
    except ImportError as exc:
        say(encode_answer(f"không nạp được uno: {exc}", step="uno"))
        return 3
    say(encode_answer(step="uno"))
    pipe, wait = argv[0], float(argv[1])
    desktop = connect(uno, pipe, wait)
    if desktop is None:
        say(encode_answer("LibreOffice không nhận kết nối", step=READY))
        return 4
    say(encode_answer(step=READY))
    try:
        serve(uno, desktop)
    finally:
        with contextlib.suppress(Exception):  # LibreOffice is already gone
            desktop.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
