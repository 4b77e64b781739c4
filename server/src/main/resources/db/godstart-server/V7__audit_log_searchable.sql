-- The audit trail is an append-only log: each record is an AuditEvent (FHIR JSON) plus the columns it is searched
-- by, served read-only as AuditEvent at /fhir/AuditEvent. Rows are never updated or deleted by the hub.
ALTER TABLE hub_audit_record
    ADD COLUMN client        text,
    ADD COLUMN organisation  text,
    ADD COLUMN action        text,
    ADD COLUMN outcome       text,
    ADD COLUMN subtype       text,
    ADD COLUMN entities      text[] NOT NULL DEFAULT '{}',
    ADD COLUMN patients      text[] NOT NULL DEFAULT '{}';

CREATE INDEX hub_audit_record_entities ON hub_audit_record USING gin (entities);
CREATE INDEX hub_audit_record_patients ON hub_audit_record USING gin (patients);
CREATE INDEX hub_audit_record_recorded ON hub_audit_record (recorded_at);
CREATE INDEX hub_audit_record_client ON hub_audit_record (client, recorded_at);
