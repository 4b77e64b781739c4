-- Endpoints an operator paused (their Endpoint stored with status suspended), mirrored in the transaction that writes
-- the Endpoint: their deliveries stay queued, in order, and are not tried until the Endpoint is active again.
CREATE TABLE hub_endpoint_pause (
    endpoint_id      VARCHAR(64)  PRIMARY KEY,                -- Endpoint/<id>
    endpoint_address TEXT         NOT NULL,
    paused_at        TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX hub_endpoint_pause_address ON hub_endpoint_pause (endpoint_address);

-- HL7 v2 messages the hub refused (AR, AE), with the text of their ERR segment, so an operator sees what a hospital
-- sends that the hub cannot take. Messages that could not be read at all have no facility or control id.
CREATE TABLE hub_adt_refusal (
    id               BIGSERIAL    PRIMARY KEY,
    received_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    sending_facility VARCHAR(64),
    control_id       VARCHAR(200),
    event            VARCHAR(8),
    acknowledgement  VARCHAR(2)   NOT NULL,                    -- AR | AE
    error_code       VARCHAR(8),                               -- HL7 table 0357
    reason           TEXT         NOT NULL
);
CREATE INDEX hub_adt_refusal_received ON hub_adt_refusal (received_at);

-- A receiver's last delivery, without scanning its history (the per-hour figures use V14's delivered_at indexes).
CREATE INDEX hub_delivery_endpoint_delivered ON hub_delivery (endpoint_address, delivered_at) WHERE state = 'delivered';
