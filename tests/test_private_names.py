"""No module of the project relies on Django's private names (STYLE: no imports of Django's `_` names)."""

import ast
import re
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[1]
SKIPPED = {".venv", "staticfiles", "node_modules", "migrations"}
# Underscored names that Django documents as public API.
DOCUMENTED = {"_meta", "_state", "_default_manager", "_base_manager"}
DEFINED_IN_DJANGO = re.compile(r"(?:def |class |\.|^\s*)(_[A-Za-z]\w*)\s*[=(:]", re.M)


def project_modules():
    for path in sorted(ROOT.rglob("*.py")):
        if not SKIPPED & set(path.relative_to(ROOT).parts):
            yield path, ast.parse(path.read_text(), str(path))


def private_django_imports(path: Path, tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "django":
            private_module = any(part.startswith("_") for part in node.module.split("."))
            found += [
                f"{path.relative_to(ROOT)}:{node.lineno} from {node.module} import {alias.name}"
                for alias in node.names
                if private_module or alias.name.startswith("_")
            ]
        elif isinstance(node, ast.Import):
            found += [
                f"{path.relative_to(ROOT)}:{node.lineno} import {alias.name}"
                for alias in node.names
                if alias.name.split(".")[0] == "django" and any(p.startswith("_") for p in alias.name.split("."))
            ]
    return found


def names_defined(tree: ast.AST) -> set[str]:
    """Functions, classes, module and class attributes, and `self.`/`cls.` attributes the module defines."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                for part in ast.walk(target):
                    if isinstance(part, ast.Name):
                        names.add(part.id)
                    elif isinstance(part, ast.Attribute) and getattr(part.value, "id", None) in ("self", "cls"):
                        names.add(part.attr)
    return names


def private_attributes(path: Path, tree: ast.AST) -> dict[str, list[str]]:
    used = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            used.setdefault(node.attr, []).append(f"{path.relative_to(ROOT)}:{node.lineno} .{node.attr}")
    return used


def test_no_module_imports_a_private_django_name():
    found = [line for path, tree in project_modules() for line in private_django_imports(path, tree)]
    assert found == []


def test_no_module_reads_or_writes_a_private_attribute_of_django():
    modules = list(project_modules())
    ours = set().union(*(names_defined(tree) for _path, tree in modules))
    used = {}
    for path, tree in modules:
        for name, places in private_attributes(path, tree).items():
            used.setdefault(name, []).extend(places)
    django_source = "\n".join(p.read_text() for p in Path(django.__file__).parent.rglob("*.py"))
    djangos = set(DEFINED_IN_DJANGO.findall(django_source))
    found = [place for name in sorted(set(used) - ours - DOCUMENTED) if name in djangos for place in used[name]]
    assert found == []
