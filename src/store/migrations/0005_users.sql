-- Users: operating-system logins with a role in the application.

CREATE TABLE app_user (
    id         INTEGER PRIMARY KEY,
    login      TEXT NOT NULL UNIQUE CHECK (login <> ''),
    full_name  TEXT NOT NULL DEFAULT '',
    role       TEXT NOT NULL CHECK (role IN ('chair','secretary','member','viewer')),
    member_id  INTEGER REFERENCES member(id),
    version    INTEGER NOT NULL DEFAULT 1
);
