-- The woman an event is about. Events about the same woman are routed one after another, in the order written, by
-- whichever node; events about different women are routed side by side.
ALTER TABLE hub_outbox_event ADD COLUMN subject VARCHAR(128);
CREATE INDEX hub_outbox_event_subject_pending ON hub_outbox_event (subject, id) WHERE state = 'pending';
