"""The PDF brief printed in a forked process while this one builds the site.

The brief is most of a cold build (about 5 s of 8 on the al-Tanf report), the pages and
mkdocs most of the rest, and they need each other in one place only: the site lists the
brief's size and SHA-256 (the home page and the Downloads page). So `pipeline.build` forks
right after the analysis. The child prints the brief; meanwhile this process renders the
pages and runs mkdocs with a stand-in for the brief (`Pending`) whose size and hash print as
tokens found nowhere else. When both are done, the tokens are replaced by the real figures in
the pages and in what mkdocs made of them (HTML, search index), and the real PDF replaces the
stand-in. The site is byte for byte the one the stages make in line (tests/test_overlap.py
builds both ways and compares every file).

The tokens are checked twice, so a page that prints the brief's size in a way they do not
cover can never publish a wrong figure: in the pages before mkdocs runs (every trace of the
stand-in must be a whole token; if not, the build waits for the brief and renders the pages
again with it), and in mkdocs' output once they are replaced (no trace may be left; if one
is, mkdocs runs again on the real pages).

Forking is used only where it is safe: on Linux, in a process with a single thread (under
`serve`, mkdocs' watcher threads run), and not when REPORTGEN_NO_FORK is set. Elsewhere the
stages run in line as before. A fresh interpreter is not used: its imports would cost a
second. The child ends with `os._exit` once it has sent its result, so it never runs the
parent's cleanup, and skips collecting the render's garbage. An error in the child is
raised in this process as it would have been in line (a BriefError with its messages), and
since in line the brief comes before the pages and mkdocs, its error wins over theirs.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import re
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Callable, Optional

from reportgen.parallel import NO_FORK_ENV, fork_is_safe  # noqa: F401 (NO_FORK_ENV: the switch, named here too)
from reportgen.site.mkdocs_build import SiteBuildError

# The stand-in's size: 987,654,321.7 KiB, printed as 987654321.7 or 987654322 (whole KiB).
PENDING_SIZE = 987654321 * 1024 + 717
PENDING_CONTENT = b"reportgen: the PDF brief is still being printed in a forked process\n"
PENDING_SHA256 = hashlib.sha256(PENDING_CONTENT).hexdigest()

# How the site's pages print a file's size (templates/site/home.md.j2, downloads.md.j2):
# KiB to a tenth, whole KiB, bytes. A form missing here is caught by the checks above.
SIZE_FORMS: tuple[Callable[[int], str], ...] = (
    lambda n: str(round(n / 1024, 1)),
    lambda n: str(round(n / 1024)),
    str,
)
# Any trace of the stand-in, whole or not: the digits all size forms start with, the hash's start.
_TRACES = ("98765432", str(PENDING_SIZE)[:8], PENDING_SHA256[:16])
_TEXT_SUFFIXES = {".html", ".htm", ".json", ".js", ".xml", ".txt", ".md", ".css", ".svg"}


class Pending(bytes):
    """What the pages see of an output still being made: a short text whose `len` is the
    stand-in's size, so its size and hash print as tokens (its hash is that of its text)."""

    def __len__(self) -> int:
        return PENDING_SIZE


def _tokens(real: Optional[bytes]) -> dict[str, str]:
    """Each printed form of the stand-in -> the same form of `real` (None: the bare tokens)."""
    pairs = {PENDING_SHA256: hashlib.sha256(real).hexdigest() if real is not None else PENDING_SHA256}
    for form in SIZE_FORMS:
        pairs[form(PENDING_SIZE)] = form(len(real)) if real is not None else form(PENDING_SIZE)
    return pairs


def _token_pattern() -> re.Pattern:
    words = sorted(_tokens(None), key=len, reverse=True)
    return re.compile(r"(?<![0-9A-Za-z.])(" + "|".join(re.escape(w) for w in words) + r")(?![0-9A-Za-z]|\.[0-9])")


class BackgroundStage:
    """An output stage run in a forked child. `placeholders` (path -> Pending) stand in for
    its files until `result()` returns them; `close()` stops the child if it still runs."""

    def __init__(self, name: str, run: Callable[[], dict[str, bytes]], paths: list[str]):
        self.name = name
        self.placeholders = {path: Pending(PENDING_CONTENT) for path in paths}
        self.seconds: Optional[float] = None  # how long the child took, once it is done
        self._outcome: Optional[tuple] = None
        read_end, write_end = os.pipe()
        for stream in (sys.stdout, sys.stderr):  # or the child would print the parent's pending output again
            try:
                stream.flush()
            except (AttributeError, ValueError, OSError):
                pass
        pid = os.fork()
        if pid == 0:  # the child: run, send the outcome, and end without the parent's cleanup
            status = 70
            try:
                os.close(read_end)
                gc.disable()  # the process ends as soon as it is done: nothing is worth collecting
                payload = pickle.dumps(_run_in_child(run), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as out:
                    out.write(payload)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        self._pid: Optional[int] = pid
        self._read_end: Optional[int] = read_end

    # ---- waiting

    def _wait(self) -> tuple:
        if self._outcome is None:
            chunks = []
            with os.fdopen(self._read_end, "rb") as pipe:
                self._read_end = None
                while chunk := pipe.read(1 << 20):
                    chunks.append(chunk)
            _, status = os.waitpid(self._pid, 0)
            self._pid = None
            data = b"".join(chunks)
            if status == 0 and data:
                self._outcome = pickle.loads(data)
            else:
                how = (f"was killed by signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status)
                       else f"ended with status {os.waitstatus_to_exitcode(status)}")
                self._outcome = ("messages", SiteBuildError,
                                 [f"error: {self.name}: the process printing it {how} before it was done"])
        return self._outcome

    def result(self) -> dict[str, bytes]:
        """The stage's files once the child is done; raises what the stage raised."""
        outcome = self._wait()
        kind = outcome[0]
        if kind == "ok":
            self.seconds = outcome[2]
            return outcome[1]
        if kind == "messages":
            raise outcome[1](outcome[2])
        raise outcome[1]

    def failed(self) -> bool:
        """Waits for the child: True if the stage raised (its error comes from `result`)."""
        return self._wait()[0] != "ok"

    def close(self) -> None:
        """Stop the child if it still runs (the build failed or was interrupted) and reap it."""
        if self._pid is not None:
            try:
                os.kill(self._pid, signal.SIGKILL)
                os.waitpid(self._pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self._pid = None
        if self._read_end is not None:
            os.close(self._read_end)
            self._read_end = None

    # ---- the tokens

    def pages_hold_only_tokens(self, files: dict[str, str | bytes]) -> bool:
        """True if every trace of the stand-ins in the pages is a whole token."""
        pattern = _token_pattern()
        for content in files.values():
            if isinstance(content, str) and any(t in content for t in _TRACES):
                if any(t in pattern.sub("", content) for t in _TRACES):
                    return False
        return True

    def fill_in(self, files: dict[str, str | bytes], outputs: dict[str, bytes], real: dict[str, bytes],
                site_dir: Optional[Path]) -> bool:
        """Put the real files in place of the stand-ins: in `outputs` and `files` (in place),
        in the pages' text and in `site_dir` (mkdocs' output). False if mkdocs' output still
        holds a trace of a stand-in after that (the caller then runs mkdocs again)."""
        if set(real) != set(self.placeholders) or len(real) != 1:
            raise RuntimeError(f"{self.name}: made {sorted(real)}, not the announced {sorted(self.placeholders)}")
        (data,) = real.values()
        pairs = _tokens(data)
        pattern = _token_pattern()
        outputs.update(real)
        for rel, content in files.items():
            if rel in real:
                files[rel] = real[rel]
            elif isinstance(content, str) and any(t in content for t in _TRACES):
                files[rel] = pattern.sub(lambda mo: pairs[mo.group(1)], content)
        if site_dir is None:
            return True
        byte_pattern = re.compile(pattern.pattern.encode())
        byte_pairs = {k.encode(): v.encode() for k, v in pairs.items()}
        traces = [t.encode() for t in _TRACES]
        for path in sorted(site_dir.rglob("*")):
            rel = path.relative_to(site_dir).as_posix()
            if rel in real:
                path.write_bytes(real[rel])
                continue
            if path.suffix.lower() not in _TEXT_SUFFIXES or not path.is_file():
                continue
            content = path.read_bytes()
            if any(t in content for t in traces):
                content = byte_pattern.sub(lambda mo: byte_pairs[mo.group(1)], content)
                if any(t in content for t in traces):
                    return False
                path.write_bytes(content)
        return True


def _run_in_child(run: Callable[[], dict[str, bytes]]) -> tuple:
    t0 = time.perf_counter()
    try:
        return ("ok", run(), time.perf_counter() - t0)
    except SiteBuildError as exc:  # BriefError and its kin: their messages are the report
        return ("messages", type(exc), list(exc.messages))
    except BaseException as exc:  # anything else is raised in the parent as it would be in line
        try:
            pickle.dumps(exc)
            return ("raise", exc)
        except Exception:
            return ("raise", RuntimeError("".join(traceback.format_exception(exc))))


def start(name: str, run: Callable[[], dict[str, bytes]], paths: list[str]) -> Optional[BackgroundStage]:
    """`run` in a forked child where that is safe (see `fork_is_safe`), else None."""
    if not fork_is_safe():
        return None
    return BackgroundStage(name, run, paths)
