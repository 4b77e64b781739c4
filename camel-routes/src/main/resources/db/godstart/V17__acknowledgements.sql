-- MedCom reliable messaging: a delivered message is acknowledged only when the receiver's acknowledgement message
-- arrives (in the HTTP answer or later at $process-message). Receivers that answer HTTP only say so on their Endpoint.
ALTER TABLE hub_delivery
    ADD COLUMN acknowledgement  VARCHAR(16) NOT NULL DEFAULT 'message',  -- message | http: what the receiver answers with
    ADD COLUMN ack_state        VARCHAR(16),   -- awaiting | ok | transient-error | fatal-error | not-expected (http)
    ADD COLUMN ack_due_at       TIMESTAMPTZ,   -- while awaiting: resent (or parked no-acknowledgement) after this
    ADD COLUMN resends          INT         NOT NULL DEFAULT 0,          -- resends for want of an acknowledgement
    ADD COLUMN acknowledged_at  TIMESTAMPTZ,
    ADD COLUMN ack_response     TEXT;          -- the receiver's acknowledgement message, as it came
-- The watch finds the messages whose acknowledgement is overdue without scanning delivered history.
CREATE INDEX hub_delivery_awaiting_ack ON hub_delivery (ack_due_at) WHERE state = 'delivered' AND ack_state = 'awaiting';

-- Inbound: MedCom's cache is Bundle.id + MessageHeader.id; a Bundle.id is never reused for another message.
ALTER TABLE hub_inbound_message
    ADD COLUMN bundle_id VARCHAR(64),
    ADD COLUMN sender    VARCHAR(128);
CREATE INDEX hub_inbound_message_bundle ON hub_inbound_message (bundle_id) WHERE bundle_id IS NOT NULL;
