-- Security and audit (server module). Versions are one sequence across modules: camel-routes holds V1..V5.

-- What an organisation may see beyond the resources it takes part in: what those resources point to (a referral's
-- patient, a notification's referral and task). A grant made by a notification carries its agreement and counts only
-- while that agreement is in force; '' = granted by the organisation's own part in the care.
CREATE TABLE hub_access_grant (
    target          text        NOT NULL,   -- e.g. 'ServiceRequest/123'
    organization_id text        NOT NULL,   -- Organization id, e.g. '456'
    agreement_id    text        NOT NULL DEFAULT '',
    granted_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (target, organization_id, agreement_id)
);

-- Audit records, written with the request they describe (writes: in the write's own transaction; reads: before the
-- answer leaves; refusals and failures: in a transaction of their own). The publisher turns them into FHIR
-- AuditEvent resources and removes them in one transaction, so each becomes exactly one AuditEvent.
CREATE TABLE hub_audit_record (
    id          bigserial   PRIMARY KEY,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    audit_event text        NOT NULL    -- the AuditEvent, FHIR JSON
);

-- The embedded issuer's signing key (one), shared by every node.
CREATE TABLE hub_signing_key (
    singleton  boolean     PRIMARY KEY CHECK (singleton),
    key_id     text        NOT NULL,
    jwk        text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
