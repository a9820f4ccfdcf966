"""``mlpbook book``, ``i18n`` and ``test``: the README's commands, for a clone of the
repository (:mod:`mlpbook.book`)."""

from __future__ import annotations

import textwrap

from .common import EXIT_OK, PROG
from .options import _Formatter, _epilog


def add_parsers(commands):
    """The parsers of ``book``, ``i18n`` and ``test``."""
    p = commands.add_parser(
        "book", formatter_class=_Formatter,
        help="find MNIST, then build the whole website (_build/html)",
        description=textwrap.dedent("""\
            Find MNIST (downloading it into the cache if needed; without it the command stops
            with what to do), then run `jupyter-book build --all`, which executes every
            chapter. Exits non-zero if any chapter fails; run it again after fixing."""),
        epilog=_epilog(f"{PROG} book", f"{PROG} book --strict"))
    p.add_argument("--strict", action="store_true",
                   help="also fail on any Sphinx warning (what the tests do)")
    p.add_argument("--edition", action="append", choices=("en", "zh"), dest="editions",
                   help="build only this edition (repeatable; default: en and zh)")
    p.set_defaults(func=cmd_book)
    p = commands.add_parser(
        "i18n", formatter_class=_Formatter,
        help="the Chinese edition's catalogs: update after editing English, or show status",
        description=textwrap.dedent("""\
            update: extract the English prose of every page and merge it into the catalogs
            locales/zh_CN/LC_MESSAGES/<page>.po (new text arrives untranslated, edited text
            fuzzy, removed text is dropped). status: what is left to translate, per page."""),
        epilog=_epilog(f"{PROG} i18n update", f"{PROG} i18n status"))
    p.add_argument("action", choices=("update", "status"))
    p.set_defaults(func=cmd_i18n)
    p = commands.add_parser(
        "test", formatter_class=_Formatter, add_help=False,
        help="run every test (installs a Chromium for the browser tests if there is none)",
        description="Run `python -m pytest ARGS...` after making sure a Chromium is there.")
    p.add_argument("-h", "--help", action="help", help="show this help message and exit")
    p.add_argument("pytest_args", nargs="*", metavar="PYTEST_ARGS",
                   help="passed to pytest unchanged, e.g. -x -k website")
    p.set_defaults(func=cmd_test)


def cmd_book(args):
    from ..book.commands import build_book

    return build_book(strict=args.strict, editions=tuple(args.editions or ("en", "zh")))


def cmd_i18n(args):
    from ..book import editions

    if args.action == "update":
        editions.update_catalogs()
    rows = editions.catalog_status("zh")
    width = max((len(row.page) for row in rows), default=4)
    print(f"{'page':{width}}  entries  untranslated  fuzzy")
    for row in rows:
        print(f"{row.page:{width}}  {row.entries:7d}  {row.untranslated:12d}  {row.fuzzy:5d}")
    todo = sum(row.untranslated + row.fuzzy for row in rows)
    print(f"\n{todo} entr{'y' if todo == 1 else 'ies'} to translate"
          + ("" if todo else ": the Chinese edition is complete"))
    return EXIT_OK


def cmd_test(args):
    from ..book.commands import run_tests

    return run_tests(list(args.pytest_args))
