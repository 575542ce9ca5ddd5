"""The store stands beside the domain, as the back offices do (STYLE 2.1)."""

import returns.services
from tests.test_layout import ROOT, _imported_modules


def _imports_of_app(app: str) -> set[str]:
    names = set()
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        package = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        if path.name != "__init__.py":
            package = package.rsplit(".", 1)[0]
        names |= _imported_modules(path, package)
    return names


def _from(names: set[str], app: str) -> set[str]:
    return {name for name in names if name == app or name.startswith(f"{app}.")}


def test_orders_imports_neither_returns_nor_the_store():
    imported = _imports_of_app("orders")
    assert not _from(imported, "returns") | _from(imported, "store")


def test_the_domain_and_the_back_offices_never_import_the_store():
    for app in ["returns", "backoffice"]:
        assert not _from(_imports_of_app(app), "store"), app


def test_the_store_reads_through_selectors_and_calls_only_public_services():
    imported = _imports_of_app("store")
    assert _from(imported, "orders.selectors")
    assert _from(imported, "returns.selectors")
    public = {f"returns.services.{name}" for name in returns.services.__all__}
    assert _from(imported, "returns.services") - {"returns.services"} <= public
