-- Facts. The events sort key starts with workspace and event, so one event over a window reads one range.
CREATE TABLE IF NOT EXISTS events (
  workspace_id LowCardinality(String),
  message_id String,
  type LowCardinality(String),
  event LowCardinality(String),
  user_id String,
  anonymous_id String,
  timestamp DateTime64(3, 'UTC'),
  received_at DateTime64(3, 'UTC'),
  properties String,
  INDEX message_id_bloom message_id TYPE bloom_filter(0.001) GRANULARITY 4
) ENGINE = MergeTree
PARTITION BY toYYYYMM(timestamp)
ORDER BY (workspace_id, event, timestamp, user_id);

-- Counts per event per day, kept by a materialized view; sum(count) is exact before any merge.
CREATE TABLE IF NOT EXISTS event_counts_daily (
  workspace_id LowCardinality(String),
  day Date,
  event LowCardinality(String),
  count UInt64
) ENGINE = SummingMergeTree
ORDER BY (workspace_id, day, event);

CREATE MATERIALIZED VIEW IF NOT EXISTS event_counts_daily_mv TO event_counts_daily AS
SELECT workspace_id, toDate(timestamp) AS day, event, count() AS count
FROM events
GROUP BY workspace_id, day, event;

-- Distinct users per day (uniqExact states merge exactly across inserts).
CREATE TABLE IF NOT EXISTS active_users_daily (
  workspace_id LowCardinality(String),
  day Date,
  users AggregateFunction(uniqExact, String)
) ENGINE = AggregatingMergeTree
ORDER BY (workspace_id, day);

CREATE MATERIALIZED VIEW IF NOT EXISTS active_users_daily_mv TO active_users_daily AS
SELECT workspace_id, toDate(timestamp) AS day, uniqExactState(user_id) AS users
FROM events
WHERE user_id != ''
GROUP BY workspace_id, day;

-- User traits from identify calls; the latest version wins (read with argMax, not FINAL).
CREATE TABLE IF NOT EXISTS user_traits (
  workspace_id LowCardinality(String),
  user_id String,
  traits String,
  updated_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(updated_at)
ORDER BY (workspace_id, user_id);

-- Current members of each segment, one version per refresh; readers take the latest version.
CREATE TABLE IF NOT EXISTS segment_members (
  workspace_id LowCardinality(String),
  segment_id String,
  version UInt64,
  user_id String
) ENGINE = MergeTree
ORDER BY (workspace_id, segment_id, version, user_id);

-- Daily member count per segment; a recomputed day replaces the old value (argMax by computed_at).
CREATE TABLE IF NOT EXISTS segment_membership_daily (
  workspace_id LowCardinality(String),
  segment_id String,
  day Date,
  members UInt64,
  computed_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(computed_at)
ORDER BY (workspace_id, segment_id, day);
