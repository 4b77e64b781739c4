-- The hub's own tables beside HAPI's. Flyway applies them (history in godstart_schema_history).

-- Events announced by writes. A row is inserted in the same transaction as the write it announces,
-- so it exists exactly when the write committed. The routing route claims rows by lease.
CREATE TABLE hub_outbox_event (
    id              BIGSERIAL    PRIMARY KEY,
    event_code      VARCHAR(64)  NOT NULL,
    focus_type      VARCHAR(40)  NOT NULL,
    focus_id        VARCHAR(64)  NOT NULL,
    focus_version   BIGINT,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    state           VARCHAR(16)  NOT NULL DEFAULT 'pending',   -- pending | routed | failed
    attempts        INT          NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    lease_owner     VARCHAR(128),
    lease_until     TIMESTAMPTZ,
    routed_at       TIMESTAMPTZ,
    last_error      TEXT
);
CREATE INDEX hub_outbox_event_due ON hub_outbox_event (next_attempt_at, id) WHERE state = 'pending';

-- One row per notification (Communication) and recipient: the delivery's schedule and its last answer.
-- message_id is the MessageHeader id, the same on every try, so a receiver can drop duplicates.
CREATE TABLE hub_delivery (
    id               BIGSERIAL    PRIMARY KEY,
    event_id         BIGINT       REFERENCES hub_outbox_event (id),
    message_id       UUID         NOT NULL UNIQUE,
    communication_id VARCHAR(64)  NOT NULL,
    announced_at     TIMESTAMPTZ  NOT NULL,                    -- when the write that caused it was made (event created_at)
    event_code       VARCHAR(64)  NOT NULL,
    focus            VARCHAR(128) NOT NULL,                    -- e.g. ServiceRequest/<id>
    sender           VARCHAR(128) NOT NULL,                    -- Organization/<id>
    recipient        VARCHAR(128) NOT NULL,                    -- Organization/<id>
    destination_use  VARCHAR(16)  NOT NULL,                    -- primary | cc
    endpoint_address TEXT,
    state            VARCHAR(16)  NOT NULL,                    -- pending | delivered | parked
    park_reason      VARCHAR(32),
    attempts         INT          NOT NULL DEFAULT 0,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    next_attempt_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    give_up_at       TIMESTAMPTZ  NOT NULL,
    lease_owner      VARCHAR(128),
    lease_until      TIMESTAMPTZ,
    delivered_at     TIMESTAMPTZ,
    last_status      INT,
    last_error       TEXT,
    last_response    TEXT,                                     -- the receiver's answer (e.g. its OperationOutcome)
    park_explanation TEXT
);
-- Deliveries leave in order per endpoint: the claim looks for the oldest pending row of each address.
CREATE INDEX hub_delivery_pending ON hub_delivery (endpoint_address, id) WHERE state = 'pending';
CREATE INDEX hub_delivery_communication ON hub_delivery (communication_id);

-- Inbound messages ($process-message), kept by MessageHeader id: a repeat gets the first answer.
CREATE TABLE hub_inbound_message (
    message_id   VARCHAR(64)  PRIMARY KEY,
    received_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    status_code  INT          NOT NULL,
    response     TEXT         NOT NULL
);
