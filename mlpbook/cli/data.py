"""``mlpbook data``: where MNIST is; ``--check`` verifies the four files."""

from __future__ import annotations

import textwrap

from .common import (EXIT_CHECK_FAILED, EXIT_OK, PROG, _announce_download, _candidate_folder,
                     _print_json)
from .options import _Formatter, _data_options, _epilog, _verify_option


def add_parser(commands):
    """The ``data`` command's parser."""
    p = commands.add_parser(
        "data", formatter_class=_Formatter,
        help="where MNIST is; --check verifies the files",
        description=textwrap.dedent("""\
            Print the folder holding the data (downloading MNIST into the cache when it is
            nowhere to be found), or with --check show each file as ok, missing, mismatch
            (readable, but not the official MNIST file), damaged (cannot be decompressed or
            is not IDX) or unreadable (cannot be opened: permissions?). --check exits 1
            when any file is not ok and never downloads. --json prints one JSON object."""),
        epilog=_epilog(
            f"{PROG} data",
            f"{PROG} data --check",
            f"{PROG} data --dir ~/datasets/mnist --check",
            f"{PROG} data --dir ~/datasets/fashion --check --no-verify"))
    _data_options(p, with_dir_alias=True)
    p.add_argument("--check", action="store_true", help="verify the four files and print a table")
    _verify_option(p)
    p.add_argument("--json", action="store_true",
                   help="print one JSON object instead (the folder; with --check each file's status)")
    p.set_defaults(func=cmd_data)


def cmd_data(args):
    from ..engine import data

    if not args.check:
        _announce_download(args.data_dir)
        folder = data.find_data_dir(args.data_dir)
        if args.json:
            _print_json({"folder": folder})
        else:
            print(folder)
        return EXIT_OK

    folder, origin = _candidate_folder(args.data_dir)
    checksums = None if args.no_verify else data.MNIST_SHA256
    statuses = data.verify(folder, checksums)
    bad = {name: status for name, status in statuses.items() if status != "ok"}
    if args.json:
        _print_json({"folder": folder, "origin": origin, "exists": folder.is_dir(),
                     "check": "readable" if args.no_verify else "sha256",
                     "files": statuses, "ok": not bad})
        return EXIT_CHECK_FAILED if bad else EXIT_OK
    where = {"--data-dir": "the folder given", "cache": "the mlpbook cache"}.get(
        origin, f"from {origin}")
    exists = ("" if folder.is_dir() else
              ", is a file, not a folder" if folder.exists() else ", does not exist")
    print(f"folder  {folder}  ({where}{exists})")
    print(f"check   {'readable IDX files only (--no-verify)' if args.no_verify else 'MNIST SHA-256 checksums'}")
    width = max(len(name) for name in statuses)
    print()
    print(f"{'file':<{width}}  status")
    for name, status in statuses.items():
        print(f"{name:<{width}}  {status}")
    print()
    if not bad:
        print(f"all {len(statuses)} files ok")
        return EXIT_OK
    print(f"{len(bad)} of {len(statuses)} files not ok.")
    hints = {
        "missing": "missing: the file (NAME or NAME.gz) is not in the folder",
        "damaged": "damaged: the file cannot be decompressed or is not a valid IDX file",
        "unreadable": "unreadable: the file is there but cannot be opened (check its "
                      "permissions: it must be readable by you)",
        "mismatch": "mismatch: the file is readable but is not the official MNIST file "
                    "(another dataset? then use --no-verify)",
    }
    for status in sorted(set(bad.values())):
        print(f"  {hints[status]}")
    if origin == "cache":
        print(f"Fix: delete the files that are not ok and run `{PROG} data` to download them again.")
    else:
        print("Fix: replace the files that are not ok with good copies.")
    return EXIT_CHECK_FAILED
