-- Subscription.end: when the subscription stops. Writes after it are no longer matched, and the hub then turns the
-- subscription off (status off, kept for the subscriber to read or re-request with a new end).
ALTER TABLE hub_subscription ADD COLUMN ends_at TIMESTAMPTZ;
