"""The site's pages written to disk by another process while MkDocs goes on.

Creating thousands of files is mostly the kernel's work (0.3 to 1 ms a page on
the development machine: directories, inodes, journal), done in the main
process between two pages' templates. During ``mkdocs build``, MkDocs' own
``write_file`` is replaced (``install``): once a ``Writer`` is started, each
file goes down a pipe (a few microseconds) to a small Python process that
writes them in the order they were given (a later write of the same path wins,
as before); what the pipe cannot take yet waits in memory, so MkDocs never
waits for the disk; ``finish`` waits until every file is written and raises
``WriteError`` with the writer's message if one could not be. Before
``finish``, files given to the writer may not be on disk yet: whatever reads
the site (links, PDFs, search) runs after it.
"""
from __future__ import annotations

import os
import struct
import subprocess
import sys
from collections import deque

from mkdocs import utils

from .parallele import larger_pipe

#: The writer: reads (path length, data length, path, data) records until the end of its input.
_PROGRAM = r"""
import os, struct, sys
read = sys.stdin.buffer.read
made = set()
while True:
    head = read(8)
    if not head:
        break
    size_path, size_data = struct.unpack("<II", head)
    path = os.fsdecode(read(size_path))
    data = read(size_data)
    if len(data) != size_data:
        sys.exit("entrée interrompue")
    try:
        folder = os.path.dirname(path)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        with open(path, "wb") as f:
            f.write(data)
    except OSError as err:
        sys.exit(f"{path} : {err.strerror or err}")
"""


#: Bytes gathered before they are sent (about eight pages).
BATCH = 1 << 18


class WriteError(OSError):
    pass


class Writer:
    """One writing process, fed by ``write``, waited for by ``finish``."""

    def __init__(self):
        self._proc = subprocess.Popen([sys.executable, "-I", "-S", "-c", _PROGRAM], stdin=subprocess.PIPE,
                                      stderr=subprocess.PIPE)
        self._fd = self._proc.stdin.fileno()
        larger_pipe(self._fd)
        # Never wait for the writer while the build goes on: files are sent a few
        # pages at a time (fewer wake-ups of the writer), and what the pipe cannot
        # take yet waits here, in order, until the next send or ``finish``.
        os.set_blocking(self._fd, False)
        self._waiting: deque[memoryview] = deque()
        self._size = 0  # bytes waiting
        self._broken = False

    def write(self, content: bytes, path: str) -> None:
        if self._broken:
            return  # the writer stopped: finish says why
        path_bytes = os.fsencode(path)
        self._waiting.extend((memoryview(struct.pack("<II", len(path_bytes), len(content))),
                              memoryview(path_bytes), memoryview(content)))
        self._size += 8 + len(path_bytes) + len(content)
        if self._size >= BATCH:
            self._send()

    def _send(self) -> None:
        """What waits, sent as far as the pipe takes it, many pieces per system call."""
        waiting = self._waiting
        try:
            while waiting:
                pieces = [waiting[i] for i in range(min(len(waiting), 512))]
                done = os.writev(self._fd, pieces)
                self._size -= done
                for piece in pieces:
                    if done < len(piece):
                        waiting[0] = piece[done:]
                        break
                    done -= len(piece)
                    waiting.popleft()
        except BlockingIOError:
            pass
        except BrokenPipeError:
            self._broken = True
            waiting.clear()

    def finish(self) -> None:
        """Every file written, or ``WriteError``."""
        os.set_blocking(self._fd, True)
        self._send()  # what still waits, the writer taking it
        try:
            self._proc.stdin.close()
        except BrokenPipeError:
            pass
        message = self._proc.stderr.read().decode("utf-8", "replace").strip()
        if self._proc.wait() != 0 or self._broken:
            raise WriteError("écriture du site impossible : " + (message or "processus d'écriture arrêté"))


_current: Writer | None = None
_original = utils.write_file


def start() -> Writer:
    """Files written by MkDocs go to a new writer until ``finish``."""
    global _current
    if _current is not None:
        _current.finish()
    _current = Writer()
    return _current


def finish() -> None:
    """Wait for the writer (if one was started); MkDocs writes by itself again."""
    global _current
    writer, _current = _current, None
    if writer is not None:
        writer.finish()


def _write_file(content: bytes, output_path: str) -> None:
    writer = _current
    if writer is None:
        return _original(content, output_path)
    writer.write(content, output_path)


def _release_in_child() -> None:
    """In a process forked while a writer runs (the search index's writers): its copy
    of the pipe points at /dev/null, so that the writer sees the end of its input as
    soon as the build closes it, not when the last such process ends. MkDocs'
    ``write_file`` writes by itself there."""
    global _current
    writer, _current = _current, None
    if writer is not None:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, writer._fd)
        os.close(null)
        writer._broken = True  # nothing written from here


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_release_in_child)


def install() -> None:
    if utils.write_file is not _write_file:
        utils.write_file = _write_file

