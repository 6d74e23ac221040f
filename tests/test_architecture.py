"""The shape of the code, kept by tests: files readable whole, few imports hidden inside
functions, and every package under cms/ saying what it owns.

Read with ``ast`` from the source files, so nothing is imported or executed: a module
that fails to import still counts. Import cycles and the dependency direction are
import-linter's (pyproject.toml); these are the rules it cannot express.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The project's own code: what the rules below apply to (tests and migrations aside).
PROJECT_PACKAGES = ("cms", "home", "participants", "articles", "search", "bench", "examples")

MAX_LINES = 500

# Imports placed inside functions in the project's code. Each one hides a dependency
# from readers and from import-linter, so only the app registry (AppConfig.ready),
# gunicorn's configuration (read before Django is set up) or an optional package may
# justify one, with a comment saying which. Lower this number when one goes; never
# raise it to make room for a new one: move the import to the top of its module, or
# invert the dependency (a Wagtail hook, a registry filled at start-up).
MAX_IMPORTS_INSIDE_FUNCTIONS = 10


def project_modules() -> Iterator[Path]:
    for package in PROJECT_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                yield path


def imports_inside_functions(path: Path, root: Path = ROOT) -> list[str]:
    """Each import statement inside a function (or a method), counted once, with the
    innermost function holding it: ``path:line function``."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found: dict[int, str] = {}
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import | ast.ImportFrom):
                found[node.lineno] = function.name  # ast.walk goes outside in
    location = path.relative_to(root)
    return [f"{location}:{line} {name}" for line, name in sorted(found.items())]


def test_no_module_is_over_500_lines() -> None:
    """A module is read whole; past 500 lines it holds more than one concern. Tests
    too. Demo text (``demo.py``, the seed's prose) and migrations (generated) are exempt."""
    tests = (path for path in sorted((ROOT / "tests").rglob("*.py")))
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in (*project_modules(), *tests)
        if path.name != "demo.py" and (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert too_long == {}, f"over {MAX_LINES} lines: split them by concern"


def test_imports_inside_functions_do_not_grow() -> None:
    found = [entry for path in project_modules() for entry in imports_inside_functions(path)]
    assert len(found) <= MAX_IMPORTS_INSIDE_FUNCTIONS, (
        f"{len(found)} imports inside functions, at most {MAX_IMPORTS_INSIDE_FUNCTIONS}:\n"
        + "\n".join(found)
    )


def test_every_package_under_cms_says_what_it_owns() -> None:
    """Each package's ``__init__.py`` opens with a docstring: what it owns, its public
    API, what it may import. The first thing a newcomer reads."""
    silent = [
        str(init.relative_to(ROOT))
        for init in sorted((ROOT / "cms").rglob("__init__.py"))
        if "migrations" not in init.relative_to(ROOT).parts
        and not ast.get_docstring(ast.parse(init.read_text()))
    ]
    assert silent == []


def test_the_count_sees_an_import_inside_a_function(tmp_path: Path) -> None:
    """The counter itself: one per import statement inside a function or method, nested
    functions counted once, module-level and class-level imports not counted."""
    module = tmp_path / "sample.py"
    module.write_text(
        "import os\n"
        "\n"
        "def outer():\n"
        "    import json\n"
        "    def inner():\n"
        "        from pathlib import Path\n"
        "\n"
        "class Thing:\n"
        "    from typing import Any\n"
        "    def method(self):\n"
        "        import re\n"
    )
    assert imports_inside_functions(module, root=tmp_path) == [
        "sample.py:4 outer",
        "sample.py:6 inner",
        "sample.py:11 method",
    ]
