-- Metadata of the platform and the copilot. Every table is scoped by workspace.
create table workspaces (
  id text primary key,
  name text not null,
  created_at timestamptz not null default now()
);

create table api_tokens (
  id text primary key,
  workspace_id text not null references workspaces(id) on delete cascade,
  name text not null,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  last_used_at timestamptz
);

create table sources (
  id text primary key,
  workspace_id text not null references workspaces(id) on delete cascade,
  name text not null,
  write_key_hash text not null unique,
  created_at timestamptz not null default now()
);

create table event_schemas (
  workspace_id text not null references workspaces(id) on delete cascade,
  name text not null,
  description text not null default '',
  category text not null default 'track',
  properties jsonb not null default '{"type":"object","properties":{}}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, name)
);

create table trait_schemas (
  workspace_id text not null references workspaces(id) on delete cascade,
  name text not null,
  type text not null check (type in ('string', 'number', 'boolean', 'date')),
  description text not null default '',
  primary key (workspace_id, name)
);

create table segments (
  id text primary key,
  workspace_id text not null references workspaces(id) on delete cascade,
  name text not null,
  description text not null default '',
  type text not null default 'dynamic' check (type in ('dynamic', 'static')),
  definition jsonb not null,
  status text not null default 'active' check (status in ('active', 'paused', 'draft')),
  member_count integer not null default 0,
  refreshed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index segments_workspace_name on segments (workspace_id, lower(name));

create table activations (
  id text primary key,
  workspace_id text not null references workspaces(id) on delete cascade,
  segment_id text references segments(id) on delete set null,
  name text not null,
  destination_type text not null,
  status text not null check (status in ('active', 'paused', 'error')),
  config jsonb not null default '{}',
  last_synced_at timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index activations_workspace on activations (workspace_id);

create table ingest_log (
  id bigserial primary key,
  workspace_id text not null references workspaces(id) on delete cascade,
  message_id text not null,
  type text not null,
  event text,
  user_id text,
  anonymous_id text,
  timestamp timestamptz not null,
  received_at timestamptz not null,
  properties jsonb not null default '{}',
  issues jsonb not null default '[]'
);
create index ingest_log_recent on ingest_log (workspace_id, received_at desc, id desc);

create table conversations (
  id text primary key,
  workspace_id text not null references workspaces(id) on delete cascade,
  title text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index conversations_recent on conversations (workspace_id, updated_at desc);

create table runs (
  id text primary key,
  workspace_id text not null references workspaces(id) on delete cascade,
  conversation_id text references conversations(id) on delete cascade,
  machine text not null,
  model text not null,
  status text not null check (status in ('running', 'done', 'failed', 'cancelled')),
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  usage jsonb,
  error text
);
create index runs_recent on runs (workspace_id, started_at desc);

create table messages (
  id text primary key,
  conversation_id text not null references conversations(id) on delete cascade,
  run_id text references runs(id) on delete set null,
  seq integer not null,
  role text not null check (role in ('user', 'assistant', 'tool')),
  content jsonb not null,
  created_at timestamptz not null default now(),
  unique (conversation_id, seq)
);

create table run_events (
  run_id text not null references runs(id) on delete cascade,
  seq integer not null,
  type text not null,
  event jsonb not null,
  created_at timestamptz not null default now(),
  primary key (run_id, seq)
);
