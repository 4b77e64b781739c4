-- HL7 v2 messages taken from the hospitals' ADT feeds, by their key at the sender (MSH-4 facility, MSH-10 control id),
-- written in the transaction that stores what the message says: a repeated message finds its row and changes nothing.
CREATE TABLE hub_adt_message (
    sending_facility VARCHAR(64)  NOT NULL,
    control_id       VARCHAR(200) NOT NULL,
    event            VARCHAR(8)   NOT NULL,
    received_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (sending_facility, control_id)
);
