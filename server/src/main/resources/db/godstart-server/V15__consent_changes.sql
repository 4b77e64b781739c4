-- When a woman's consents last changed (any Consent about her created, updated or deleted), written in the
-- Consent write's own transaction. Just before a notification allowed on her consent is sent, the hub asks this
-- one indexed row whether anything changed since it was routed, and re-reads her consents only when it did.
CREATE TABLE hub_consent_change (
    patient     VARCHAR(80)  PRIMARY KEY,   -- Patient/<id>
    changed_at  TIMESTAMPTZ  NOT NULL
);
