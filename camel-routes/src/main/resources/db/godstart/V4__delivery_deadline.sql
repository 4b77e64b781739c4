-- When the agreement's term wants the recipient to have the notification (event time + the term's deadline).
-- Undelivered rows past it are counted for alerting (godstart_delivery_overdue).
ALTER TABLE hub_delivery ADD COLUMN due_at TIMESTAMPTZ;
CREATE INDEX hub_delivery_due_at ON hub_delivery (due_at) WHERE state <> 'delivered' AND due_at IS NOT NULL;
