-- 交办督办 (issue 13): what a routing item handed down owes and when, and how it was followed.

ALTER TABLE routing_items ADD COLUMN report_due DATE;
ALTER TABLE routing_items ADD COLUMN lower_accepted_at TIMESTAMPTZ;
ALTER TABLE routing_items ADD COLUMN reported_at TIMESTAMPTZ;
ALTER TABLE routing_items ADD COLUMN reminders INTEGER NOT NULL DEFAULT 0;
ALTER TABLE routing_items ADD COLUMN objected_at TIMESTAMPTZ;
