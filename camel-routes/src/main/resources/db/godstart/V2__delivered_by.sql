-- Which node's try got through: with several nodes sharing the queue, an operator can tell who sent what.
ALTER TABLE hub_delivery ADD COLUMN delivered_by VARCHAR(128);
