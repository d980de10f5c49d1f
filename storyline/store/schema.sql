-- The storyline database, schema version 1.
-- Documents and their per-document analysis are appended; the resolved
-- storyline (entities .. event_members) is replaced as a whole by each build.

CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- seq keeps insertion order and keys the full-text index (an explicit
-- INTEGER PRIMARY KEY survives VACUUM). analysis is the Document as codec JSON
-- without its tokens; tokens holds them as {"fields": [...], "rows": [[...], ...]}.
CREATE TABLE IF NOT EXISTS documents (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL DEFAULT '',
    title TEXT,
    outlet TEXT,
    url TEXT,
    language TEXT,
    published TEXT,
    text TEXT NOT NULL,
    analysis TEXT NOT NULL,
    tokens TEXT NOT NULL,
    added TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS sentences (
    document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (document, idx)
) WITHOUT ROWID;

-- kind: entity, place, actor, timex or quantity; idx is the index in its tuple.
-- label and ref: entity (NER label, source), place (place kind, place id),
-- actor (actor kind, alias key), timex (type, TIMEX3 value),
-- quantity (name, value and unit).
CREATE TABLE IF NOT EXISTS mentions (
    document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    label TEXT,
    ref TEXT,
    PRIMARY KEY (document, kind, idx)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS event_mentions (
    document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    type TEXT NOT NULL,
    mode TEXT NOT NULL,
    trigger TEXT NOT NULL,
    PRIMARY KEY (document, idx)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS entities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    aliases TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS places (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    lat REAL,
    lon REAL,
    country TEXT,
    geonameid INTEGER,
    source TEXT NOT NULL DEFAULT '',
    aliases TEXT NOT NULL
);

-- data is the whole Event as codec JSON; the other columns are for queries.
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    mode TEXT NOT NULL,
    start TEXT,
    "end" TEXT,
    granularity TEXT NOT NULL,
    place TEXT,
    lat REAL,
    lon REAL,
    label TEXT NOT NULL,
    independent_reports INTEGER NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_type ON events(type);
CREATE INDEX IF NOT EXISTS events_start ON events(start);
CREATE INDEX IF NOT EXISTS events_place ON events(place);

CREATE TABLE IF NOT EXISTS event_members (
    event TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    document TEXT NOT NULL,
    idx INTEGER NOT NULL,
    PRIMARY KEY (document, idx)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS event_members_event ON event_members(event);

CREATE TABLE IF NOT EXISTS event_documents (
    event TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    document TEXT NOT NULL,
    PRIMARY KEY (event, document)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS event_documents_document ON event_documents(document);

CREATE TABLE IF NOT EXISTS evidence (
    event TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    document TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (event, idx)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS evidence_document ON evidence(document);

-- Storyline-level conflicts (entity names and the like); event conflicts live in events.data.
CREATE TABLE IF NOT EXISTS conflicts (
    idx INTEGER PRIMARY KEY,
    field TEXT NOT NULL,
    entity TEXT,
    event TEXT,
    data TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS builds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started REAL,
    finished REAL,
    documents_added INTEGER NOT NULL,
    events_total INTEGER NOT NULL,
    events_new INTEGER NOT NULL,
    events_changed INTEGER NOT NULL,
    events_removed INTEGER NOT NULL,
    skipped TEXT NOT NULL
);

-- Added in schema 1 (additive): why each event mention joined its event.
-- action says what happened (opened, joined: ..., dropped: ...); data holds
-- {"features": {...}, "apart": [[event, reason, {...}], ...]}.
CREATE TABLE IF NOT EXISTS merge_decisions (
    document TEXT NOT NULL,
    idx INTEGER NOT NULL,
    event TEXT,
    action TEXT NOT NULL,
    score REAL NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (document, idx)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS merge_decisions_event ON merge_decisions(event);

-- The change log per event: change is new, changed, removed, merged or split;
-- related lists the event ids on the other side of a merge or split.
CREATE TABLE IF NOT EXISTS event_changes (
    build INTEGER NOT NULL REFERENCES builds(id),
    event TEXT NOT NULL,
    change TEXT NOT NULL,
    related TEXT NOT NULL,
    PRIMARY KEY (build, event, change)
) WITHOUT ROWID;
