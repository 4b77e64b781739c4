-- Subscriptions the hub notifies. Mirrored from the Subscription resources inside the transaction that writes them,
-- so every node matches every write against the same set, and a subscription is active exactly when its write committed.
CREATE TABLE hub_subscription (
    id                 VARCHAR(64)  PRIMARY KEY,
    resource_type      VARCHAR(40)  NOT NULL,          -- what its criteria (or its topic) are about
    criteria           TEXT         NOT NULL,          -- a search on resource_type, e.g. Communication?recipient=Organization/1
    topic              TEXT,                           -- the backport topic's canonical, or NULL for classic R4 criteria
    channel_type       VARCHAR(16)  NOT NULL,          -- rest-hook | websocket
    status             VARCHAR(16)  NOT NULL,          -- requested | active | error | off
    events_since_start BIGINT       NOT NULL DEFAULT 0,
    failing_since      TIMESTAMPTZ,                    -- set while deliveries fail, so the error is recorded once
    updated_at         TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX hub_subscription_active ON hub_subscription (resource_type) WHERE status = 'active';

-- One row per matched write and subscription, queued in the write's own transaction. Delivered in order per
-- subscription: only the oldest pending event of a subscription can be claimed.
CREATE TABLE hub_subscription_event (
    id               BIGSERIAL    PRIMARY KEY,
    subscription_id  VARCHAR(64)  NOT NULL REFERENCES hub_subscription (id) ON DELETE CASCADE,
    event_number     BIGINT       NOT NULL,
    channel_type     VARCHAR(16)  NOT NULL,
    focus_type       VARCHAR(40)  NOT NULL,
    focus_id         VARCHAR(64)  NOT NULL,
    focus_version    BIGINT,
    interaction      VARCHAR(8)   NOT NULL,            -- create | update | delete
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    state            VARCHAR(16)  NOT NULL DEFAULT 'pending',   -- pending | delivered | parked
    attempts         INT          NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    give_up_at       TIMESTAMPTZ  NOT NULL,
    lease_owner      VARCHAR(128),
    lease_until      TIMESTAMPTZ,
    delivered_at     TIMESTAMPTZ,
    delivered_by     VARCHAR(128),
    last_status      INT,
    last_error       TEXT,
    UNIQUE (subscription_id, event_number)
);
CREATE INDEX hub_subscription_event_pending ON hub_subscription_event (subscription_id, id) WHERE state = 'pending';
