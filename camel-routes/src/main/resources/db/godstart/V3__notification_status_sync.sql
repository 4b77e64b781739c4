-- A delivered message's notification is marked completed by a route of its own, after the fact, so the delivery
-- path does not wait for a FHIR resource update per message. Rows delivered and not yet reflected are marked here.
ALTER TABLE hub_delivery ADD COLUMN status_synced BOOLEAN NOT NULL DEFAULT TRUE;
CREATE INDEX hub_delivery_unsynced ON hub_delivery (id) WHERE state = 'delivered' AND NOT status_synced;
