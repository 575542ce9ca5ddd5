"""What Omnitron's and Seller Center's screens share; neither site's modules import each other.

- `pages`: list paging, read-only pages and inlines, 404s for other people's objects,
  custom admin pages and bulk-action confirmations;
- `decisions`: approving and rejecting cancellation and return requests.
"""
