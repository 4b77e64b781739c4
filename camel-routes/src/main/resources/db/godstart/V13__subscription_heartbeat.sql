-- The backport's heartbeat: a subscriber that asked for one (backport-heartbeat-period, seconds) is sent a heartbeat
-- notification when nothing else reached it for that long, so it can tell a quiet hub from a broken one.
ALTER TABLE hub_subscription ADD COLUMN heartbeat_seconds INT;
ALTER TABLE hub_subscription ADD COLUMN last_sent_at TIMESTAMPTZ;   -- the last event or heartbeat the subscriber took
