"""The package's shape: every module imports, no import cycle among reportgen's modules, and
no module changes another library by assigning to its attributes."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "reportgen"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def import_time_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """The imports a module runs when it is imported: not those in functions, nor those
    only type checkers read (`if TYPE_CHECKING:`)."""
    found = []

    def walk(statements):
        for node in statements:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                found.append(node)
            elif isinstance(node, ast.If):
                if not _is_type_checking(node.test):
                    walk(node.body)
                walk(node.orelse)
            elif isinstance(node, (ast.Try, ast.With, ast.ClassDef)):
                for field in ("body", "orelse", "finalbody"):
                    walk(getattr(node, field, []))
                for handler in getattr(node, "handlers", []):
                    walk(handler.body)

    walk(tree.body)
    return found


def _absolute(node: ast.ImportFrom, importer: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    base = base if is_package else base[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def dependencies(name: str, source: str, is_package: bool, modules) -> set[str]:
    """The reportgen modules `name` imports when it is imported."""
    out = set()
    for node in import_time_imports(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = _absolute(node, name, is_package)
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                       for alias in node.names]
        out.update(t for t in targets if t in modules and t != name)
    return out


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of `graph` (module -> modules it imports) as a path, or []."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        path.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return []


def library_patches(source: str) -> list[str]:
    """Assignments to (or setattr/delattr on) an attribute of something imported from
    outside reportgen: `jinja2.x = ...`, `HTML.render = ...`, `setattr(weasyprint, ...)`."""
    tree = ast.parse(source)
    foreign = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            foreign.update((alias.asname or alias.name).split(".")[0] for alias in node.names
                           if not alias.name.startswith("reportgen"))
        elif isinstance(node, ast.ImportFrom) and not node.level and not (node.module or "").startswith("reportgen"):
            foreign.update(alias.asname or alias.name for alias in node.names)

    def root(expr: ast.expr):
        while isinstance(expr, (ast.Attribute, ast.Subscript)):
            expr = expr.value
        return expr.id if isinstance(expr, ast.Name) else None

    found = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        elif isinstance(node, ast.Delete):
            targets = node.targets
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in ("setattr", "delattr") and node.args:
            if root(node.args[0]) in foreign:
                found.append(f"line {node.lineno}: {ast.unparse(node)}")
            continue
        for target in targets:
            for item in (target.elts if isinstance(target, ast.Tuple) else [target]):
                if isinstance(item, ast.Attribute) and root(item) in foreign:
                    found.append(f"line {node.lineno}: {ast.unparse(item)} = ...")
    return found


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_module_imports(name):
    importlib.import_module(name)


def test_no_import_cycle_among_reportgens_modules():
    graph = {name: dependencies(name, path.read_text(encoding="utf-8"), path.name == "__init__.py", MODULES)
             for name, path in MODULES.items()}
    assert sum(len(deps) for deps in graph.values()) > 50  # the scan sees the imports
    assert graph["reportgen.site.pages"] >= {"reportgen.site.registry", "reportgen.site.paging"}
    cycle = find_cycle(graph)
    assert not cycle, " -> ".join(cycle)


def test_no_module_assigns_to_another_librarys_attributes():
    found = {name: library_patches(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}
    assert not {name: hits for name, hits in found.items() if hits}


def test_the_cycle_finder_and_the_patch_scan_find_what_they_look_for():
    modules = {"reportgen.a", "reportgen.b", "reportgen.c", "reportgen.pkg", "reportgen.pkg.d"}
    graph = {
        "reportgen.a": dependencies("reportgen.a", "from reportgen import b\n", False, modules),
        "reportgen.b": dependencies("reportgen.b", "import reportgen.c\n", False, modules),
        "reportgen.c": dependencies("reportgen.c", "from .pkg.d import x\nif TYPE_CHECKING:\n    import reportgen.a\n"
                                    "def f():\n    from reportgen import a\n", False, modules),
        "reportgen.pkg.d": dependencies("reportgen.pkg.d", "from .. import a\n", False, modules),
    }
    assert graph["reportgen.c"] == {"reportgen.pkg.d"}
    assert find_cycle(graph) == ["reportgen.a", "reportgen.b", "reportgen.c", "reportgen.pkg.d", "reportgen.a"]
    graph["reportgen.pkg.d"] = set()
    assert find_cycle(graph) == []
    assert library_patches("import jinja2\njinja2.Environment.x = 1\n") == ["line 2: jinja2.Environment.x = ..."]
    assert library_patches("from weasyprint import HTML\ndef f():\n    HTML.render = g\n") \
        == ["line 3: HTML.render = ..."]
    assert library_patches("import pydyf as p\nsetattr(p, 'x', 1)\n") == ["line 2: setattr(p, 'x', 1)"]
    assert library_patches("from reportgen import pages\npages.X = 1\nclass A:\n    def f(self):\n"
                           "        self.x = 1\n") == []
