-- Shared presets, content-addressed: id = base64url(SHA-256(version tag + document))[0..11).
-- Rows are never updated or deleted, so any number of servers can share the table.
CREATE TABLE presets (
    id         VARCHAR(11) PRIMARY KEY,
    document   TEXT        NOT NULL,
    created_ms BIGINT      NOT NULL
);
