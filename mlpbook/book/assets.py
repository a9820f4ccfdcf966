"""The website's JavaScript, served by the site itself: pinned, verified, cached.

A reader may open the book with no internet (a classroom, a train, a firewall that blocks
public CDNs) or straight from disk. So every script a page runs is copied into the site's
``_static/mlpbook-web/`` when the book is built, never fetched from another host:

* RequireJS, the AMD loader the widget manager needs;
* ``@jupyter-widgets/html-manager`` 1.0.x (the ipywidgets 8 line), which renders the widgets'
  embedded state on a static page;
* MathJax 3, which typesets the formulas;
* anywidget's front-end bundle, taken from the *installed* anywidget package, so front end
  and back end always match.

The first three are npm packages. Each tarball is pinned by the SHA-512 the npm registry
publishes for it (its ``dist.integrity``), downloaded once from the registry into the user
cache (``~/.cache/mlpbook/web``) and verified on every use. anywidget's bundle is verified
against the hash pip recorded when it installed the package (its ``RECORD``).

:func:`install_web_assets` copies everything into a folder; :func:`widget_scripts` and
:data:`MATHJAX_PATH` say how a page loads it (used by the Sphinx extension and by the
widget tests, so both wire a page the same way).
"""

from __future__ import annotations

import base64
import csv
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
from importlib import metadata

from ..data import default_cache_dir

__all__ = ["AssetError", "NpmPackage", "PACKAGES", "WEB_DIR", "MATHJAX_PATH", "cache_dir",
           "fetch_package", "install_web_assets", "widget_scripts", "WIDGET_SETUP_JS"]

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
        "requirejs", "2.3.7",
        "sha512-DouTG8T1WanGok6Qjg2SXuCMzszOo0eHeH9hDZ5Y4x8Je+9JB38HdTLT4/VA8OaUhBa0JPVHJ0pyBkM1z+pDsw==",
        "requirejs", ("require.js",)),
    NpmPackage(
        "@jupyter-widgets/html-manager", "1.0.15",
        "sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA==",
        # The AMD build and the icon fonts its stylesheet names (woff2, with woff as fallback).
        "html-manager", ("dist/embed-amd.js", "dist/*.woff2", "dist/*.woff")),
    NpmPackage(
        "mathjax", "3.2.2",
        "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==",
        "mathjax",
        # The combined TeX+MathML+CHTML build, its fonts, and what it may load on demand
        # (TeX extensions via autoload, the menu, accessibility). Not the 24 MB of the rest.
        ("es5/tex-mml-chtml.js", "es5/output/chtml/fonts/woff-v2/*", "es5/input/tex/extensions/*",
         "es5/a11y/*", "es5/ui/*")),
)


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


def anywidget_bundle() -> pathlib.Path:
    """anywidget's AMD front end from the installed package, checked against pip's RECORD."""
    dist = metadata.distribution("anywidget")
    wanted = "anywidget/nbextension/index.js"
    for row in csv.reader(io.StringIO(dist.read_text("RECORD") or "")):
        if row and row[0] == wanted:
            path = pathlib.Path(dist.locate_file(wanted))
            if len(row) > 1 and row[1].startswith("sha256="):
                digest = base64.urlsafe_b64encode(hashlib.sha256(path.read_bytes()).digest())
                if row[1] != "sha256=" + digest.decode().rstrip("="):
                    raise AssetError(
                        f"{path} differs from what pip installed: reinstall anywidget "
                        "(pip install --force-reinstall anywidget)")
            return path
    raise AssetError("the installed anywidget has no nbextension/index.js: "
                     "pip install --force-reinstall anywidget")


def install_web_assets(static_dir: str | os.PathLike) -> pathlib.Path:
    """Copy every pinned script into ``static_dir/mlpbook-web``; return that folder."""
    root = pathlib.Path(static_dir) / WEB_DIR
    for package in PACKAGES:
        _extract(package, fetch_package(package), root / package.target)
    (root / "anywidget").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(anywidget_bundle(), root / "anywidget" / "index.js")
    (root / "widgets-setup.js").write_text(WIDGET_SETUP_JS, encoding="utf-8")
    return root


# Runs after RequireJS and before the widget manager: tells RequireJS where anywidget and
# the manager live (as paths next to this script, which works on any page depth, over http
# and from file://), so nothing is asked of a CDN; and lets the manager typeset widget
# labels with MathJax 3 (it calls the MathJax 2 API, MathJax.Hub.Queue).
WIDGET_SETUP_JS = r"""(function () {
  var script = document.currentScript;
  var base = script ? script.src.replace(/[?#].*$/, "").replace(/[^/]*$/, "") : "";
  if (window.require && window.require.config) {
    window.require.config({paths: {
      "anywidget": base + "anywidget/index",
      "@jupyter-widgets/html-manager/dist": base + "html-manager/dist"
    }});
  }
  document.addEventListener("DOMContentLoaded", function () {
    var mj = window.MathJax;
    if (!mj || mj.Hub) { return; }
    mj.Hub = {Queue: function (job) {
      var el = job && job[2];
      if (!el || !mj.startup || !mj.startup.promise) { return; }
      el.textContent = el.textContent.replace(/\$([^$]+)\$/g, "\\($1\\)");
      mj.startup.promise.then(function () { return mj.typesetPromise([el]); });
    }};
  });
})();
"""


def widget_scripts() -> dict[str, dict[str, str]]:
    """The scripts a page with widgets loads, in order, as Sphinx ``add_js_file`` arguments
    (paths relative to ``_static``; myst-nb's ``nb_ipywidgets_js``)."""
    return {
        f"{WEB_DIR}/requirejs/require.js": {},
        f"{WEB_DIR}/widgets-setup.js": {},
        # The manager falls back to this "CDN" for a module RequireJS cannot find: point it
        # at the site itself, so a missing module is a local 404, never a request elsewhere.
        f"{WEB_DIR}/html-manager/dist/embed-amd.js": {"data-jupyter-widgets-cdn": "./"},
    }
