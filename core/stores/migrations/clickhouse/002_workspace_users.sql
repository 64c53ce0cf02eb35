-- The users of each workspace, one row per user once merged: when their events start and end, and
-- when their traits were last updated. Segments start from this small table (the universe of "users
-- with traits or events") instead of scanning every event. Kept by two materialized views; min and
-- max are exact before any merge (readers aggregate with min/max ... GROUP BY user_id).
CREATE TABLE IF NOT EXISTS workspace_users (
  workspace_id LowCardinality(String),
  user_id String,
  first_seen SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
  last_seen SimpleAggregateFunction(max, Nullable(DateTime64(3, 'UTC'))),
  traits_updated_at SimpleAggregateFunction(max, Nullable(DateTime64(3, 'UTC')))
) ENGINE = AggregatingMergeTree
ORDER BY (workspace_id, user_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS workspace_users_events_mv TO workspace_users AS
SELECT workspace_id, user_id, min(timestamp) AS first_seen, max(timestamp) AS last_seen,
  CAST(NULL AS Nullable(DateTime64(3, 'UTC'))) AS traits_updated_at
FROM events
WHERE user_id != ''
GROUP BY workspace_id, user_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS workspace_users_traits_mv TO workspace_users AS
SELECT workspace_id, user_id, CAST(NULL AS Nullable(DateTime64(3, 'UTC'))) AS first_seen,
  CAST(NULL AS Nullable(DateTime64(3, 'UTC'))) AS last_seen, max(updated_at) AS traits_updated_at
FROM user_traits
GROUP BY workspace_id, user_id;

-- Backfill from what was stored before the views existed (the views are created first, so nothing
-- written meanwhile is missed). Re-running is safe: a row inserted twice leaves min and max as they
-- were; the guard skips a workspace whose users are all there already.
INSERT INTO workspace_users (workspace_id, user_id, first_seen, last_seen)
SELECT workspace_id, user_id, min(timestamp), max(timestamp)
FROM events
WHERE user_id != ''
  AND workspace_id IN (
    SELECT workspace_id FROM (SELECT workspace_id, uniqExact(user_id) AS users FROM events WHERE user_id != '' GROUP BY workspace_id) AS e
    LEFT JOIN (SELECT workspace_id, uniqExactIf(user_id, first_seen IS NOT NULL) AS users FROM workspace_users GROUP BY workspace_id) AS w
      ON w.workspace_id = e.workspace_id
    WHERE w.users < e.users)
GROUP BY workspace_id, user_id;

INSERT INTO workspace_users (workspace_id, user_id, traits_updated_at)
SELECT workspace_id, user_id, max(updated_at)
FROM user_traits
WHERE workspace_id IN (
    SELECT workspace_id FROM (SELECT workspace_id, uniqExact(user_id) AS users FROM user_traits GROUP BY workspace_id) AS t
    LEFT JOIN (SELECT workspace_id, uniqExactIf(user_id, traits_updated_at IS NOT NULL) AS users FROM workspace_users GROUP BY workspace_id) AS w
      ON w.workspace_id = t.workspace_id
    WHERE w.users < t.users)
GROUP BY workspace_id, user_id;

-- One row per user from the start; later inserts are merged in the background (readers never depend on it).
OPTIMIZE TABLE workspace_users FINAL;
