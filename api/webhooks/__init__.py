"""Signed webhooks (SPEC section 8): subscriptions, the events written in the workflow's own
transaction, and their deliveries, sent by a worker after commit with retries and backoff."""
