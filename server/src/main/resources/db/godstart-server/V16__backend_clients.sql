-- SMART Backend Services (server module): system clients that authenticate with a signed JWT (private_key_jwt),
-- registered by an operator at /admin/clients, and the assertions they have used (so none is taken twice).

-- A registered system client: its organisation, scopes and public keys (a JWKS inline, or the URL it is served at).
CREATE TABLE hub_backend_client (
    client_id     text        PRIMARY KEY,
    organization  text,                     -- system|value; NULL = acts for no organisation
    scopes        text        NOT NULL,     -- space-separated
    jwks          text,                     -- a JWK set (JSON) of public keys ...
    jwks_uri      text,                     -- ... or where it is served (fetched and cached by kid)
    client_name   text,
    registered_at timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CHECK ((jwks IS NULL) <> (jwks_uri IS NULL))
);

-- Client assertions already used (client id and jti), kept until their exp has passed, shared by every node.
CREATE TABLE hub_client_assertion (
    client_id  text        NOT NULL,
    jti        text        NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (client_id, jti)
);
CREATE INDEX hub_client_assertion_expires ON hub_client_assertion (expires_at);
