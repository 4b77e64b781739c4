-- The retention sweep finds finished work by when it finished; these keep that from scanning whole tables.
CREATE INDEX hub_delivery_delivered_at ON hub_delivery (delivered_at) WHERE state = 'delivered';
CREATE INDEX hub_outbox_event_routed_at ON hub_outbox_event (routed_at) WHERE state = 'routed';
CREATE INDEX hub_delivery_event ON hub_delivery (event_id);
CREATE INDEX hub_subscription_event_delivered_at ON hub_subscription_event (delivered_at) WHERE state = 'delivered';
CREATE INDEX hub_inbound_message_received_at ON hub_inbound_message (received_at);
CREATE INDEX hub_adt_message_received_at ON hub_adt_message (received_at);
