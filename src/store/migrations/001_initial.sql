-- Every control-plane resource is one JSON document, scoped by account and region.
-- `kind` names the resource family (cache-cluster, parameter-group, ...).
CREATE TABLE resources (
  account    TEXT NOT NULL,
  region     TEXT NOT NULL,
  kind       TEXT NOT NULL,
  id         TEXT NOT NULL,
  seq        INTEGER NOT NULL,
  data       TEXT NOT NULL,
  PRIMARY KEY (account, region, kind, id)
);
CREATE INDEX resources_order ON resources (account, region, kind, seq);

-- Tags are keyed by the resource ARN, which already carries account and region.
CREATE TABLE tags (
  arn   TEXT NOT NULL,
  key   TEXT NOT NULL,
  value TEXT NOT NULL,
  seq   INTEGER NOT NULL,
  PRIMARY KEY (arn, key)
);

CREATE TABLE events (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  account     TEXT NOT NULL,
  region      TEXT NOT NULL,
  source_id   TEXT NOT NULL,
  source_type TEXT NOT NULL,
  message     TEXT NOT NULL,
  date_ms     INTEGER NOT NULL
);
CREATE INDEX events_scope ON events (account, region, date_ms);

-- Ports handed to nodes and endpoints, so that a restart gives each its port back.
CREATE TABLE ports (
  owner TEXT PRIMARY KEY,
  port  INTEGER NOT NULL UNIQUE
);

CREATE TABLE counters (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
