"""The digits the trainer widget trains on in the reader's browser, written when the book is built.

The trainer (:mod:`mlpbook.widgets.trainer`) fetches its data only when the reader first
presses "Train", so pages stay light: 10,000 training and 2,000 test images of MNIST as
raw bytes, gzipped (about 1.9 MB; PNG is no smaller and slower to decode). The files are
made from the MNIST the loader finds, at build time, and never committed: MNIST is not ours
to copy into the repository (CC BY-SA 3.0, credited by the widget).

Two files, in ``_static/mlpbook-data/``:

* ``mnist-subset.bin.gz``: the bytes of :func:`mlpbook.widgets.browser_training.gzip_subset`,
  fetched over http(s);
* ``mnist-subset.js``: the same bytes as base64 in a script that sets
  ``globalThis.mlpbookTrainerData``, for a site opened from disk, where ``fetch`` is refused
  but a ``<script>`` still loads.
"""

from __future__ import annotations

import base64
import os
import pathlib

from ..widgets import browser_training

__all__ = ["DATA_DIR", "BIN_NAME", "JS_NAME", "GLOBAL_NAME", "write_trainer_data"]

#: The folder inside ``_static`` and the two file names the widget asks for.
DATA_DIR = "mlpbook-data"
BIN_NAME = "mnist-subset.bin.gz"
JS_NAME = "mnist-subset.js"
#: The global the fallback script sets (a string: base64 of the gzipped bytes).
GLOBAL_NAME = "mlpbookTrainerData"


def _write_if_changed(path: pathlib.Path, data: bytes) -> None:
    """Write ``data`` whole (temporary file, then rename), or leave an identical file alone."""
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_trainer_data(static_dir, data_dir=None) -> dict:
    """Write the trainer's data files into ``static_dir/mlpbook-data/``; return their sizes.

    MNIST is found as everywhere else (``data_dir``, then ``MLPBOOK_DATA_DIR``, then the
    cache, then a download). Returns ``{"folder", "bin_gz_bytes", "js_bytes", "n_train",
    "n_test"}``.
    """
    from ..engine.data import load_mnist

    data = browser_training.subset(load_mnist(data_dir, progress=False))
    gz = browser_training.gzip_subset(data)
    script = (f"// {len(data.train_labels)} training and {len(data.test_labels)} test images "
              "of MNIST (Y. LeCun, C. Cortes, C. J. C. Burges; CC BY-SA 3.0) for mlpbook's "
              "trainer,\n// as base64 of mnist-subset.bin.gz: used when the site is opened "
              "from disk.\n"
              f'globalThis.{GLOBAL_NAME} = "{base64.b64encode(gz).decode("ascii")}";\n')
    folder = pathlib.Path(static_dir) / DATA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    _write_if_changed(folder / BIN_NAME, gz)
    _write_if_changed(folder / JS_NAME, script.encode("ascii"))
    return {"folder": str(folder), "bin_gz_bytes": len(gz), "js_bytes": len(script),
            "n_train": len(data.train_labels), "n_test": len(data.test_labels)}
