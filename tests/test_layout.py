"""How the project is laid out: the admin pages are Django's own, and the two back offices
stand apart (see "Where each screen's code is" in the README)."""

import ast
from pathlib import Path

import django.contrib.admin

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
DJANGO_ADMIN_TEMPLATES = Path(django.contrib.admin.__file__).parent / "templates"

# The documented overrides: the site's frame, and the change forms that add the request's
# the plan's and a webhook delivery's buttons. Every other admin template of ours has a name of its own.
ALLOWED_OVERRIDES = {
    "admin/base_site.html",
    "admin/returns/cancellationrequest/change_form.html",
    "admin/returns/cancellationplan/change_form.html",
    "admin/api/webhookdelivery/change_form.html",
}


def _names(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def _overrides_django(name: str, djangos: set[str]) -> bool:
    """Whether Django's admin would load this template instead of one of its own: the same
    name, or the per-app (`admin/<app>/…`) and per-model (`admin/<app>/<model>/…`) names
    it looks up first."""
    parts = name.split("/")
    candidates = {name} | {"/".join([parts[0], *parts[cut:]]) for cut in (2, 3) if len(parts) > cut}
    return bool(candidates & djangos)


def test_the_lookup_recognises_a_per_app_and_a_per_model_override():
    djangos = _names(DJANGO_ADMIN_TEMPLATES)

    assert _overrides_django("admin/change_list.html", djangos)
    assert _overrides_django("admin/orders/change_list_results.html", djangos)
    assert _overrides_django("admin/orders/order/change_form.html", djangos)
    assert not _overrides_django("admin/orders/order/detail.html", djangos)


def test_no_template_overrides_django_admins_own_but_the_documented_ones():
    djangos = _names(DJANGO_ADMIN_TEMPLATES)
    assert "admin/change_list.html" in djangos

    overrides = {name for name in _names(TEMPLATES) if _overrides_django(name, djangos)}

    assert overrides <= ALLOWED_OVERRIDES, sorted(overrides - ALLOWED_OVERRIDES)


def _imported_modules(path: Path, package: str) -> set[str]:
    """Absolute names of the modules a file imports (relative imports resolved)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def test_each_back_office_imports_only_the_common_bases_never_the_other_site():
    orders = _imported_modules(ROOT / "backoffice" / "omnitron" / "orders.py", "backoffice.omnitron")
    assert {"backoffice.common.pages", "backoffice.omnitron.site"} <= orders  # relative imports are resolved

    sites = {"omnitron": "backoffice.seller_center", "seller_center": "backoffice.omnitron"}
    for site, other in sites.items():
        for path in (ROOT / "backoffice" / site).glob("*.py"):
            imported = _imported_modules(path, f"backoffice.{site}")
            assert not {name for name in imported if name.startswith(other)}, path.name
