"""Files written whole or not at all, with a temporary name that fits and normal permissions.

A model (or a downloaded data file) is written to a temporary file beside its target and
renamed over it only once complete, so an interrupted or failed write never leaves half a
file under the real name. Three details decide whether that works in practice:

* **The temporary name must fit.** ``tempfile.mkstemp(prefix=f".{name}.")`` adds 9 to 14
  characters to the name; a legal 250-character file name then fails with "File name too
  long", after the hours of training that produced the model. :func:`temporary_file`
  shortens the name part so the temporary name never exceeds the folder's limit.
* **The check comes before the work.** :func:`check_writable` creates (and removes) a
  temporary file exactly as :func:`replace_atomically` will, checks that the final name
  fits and that the disk has room, so ``train --out`` fails in a second, not after training.
* **Permissions are the user's.** ``mkstemp`` creates files readable by their owner only
  (0600), whatever the umask; a model or data file is an ordinary file, so it gets what
  ``open()`` would give it (0666 minus the umask).
"""

from __future__ import annotations

import contextlib
import errno
import os
import pathlib
import shutil
import tempfile

__all__ = ["NotWritable", "temporary_file", "user_permissions", "check_writable",
           "replace_atomically"]

_RANDOM = 8  # characters tempfile adds to make a name unique
_SUFFIX = ".tmp"


class NotWritable(OSError):
    """A file cannot be written where asked; the message says why and what to do."""


def _name_max(folder: pathlib.Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (AttributeError, OSError, ValueError):  # Windows, or a folder that does not exist
        return 255


def _fits(name: str, limit: int) -> bool:
    return len(os.fsencode(name)) <= limit


def _temporary_prefix(target: pathlib.Path, suffix: str) -> str:
    """``.NAME.`` shortened so that prefix + random part + suffix fits the folder's limit."""
    room = _name_max(target.parent) - len(os.fsencode(suffix)) - _RANDOM - 2
    name = target.name
    while name and not _fits(name, room):
        name = name[:-1]
    return f".{name}."


def temporary_file(target, suffix=_SUFFIX):
    """``(fd, path)`` of a new temporary file beside ``target`` whose name fits the folder."""
    target = pathlib.Path(target)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=_temporary_prefix(target, suffix),
                                suffix=suffix)
    return fd, pathlib.Path(name)


def _umask() -> int:
    try:  # Linux says it without changing it
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def user_permissions(path) -> None:
    """Give ``path`` the permissions a new file made by ``open()`` gets (0666 minus umask)."""
    with contextlib.suppress(OSError):  # e.g. a file system without permissions
        os.chmod(path, 0o666 & ~_umask())


def check_writable(target, nbytes=0) -> pathlib.Path:
    """Fail now (:class:`NotWritable`) if ``target`` could not be written later.

    With the folder there, a temporary file is created exactly as :func:`replace_atomically`
    will create it, and removed; otherwise the nearest existing folder must be writable.
    Every name must fit the file system, and the disk must have ``nbytes`` free.
    """
    target = pathlib.Path(target)
    folder = target.parent
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise NotWritable(errno.ENOTDIR, f"{existing} is not a folder, so {target} cannot be "
                                         f"written")
    limit = _name_max(existing)
    for part in target.relative_to(existing).parts:
        if not _fits(part, limit):
            raise NotWritable(errno.ENAMETOOLONG,
                              f"the name {part[:40]}... is {len(os.fsencode(part))} bytes long; "
                              f"this file system allows {limit}: choose a shorter name")
    if existing == folder:
        try:
            fd, probe = temporary_file(target)
        except OSError as exc:
            raise NotWritable(exc.errno, f"cannot write in {folder}: "
                                         f"{exc.strerror or exc}") from None
        os.close(fd)
        probe.unlink()
    elif not os.access(existing, os.W_OK):
        raise NotWritable(errno.EACCES, f"cannot create {folder}: {existing} is not a writable "
                                        f"folder")
    if nbytes:
        free = shutil.disk_usage(existing).free
        if free < nbytes:
            raise NotWritable(errno.ENOSPC, f"the disk holding {existing} has {free:,} bytes "
                                            f"free, and {nbytes:,} are needed")
    return target


@contextlib.contextmanager
def replace_atomically(target, mode="wb"):
    """``with replace_atomically(path) as fh: ...``: ``path`` appears (or is replaced) only
    when the block ends without an exception; the temporary file is removed otherwise."""
    target = pathlib.Path(target)
    fd, tmp = temporary_file(target)
    try:
        with os.fdopen(fd, mode) as fh:
            yield fh
        user_permissions(tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
