"""Admin registrations for Omnitron (owner) and Seller Center (sellers)."""

from . import owner, seller  # noqa: F401 - registers the ModelAdmins on both sites
