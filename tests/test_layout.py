"""The package's folders are its architecture, and its imports flow one way (issue 21).

    i18n        the reader's language; imports nothing of mlpbook
    engine/     the network and how it learns            -> i18n
    lessons/    the computations behind the chapters     -> engine, i18n
    viz/  widgets/  exercises/                           -> lessons, engine, i18n, and each
                figures, interactive figures, exercises     other's public face only
                                                            (``mlpbook.widgets``, never
                                                            ``mlpbook.widgets.answer_box``)
    book/  cli/  bench  __main__                         -> anything: nothing imports them
    mlpbook (its __init__: the published names)         -> engine, i18n

Every ``import`` counts, also one inside a function (a lazy import is still an arrow), and so
does ``importlib.import_module("mlpbook....")``. The tests read the sources with ``ast``:
nothing is imported, so they also hold for code no test runs.
"""

from __future__ import annotations

import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "mlpbook"

#: The wings, lowest first; a module of a wing may import the wings listed for it.
PEERS = ("viz", "widgets", "exercises")
ALLOWED = {
    "i18n": set(),
    "engine": {"i18n", "engine"},
    "lessons": {"i18n", "engine", "lessons"},
    **{peer: {"i18n", "engine", "lessons", peer} for peer in PEERS},
    "root": {"i18n", "engine"},
}
TOP = {"book", "cli", "bench", "__main__"}
#: What the top of the package holds besides the wings' folders.
TOP_MODULES = {"__init__.py", "__main__.py", "bench.py", "i18n.py"}
FOLDERS = {"engine", "lessons", "viz", "widgets", "exercises", "book", "cli"}


def module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in p.parts}


def wing(module: str) -> str:
    """``mlpbook.engine.data`` -> ``engine``; the package itself -> ``root``."""
    parts = module.split(".")
    if len(parts) == 1:
        return "root"
    return "top" if parts[1] in TOP else parts[1]


def imports(module: str):
    """``(line, imported module)`` for every mlpbook import of ``module``.

    ``from PKG import name`` names the submodule ``PKG.name`` when there is one, else
    ``PKG`` (a name defined in PKG's __init__)."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "mlpbook":
                    yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "mlpbook":
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                yield node.lineno, sub if sub in MODULES else target
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None))
              == "import_module" and node.args and isinstance(node.args[0], ast.Constant)
              and str(node.args[0].value).startswith("mlpbook")):
            yield node.lineno, node.args[0].value


def wrong_way(module: str, target: str) -> str | None:
    """Why ``module`` may not import ``target``, or None when it may."""
    here, there = wing(module), wing(target)
    if here == "top" or target == module:
        return None
    if there in ALLOWED.get(here, set()):
        return None
    if here in PEERS and there in PEERS and target == f"mlpbook.{there}":
        return None  # another peer's public face (its package), not its internals
    if here in PEERS and there in PEERS:
        return (f"{here} may use {there} only through mlpbook.{there} (its public names), "
                f"not its internals")
    allowed = sorted(ALLOWED.get(here, ()))
    return f"{here} may import only {', '.join(allowed) or 'nothing of mlpbook'}"


def test_the_package_is_parsed_whole():
    assert len(MODULES) > 60
    assert {"mlpbook.engine.network", "mlpbook.lessons.neuron", "mlpbook.viz", "mlpbook.widgets",
            "mlpbook.exercises", "mlpbook.book", "mlpbook.cli"} <= set(MODULES)


def test_the_top_of_the_package_holds_only_the_wings():
    top = {p.name for p in PACKAGE.iterdir() if p.suffix == ".py"}
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert top == TOP_MODULES, (
        f"modules at the top of mlpbook/ besides {sorted(TOP_MODULES)}: "
        f"{sorted(top - TOP_MODULES)}; put each in its wing (engine, lessons, viz, widgets, ...)")
    assert folders == FOLDERS


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_flow_one_way(module):
    against = [f"{module}:{line} imports {target}: {why}"
               for line, target in imports(module)
               if (why := wrong_way(module, target))]
    assert not against, "an import against the layout's direction:\n" + "\n".join(against)


def test_the_rule_catches_arrows_against_it():
    assert wrong_way("mlpbook.engine.train", "mlpbook.viz")
    assert wrong_way("mlpbook.engine.data", "mlpbook.lessons.neuron")
    assert wrong_way("mlpbook.lessons.cost", "mlpbook.widgets.handwriting")
    assert wrong_way("mlpbook.exercises.core", "mlpbook.widgets.answer_box")
    assert wrong_way("mlpbook.viz.curves", "mlpbook.book.glue")
    assert wrong_way("mlpbook.engine.train", "mlpbook")  # the root's names come from the engine
    assert wrong_way("mlpbook", "mlpbook.viz")  # `import mlpbook` stays light
    assert wrong_way("mlpbook.i18n", "mlpbook.engine.data")
    assert not wrong_way("mlpbook.exercises.core", "mlpbook.widgets")
    assert not wrong_way("mlpbook.viz.neuron", "mlpbook.lessons.neuron")
    assert not wrong_way("mlpbook.cli.train", "mlpbook.viz")


def test_no_two_modules_import_each_other():
    """No import circle, direct or through others (lazy imports count)."""
    graph = {m: {t for _, t in imports(m) if t in MODULES and t != m} for m in MODULES}
    index, low, stack, on_stack, circles = {}, {}, [], set(), []

    def visit(node):  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    assert not circles, f"modules that import each other (directly or in a circle): {circles}"
