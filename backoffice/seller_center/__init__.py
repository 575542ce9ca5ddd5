"""Seller Center, the sellers' admin at /seller/: one module per screen."""
