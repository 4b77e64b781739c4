-- The residential treatment registry as the hub last saw it: when capacity was last fetched, and the last failure.
-- One row; the node that holds the pull lock (a transaction-scoped advisory lock) writes it.
CREATE TABLE hub_registry_state (
    id              INT          PRIMARY KEY CHECK (id = 1),
    last_success_at TIMESTAMPTZ,
    last_attempt_at TIMESTAMPTZ,
    last_error      TEXT,
    places          INT
);
