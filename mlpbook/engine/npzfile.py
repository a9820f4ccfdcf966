"""Read an .npz archive header first: what a member claims is checked before its data is read.

``np.load`` is the wrong tool for a file that may come from anywhere. It decompresses a whole
member as soon as one asks for it, and deflate packs zeros about 1000 to 1, so an 18 MB file
can hold a member that needs 4 GiB; and a file that is not a zip archive at all (a PNG, a text
file) is taken for a pickle, with an error that suggests loading it "unsafely". The files
mlpbook writes (models, the decoded-data cache) have a fixed list of members, each of a known
dtype and a shape the caller can bound. So this module opens the archive with :mod:`zipfile`,
reads each member's ``.npy`` header (``numpy.lib.format.read_magic`` and
``read_array_header_1_0``/``_2_0``: a few hundred bytes at the start of the member) and lets
the caller check the declared shape and dtype; only :meth:`Archive.read` reads data, and it
refuses a member whose declared size differs from what the zip directory says or exceeds the
caller's bound. Memory used is what the caller agreed to, never what the file claims.

Every problem is an :class:`NpzError` (a ValueError) with a short reason; the caller adds the
file's name and the fix that fits its files.
"""

from __future__ import annotations

import dataclasses
import math
import pathlib
import zipfile

import numpy as np
from numpy.lib import format as npy_format

__all__ = ["NpzError", "NotAnArchive", "DamagedArchive", "Member", "Archive", "describe_file"]

#: Largest .npy header read (numpy's own default bound for untrusted files).
MAX_HEADER_BYTES = 10_000
#: Members of an archive at most: mlpbook writes fewer than ten.
MAX_MEMBERS = 64
#: A member larger than a megabyte that inflates more than this much is refused: mlpbook
#: stores its arrays uncompressed (1:1) and trained weights barely compress, while deflate
#: packs the zeros of a decompression bomb about 1000:1.
MAX_RATIO = 100
_CHUNK = 1 << 20


class NpzError(ValueError):
    """The archive cannot be used; the message is a reason, without the file's name."""


class NotAnArchive(NpzError):
    """The file is not a zip archive at all (the message says what it looks like)."""


class DamagedArchive(NpzError):
    """The file is a zip archive, but damaged, truncated or not written by numpy."""


@dataclasses.dataclass(frozen=True)
class Member:
    """What a member's .npy header declares (nothing of its data has been read)."""

    name: str  # the key, without ".npy"
    shape: tuple
    dtype: np.dtype
    fortran_order: bool
    data_offset: int  # bytes of header before the data, inside the member
    stored_size: int  # the member's uncompressed size according to the zip directory
    compressed_size: int  # the bytes it occupies in the archive

    @property
    def size(self) -> int:
        return math.prod(self.shape)

    @property
    def nbytes(self) -> int:
        return self.size * self.dtype.itemsize


def describe_file(path: pathlib.Path) -> str:
    """What a file that is not a zip archive looks like, in a few words ("a PNG image")."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(512)
    except OSError as exc:
        return f"unreadable ({exc.strerror or exc})"
    if not head:
        return "an empty file"
    if head.startswith(b"\x93NUMPY"):
        return "a single .npy array (np.save), not an .npz archive"
    if head.startswith(b"\x1f\x8b"):
        return "a gzip file"
    if len(head) > 1 and head[0] == 0x80 and 2 <= head[1] <= 5:
        return "a Python pickle (mlpbook never reads pickles: they can run code)"
    image = _image_format(path)
    if image:
        return f"{image} image"
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
            return "a text file"
        except UnicodeDecodeError:
            pass
    return "not an .npz archive (damaged, or from another program)"


def _image_format(path):
    """Pillow's name of the picture format ("a PNG"), or None (Pillow reads only the header)."""
    try:
        import warnings

        from PIL import Image

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(path) as image:
                fmt = image.format or "picture"
    except Exception:  # not a picture, or Pillow missing: the caller says something else
        return None
    return f"a{'n' if fmt[:1] in 'AEIOU' else ''} {fmt}"


class Archive:
    """An open .npz archive whose members' headers have been read, not their data.

    Use as a context manager. ``members`` maps each key (``"params"`` for ``params.npy``) to
    its :class:`Member`. Raises :class:`NotAnArchive` or :class:`DamagedArchive`.
    """

    def __init__(self, path):
        self.path = pathlib.Path(path)
        try:
            self._zip = zipfile.ZipFile(self.path)
        except zipfile.BadZipFile as exc:
            if _looks_like_zip(self.path):
                raise DamagedArchive(f"it is a damaged or truncated .npz archive ({exc})") from None
            raise NotAnArchive(f"it is {describe_file(self.path)}") from None
        except OSError as exc:
            raise NpzError(f"it cannot be read ({exc.strerror or exc})") from None
        try:
            self.members = self._read_headers()
        except BaseException:
            self._zip.close()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self._zip.close()

    def _read_headers(self):
        infos = self._zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise DamagedArchive(f"it holds {len(infos)} members; an .npz file written by "
                                 f"mlpbook holds fewer than ten")
        members = {}
        for info in infos:
            if not info.filename.endswith(".npy") or info.is_dir():
                raise DamagedArchive(f"its member {info.filename!r} is not a numpy array "
                                     f"(.npy)")
            name = info.filename[:-len(".npy")]
            if name in members:
                raise DamagedArchive(f"it holds the member {name!r} twice")
            members[name] = self._header(info, name)
        return members

    def _header(self, info, name):
        try:
            with self._zip.open(info) as fh:
                version = npy_format.read_magic(fh)
                if version == (1, 0):
                    shape, fortran, dtype = npy_format.read_array_header_1_0(fh, MAX_HEADER_BYTES)
                elif version == (2, 0):
                    shape, fortran, dtype = npy_format.read_array_header_2_0(fh, MAX_HEADER_BYTES)
                else:
                    raise DamagedArchive(f"its member {name!r} uses .npy format version "
                                         f"{version[0]}.{version[1]}, which mlpbook never writes")
                offset = fh.tell()
        except NpzError:
            raise
        except Exception as exc:  # bad magic, unparsable header, bad CRC, unsupported compression
            raise DamagedArchive(f"the header of its member {name!r} cannot be read ({exc})") from None
        member = Member(name=name, shape=tuple(int(n) for n in shape), dtype=np.dtype(dtype),
                        fortran_order=bool(fortran), data_offset=offset,
                        stored_size=info.file_size, compressed_size=info.compress_size)
        if member.dtype.hasobject:
            raise DamagedArchive(f"its member {name!r} holds Python objects (pickled data), "
                                 f"which mlpbook never writes and never unpickles")
        if member.stored_size > max(1 << 20, MAX_RATIO * member.compressed_size):
            raise DamagedArchive(
                f"its member {name!r} would inflate from {member.compressed_size:,} bytes to "
                f"{member.stored_size:,}, a ratio no array mlpbook writes has (a decompression "
                f"bomb?)")
        if member.data_offset + member.nbytes != member.stored_size:
            raise DamagedArchive(
                f"its member {name!r} declares {member.nbytes:,} bytes of data in its header "
                f"but the archive stores {member.stored_size - member.data_offset:,}: the file "
                f"is damaged")
        return member

    def read(self, name, max_bytes):
        """The data of member ``name``, refused (before reading) if it declares more than
        ``max_bytes``. The zip checksum is verified."""
        member = self.members[name]
        if member.nbytes > max_bytes:
            raise NpzError(f"its member {name!r} declares {member.nbytes:,} bytes, more than "
                           f"the {max_bytes:,} it may hold")
        array = np.empty(member.size, member.dtype)
        view = memoryview(array).cast("B") if member.nbytes else memoryview(b"")
        try:
            with self._zip.open(f"{name}.npy") as fh:
                fh.read(member.data_offset)
                done = 0
                while done < member.nbytes:
                    got = fh.readinto(view[done:done + _CHUNK])
                    if not got:
                        raise DamagedArchive(f"its member {name!r} is truncated")
                    done += got
                if fh.read(1):  # also makes zipfile check the CRC at the end of the member
                    raise DamagedArchive(f"its member {name!r} has data after its array")
        except NpzError:
            raise
        except Exception as exc:  # bad CRC, damaged deflate stream, truncated file
            raise DamagedArchive(f"the data of its member {name!r} is damaged ({exc})") from None
        order = "F" if member.fortran_order else "C"
        return array.reshape(member.shape, order=order)


def _looks_like_zip(path):
    try:
        with open(path, "rb") as fh:
            return fh.read(4) in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
    except OSError:
        return False
