"""Folder locks and atomic writes: one writer at a time in a ledger folder or a report folder.

May import the standard library only (it sits below every stage).

``reanalysis add`` and ``reanalysis report`` write several files that only make sense together
(``sources.yaml`` with ``studies/<id>.yaml``; a report's notebook, PDF, HTML and cache record). Two
runs at once into one folder interleaved them: an ``add`` restored the ``sources.yaml`` it had read
before another had written its entry, and removed that entry. :func:`folder_lock` serialises the
writers of a folder with an advisory ``flock`` on a lock file inside it; :func:`write_atomic` writes a
file through a temporary file in the same folder and a rename, so a reader sees the old file or the
new one, never half of one.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import time
from pathlib import Path

__all__ = ["folder_lock", "write_atomic", "LOCK_NAME", "LOCK_TIMEOUT", "FolderBusy"]

#: the lock file a writer holds inside the folder while it writes
LOCK_NAME = ".reanalysis.lock"
#: seconds a writer waits for another writer of the same folder before giving up
LOCK_TIMEOUT = 600


class FolderBusy(ValueError):
    """Another run held the folder's lock for longer than the wait allowed."""


@contextlib.contextmanager
def folder_lock(folder: str | os.PathLike, timeout: float | None = None, purpose: str = "writes to"):
    """Hold the folder's lock (created with the folder if need be) for the ``with`` block.

    The lock file is removed when the block ends; a writer that was waiting on the removed file
    sees that it no longer names the lock and takes the new one, so at most one writer holds it.

    Raises
    ------
    FolderBusy
        After ``timeout`` seconds (default :data:`LOCK_TIMEOUT`) of waiting, naming the folder.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()) / "ledger"
    >>> with folder_lock(d) as lock:
    ...     print(lock.name, lock.exists())
    .reanalysis.lock True
    >>> (d / LOCK_NAME).exists()
    False
    """
    folder = Path(folder)
    path = folder / LOCK_NAME
    wait = LOCK_TIMEOUT if timeout is None else timeout
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | os.O_CLOEXEC, 0o644)
        except FileNotFoundError:  # the folder does not exist (yet, or any more)
            folder.mkdir(parents=True, exist_ok=True)
            continue
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise FolderBusy(f"{path}: is a symbolic link, not a lock file: refused") from None
            raise
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise FolderBusy(
                            f"{folder}: another reanalysis run {purpose} this folder (lock file "
                            f"{LOCK_NAME}); waited {wait:g} s"
                        ) from None
                    time.sleep(0.02)
            held = os.fstat(fd)
            try:
                now = os.stat(path, follow_symlinks=False)
            except FileNotFoundError:
                now = None
        except BaseException:
            os.close(fd)
            raise
        if now is not None and (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino):
            break
        os.close(fd)  # the previous holder removed this file on release: take the current one
    try:
        yield path
    finally:
        try:
            os.unlink(path)
        finally:
            os.close(fd)


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it and a rename.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "a.yaml"
    >>> write_atomic(p, b"x: 1\\n"); p.read_bytes()
    b'x: 1\\n'
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{time.monotonic_ns()}.tmp")
    try:
        with open(tmp, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
