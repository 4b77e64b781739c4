-- The hub's secret for pseudonyms (HMAC-SHA256 of a CPR number, per agreement): made once, shared by all nodes, so the
-- same woman has the same pseudonym in every message under one agreement, and a CPR number cannot be guessed from it.
CREATE TABLE hub_pseudonym_key (
    id         INT          PRIMARY KEY CHECK (id = 1),
    secret     BYTEA        NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
