"""Omnitron, the marketplace owner's admin at /admin/: one module per screen."""
