-- The W3C traceparent of the span that enqueued a message (OpenTelemetry), so its delivery continues the same trace.
ALTER TABLE outbox_messages ADD COLUMN trace_parent text NULL;
