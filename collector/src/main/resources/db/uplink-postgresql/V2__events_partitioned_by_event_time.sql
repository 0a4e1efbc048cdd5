-- Events partitioned by the event's own time (docs/decisions/0007-events-partitioned-by-event-time.md):
-- event_at is the envelope's receivedAt (epoch ms), the time the sensor took the event in. It is the
-- same on every resend of the event, so every copy of one event lands in the same partition and the
-- key (device_id, id, event_at) refuses it there, whichever collector receives it.
ALTER TABLE events RENAME TO events_v1;
ALTER INDEX events_received RENAME TO events_v1_received;
ALTER TABLE events_v1 RENAME CONSTRAINT events_pkey TO events_v1_pkey;

CREATE TABLE events (
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    event_at BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (device_id, id, event_at)
) PARTITION BY RANGE (event_at);
CREATE INDEX events_received ON events(received_at, seq);

-- Events without a usable time (no receivedAt, or one before 2000-01-01: a clock that was never set)
-- and the rows of version 1, which kept no event time, are 'undated': event_at 0. Retention removes
-- them by arrival time, row by row.
CREATE TABLE events_undated PARTITION OF events FOR VALUES FROM (MINVALUE) TO (946684800000);
-- Dated events whose day has no partition yet (or any more): the collector creates day partitions
-- ahead, moving such rows into them, and retention deletes old ones row by row.
CREATE TABLE events_default PARTITION OF events DEFAULT;

INSERT INTO events(seq, id, device_id, event_at, received_at, payload) OVERRIDING SYSTEM VALUE
    SELECT seq, id, device_id, 0, received_at, payload FROM events_v1 ORDER BY seq;
SELECT setval(pg_get_serial_sequence('events', 'seq'), (SELECT coalesce(max(seq), 0) + 1 FROM events), false);
DROP TABLE events_v1;
