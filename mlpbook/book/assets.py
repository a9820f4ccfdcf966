"""The website's JavaScript, served by the site itself: pinned, verified, cached.

A reader may open the book with no internet (a classroom, a train, a firewall that blocks
public CDNs) or straight from disk. So every script a page runs is copied into the site's
``_static/mlpbook-web/`` when the book is built, never fetched from another host:

* MathJax 3, which typesets the formulas: an npm package, pinned by the SHA-512 the npm
  registry publishes for its tarball (``dist.integrity``), downloaded once from the
  registry into the user cache (``~/.cache/mlpbook/web``) and verified on every use;
* ``widgets.js`` (``static_widgets.js`` beside this file), mlpbook's own few-KB loader that
  renders the book's anywidget figures from the state the build embedded in the page.

The theme's Font Awesome script (0.54 MB gzip on every page) is replaced by a few lines:
the theme's stylesheet already draws the same icons with Font Awesome's webfonts
(:func:`replace_theme_icon_script`).

Why no RequireJS + ``@jupyter-widgets/html-manager`` + anywidget's AMD bundle, the route
first prototyped: they weigh 1.0 MB gzip per page (the manager alone 0.92 MB, with its icon
fonts) and took 2-3 s to make a widget page interactive on the 2-core CI machine, against
targets of 2 MB for the heaviest page and 2 s. Every figure of the book is an anywidget, and
an anywidget needs only its embedded state and a small model object on a static page.

:func:`install_web_assets` copies everything into a folder; :func:`widget_scripts` and
:data:`MATHJAX_PATH` say how a page loads it (used by the Sphinx extension and by the
widget tests, so both wire a page the same way).
"""

from __future__ import annotations

import base64
import dataclasses
import fnmatch
import hashlib
import io
import os
import pathlib
import shutil
import tarfile
import tempfile
import urllib.request

from ..engine.data import default_cache_dir

__all__ = ["AssetError", "NpmPackage", "PACKAGES", "AXE_CORE", "WEB_DIR", "MATHJAX_PATH",
           "WIDGET_LOADER", "cache_dir", "fetch_package", "package_file", "install_web_assets",
           "widget_scripts"]

#: The folder, inside the site's ``_static``, that holds every script the pages load.
WEB_DIR = "mlpbook-web"
#: MathJax's entry point, relative to ``_static`` (Sphinx's ``mathjax_path``).
MATHJAX_PATH = f"{WEB_DIR}/mathjax/es5/tex-mml-chtml.js"
#: Environment variable naming another npm registry (e.g. a company mirror).
REGISTRY_ENV = "MLPBOOK_NPM_REGISTRY"
DEFAULT_REGISTRY = "https://registry.npmjs.org"


class AssetError(RuntimeError):
    """A web asset could not be had or failed verification; the message says how to fix it."""


@dataclasses.dataclass(frozen=True)
class NpmPackage:
    """One pinned npm tarball and the files of it the site needs.

    ``files`` are paths or shell patterns (``fnmatch``: ``*`` also matches ``/``) inside the
    tarball's ``package/`` folder.
    """

    name: str
    version: str
    integrity: str  # "sha512-<base64>", as the registry publishes it
    target: str  # folder under WEB_DIR
    files: tuple[str, ...]

    @property
    def tarball_name(self) -> str:
        return f"{self.name.split('/')[-1]}-{self.version}.tgz"

    def url(self, registry: str) -> str:
        return f"{registry.rstrip('/')}/{self.name}/-/{self.tarball_name}"


PACKAGES = (
    NpmPackage(
        "mathjax", "3.2.2",
        "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==",
        "mathjax",
        # The combined TeX+MathML+CHTML build, its fonts, and what it may load on demand
        # (TeX extensions via autoload, the menu, accessibility). Not the 24 MB of the rest.
        ("es5/tex-mml-chtml.js", "es5/output/chtml/fonts/woff-v2/*", "es5/input/tex/extensions/*",
         "es5/a11y/*", "es5/ui/*")),
)

#: axe-core, the accessibility checker the site's tests run inside every page
#: (tests/test_site_accessibility.py). Pinned and verified like the site's scripts, but never
#: copied into the site: no reader's page loads it.
AXE_CORE = NpmPackage(
    "axe-core", "4.14.1",
    "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
    "axe-core", ("axe.min.js",))

#: The static-page widget loader shipped with the package.
WIDGET_LOADER = pathlib.Path(__file__).with_name("static_widgets.js")
#: The site's own small stylesheet (the language switch, dark mode, phones), relative to
#: ``_static``.
SITE_CSS = f"{WEB_DIR}/mlpbook.css"
#: Every page's script for formulas too wide for the screen (file name inside WEB_DIR).
FORMULAS = "formulas.js"


def cache_dir() -> pathlib.Path:
    """Where the verified tarballs are kept between builds."""
    return default_cache_dir() / "web"


def _integrity_of(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def _download(url: str, timeout: float = 60) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (https only)
        return response.read()


def fetch_package(package: NpmPackage, cache: pathlib.Path | None = None) -> bytes:
    """The package's tarball, verified: from the cache, else downloaded from the registry."""
    cache = cache or cache_dir()
    path = cache / package.tarball_name
    if path.is_file():
        data = path.read_bytes()
        if _integrity_of(data) == package.integrity:
            return data
        path.unlink()  # damaged or foreign: fetch it again
    registry = os.environ.get(REGISTRY_ENV, "").strip() or DEFAULT_REGISTRY
    url = package.url(registry)
    try:
        data = _download(url)
    except OSError as exc:
        raise AssetError(
            f"the website needs {package.name}@{package.version}, which is not in {cache} and "
            f"could not be downloaded from {url}: {exc}.\n"
            f"Fix: connect to the internet once (the file is then kept in {cache}), or put "
            f"the npm tarball {package.tarball_name} there yourself "
            f"(`npm pack {package.name}@{package.version}` makes it), or set {REGISTRY_ENV} "
            "to a registry you can reach."
        ) from exc
    if _integrity_of(data) != package.integrity:
        raise AssetError(
            f"{url} did not match the pinned checksum of {package.name}@{package.version} "
            f"({package.integrity[:24]}...); it was not used. Try again later, or check "
            f"{REGISTRY_ENV} if you set it."
        )
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=cache, delete=False, suffix=".part") as tmp:
        tmp.write(data)
    os.replace(tmp.name, path)
    return data


def package_file(package: NpmPackage, inner: str, cache: pathlib.Path | None = None) -> bytes:
    """One file of a pinned package (``inner``: its path inside ``package/``), read from the
    verified tarball (:func:`fetch_package`)."""
    with tarfile.open(fileobj=io.BytesIO(fetch_package(package, cache)), mode="r:gz") as tar:
        try:
            member = tar.getmember(f"package/{inner}")
        except KeyError:
            raise AssetError(f"{package.name}@{package.version} has no {inner}") from None
        return tar.extractfile(member).read()


def _extract(package: NpmPackage, data: bytes, dest: pathlib.Path) -> list[pathlib.Path]:
    written = []
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            if not member.isfile() or not member.name.startswith("package/"):
                continue
            inner = member.name[len("package/"):]
            if not any(fnmatch.fnmatchcase(inner, pattern) for pattern in package.files):
                continue
            target = (dest / inner).resolve()
            if dest.resolve() not in target.parents:  # no "../" tricks
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(tar.extractfile(member).read())
            written.append(target)
    missing = [f for f in package.files if "*" not in f and not (dest / f).is_file()]
    if missing:
        raise AssetError(f"{package.name}@{package.version} has no {', '.join(missing)}")
    return written


def install_web_assets(static_dir: str | os.PathLike) -> pathlib.Path:
    """Copy every pinned script and the widget loader into ``static_dir/mlpbook-web``."""
    root = pathlib.Path(static_dir) / WEB_DIR
    for package in PACKAGES:
        _extract(package, fetch_package(package), root / package.target)
    root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(WIDGET_LOADER, root / "widgets.js")
    shutil.copyfile(pathlib.Path(__file__).with_name("site.css"), root / "mlpbook.css")
    shutil.copyfile(pathlib.Path(__file__).with_name("formulas.js"), root / FORMULAS)
    (root / BOOK_PROGRESS).write_text(book_progress_script(), encoding="utf-8")
    return root


#: The theme's Font Awesome script, relative to ``_static`` (pydata-sphinx-theme ships it).
THEME_ICON_SCRIPT = "scripts/fontawesome.js"
#: What the site serves in its place (see :func:`replace_theme_icon_script`).
ICON_SCRIPT = """\
// mlpbook: the theme's icons are drawn by its stylesheet (Font Awesome's webfonts, which every
// page loads anyway). Font Awesome's own script, which this file replaces, redrew the same
// icons as SVG and weighed 1.5 MB (0.54 MB gzip) on every page. What it also did for screen
// readers is kept: an icon with no text and no title of its own is decorative.
(function () {
  "use strict";
  function hide() {
    for (const el of document.querySelectorAll('i[class*="fa-"], span[class*="fa-"]')) {
      if (!el.hasAttribute("aria-hidden") && !el.hasAttribute("title") && !el.textContent.trim()) {
        el.setAttribute("aria-hidden", "true");
      }
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", hide);
  else hide();
})();
"""


def replace_theme_icon_script(static_dir: str | os.PathLike) -> bool:
    """Serve :data:`ICON_SCRIPT` in place of the theme's Font Awesome script, if the theme
    wrote one and its stylesheet draws the icons itself; returns whether it did.

    The page weight target (<= 2 MB gzip for every page) is otherwise lost to one icon
    library loaded twice: as a script and as webfonts.
    """
    static = pathlib.Path(static_dir)
    script = static / THEME_ICON_SCRIPT
    css = static / "styles" / "pydata-sphinx-theme.css"
    if not script.is_file() or not css.is_file():
        return False
    styles = css.read_text(encoding="utf-8", errors="replace")
    if "fa-solid-900.woff2" not in styles or ".fa-rocket:before" not in styles:
        return False  # the stylesheet does not draw the icons: keep the theme's script
    script.write_text(ICON_SCRIPT, encoding="utf-8")
    return True


def forget_theme_icon_script(static_dir: str | os.PathLike) -> bool:
    """Remove the few lines :func:`replace_theme_icon_script` wrote in an earlier build, so
    that the next build copies the theme's script afresh instead of warning that it
    overwrites a different file (a warning fails a ``--strict`` build); returns whether it
    did. Anything else at that path is left alone."""
    script = pathlib.Path(static_dir) / THEME_ICON_SCRIPT
    if script.is_file() and script.read_text(encoding="utf-8", errors="replace") == ICON_SCRIPT:
        script.unlink()
        return True
    return False


#: The first page's progress table (a classic script, assembled by book_progress_script).
BOOK_PROGRESS = "book_progress.js"


def book_progress_script() -> str:
    """``book_progress.js`` with the exercise helpers it uses in front of it, as one classic
    script: ``mlpbook/widgets/_exercise.js`` (the answer boxes' own progress record) with its
    ``export`` keywords dropped, so the two can never disagree about where progress lives."""
    import re

    here = pathlib.Path(__file__).resolve().parent
    helpers = (here.parent / "widgets" / "_exercise.js").read_text(encoding="utf-8")
    helpers = re.sub(r"^export ", "", helpers, flags=re.M)
    own = (here / BOOK_PROGRESS).read_text(encoding="utf-8")
    return f'(function () {{\n"use strict";\n{helpers}\n{own}\n}})();\n'


def widget_scripts() -> dict[str, dict[str, str]]:
    """The scripts a page with widgets loads, as Sphinx ``add_js_file`` arguments (paths
    relative to ``_static``; myst-nb's ``nb_ipywidgets_js``)."""
    return {f"{WEB_DIR}/widgets.js": {}}
