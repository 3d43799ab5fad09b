//! The schema as forward-only migrations; `PRAGMA user_version` counts the ones applied.
//! Shipped migrations are never edited, only appended.

/// `PRAGMA application_id` of a capdo store ("CAPD").
pub const APPLICATION_ID: i64 = 0x4341_5044;

pub const MIGRATIONS: &[&str] = &[
    // 1: the inventory, its history and the change log
    r#"
CREATE TABLE profile (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    unit_name TEXT NOT NULL DEFAULT '',
    tier TEXT NOT NULL DEFAULT 'commune',
    parent_authority TEXT NOT NULL DEFAULT '',
    officer TEXT NOT NULL DEFAULT '',
    tracking_start TEXT NOT NULL,
    pinned_pack TEXT,
    assessment_months TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE system (
    id INTEGER PRIMARY KEY,
    unit TEXT NOT NULL DEFAULT '',
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    search_key TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL DEFAULT '',
    operator TEXT NOT NULL DEFAULT '',
    relation TEXT NOT NULL DEFAULT 'owned' CHECK (relation IN ('owned', 'used')),
    level INTEGER CHECK (level BETWEEN 1 AND 5),
    dossier_state TEXT NOT NULL DEFAULT 'none'
        CHECK (dossier_state IN ('none', 'drafting', 'submitted', 'appraised', 'approved', 'redetermine')),
    dossier_since TEXT,
    approved_on TEXT,
    decision_no TEXT NOT NULL DEFAULT '',
    regulation_issued_on TEXT,
    regulation_ref TEXT NOT NULL DEFAULT '',
    plan_status TEXT NOT NULL DEFAULT 'none' CHECK (plan_status IN ('none', 'partial', 'full')),
    go_live_on TEXT,
    decommissioned_on TEXT,
    responsible TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    last_assessed_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (unit, code)
);

CREATE TABLE dossier_step (
    id INTEGER PRIMARY KEY,
    system_id INTEGER NOT NULL REFERENCES system(id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    on_date TEXT,
    reference TEXT NOT NULL DEFAULT '',
    actor TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL
);
CREATE INDEX dossier_step_system ON dossier_step(system_id, id);

CREATE TABLE assessment (
    id INTEGER PRIMARY KEY,
    system_id INTEGER NOT NULL REFERENCES system(id) ON DELETE CASCADE,
    completed_on TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'periodic',
    assessor TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL DEFAULT 'pass',
    findings INTEGER NOT NULL DEFAULT 0 CHECK (findings >= 0),
    notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX assessment_system ON assessment(system_id, completed_on);

CREATE TABLE incident (
    id INTEGER PRIMARY KEY,
    system_id INTEGER REFERENCES system(id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    detected_at TEXT NOT NULL,
    kind TEXT NOT NULL,
    severity TEXT NOT NULL DEFAULT 'normal',
    beyond_capacity INTEGER NOT NULL DEFAULT 0,
    national_security INTEGER NOT NULL DEFAULT 0,
    response_ended_at TEXT,
    lessons TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX incident_system ON incident(system_id);

CREATE TABLE incident_report (
    incident_id INTEGER NOT NULL REFERENCES incident(id) ON DELETE CASCADE,
    report TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    recipients TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (incident_id, report)
);

CREATE TABLE project (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    name TEXT NOT NULL,
    total_budget INTEGER NOT NULL CHECK (total_budget >= 0),
    security_budget INTEGER NOT NULL CHECK (security_budget >= 0),
    notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX project_year ON project(year);

CREATE TABLE report_submission (
    id INTEGER PRIMARY KEY,
    report TEXT NOT NULL,
    period TEXT NOT NULL,
    submitted_on TEXT NOT NULL,
    doc_no TEXT NOT NULL DEFAULT '',
    UNIQUE (report, period)
);

CREATE TABLE custom_deadline (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    due_on TEXT NOT NULL,
    recurrence TEXT CHECK (recurrence IN ('monthly', 'quarterly', 'yearly')),
    source_doc TEXT NOT NULL DEFAULT '',
    system_id INTEGER REFERENCES system(id) ON DELETE SET NULL,
    done_on TEXT,
    notes TEXT NOT NULL DEFAULT ''
);

-- Append-only, hash-chained: hash = sha256(prev_hash | fields). Triggers refuse edits made
-- through SQL; edits that bypass them break the chain, which `capdo verify` detects.
CREATE TABLE change_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    os_user TEXT NOT NULL,
    officer TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    action TEXT NOT NULL,
    old TEXT,
    new TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX change_log_entity ON change_log(entity, entity_key);
CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;
"#,
    // 2: days the officer adds to the working-day calendar (a local day off, or a make-up
    // working day); the embedded public-holiday calendar is in assets/calendar
    r#"
CREATE TABLE calendar_day (
    on_date TEXT PRIMARY KEY,
    working INTEGER NOT NULL CHECK (working IN (0, 1)),
    note TEXT NOT NULL,
    added_at TEXT NOT NULL
);
"#,
    // 3: the level an approval was for, kept while a changed level awaits approval
    r#"
ALTER TABLE system ADD COLUMN approved_level INTEGER CHECK (approved_level BETWEEN 1 AND 5);
"#,
    // 4: a system under investment or construction before 01/7/2026 (Decree 331 Art. 39.1);
    // an incident that seriously disrupts the system's operation (Decree 331 Art. 31.2.d)
    r#"
ALTER TABLE system ADD COLUMN under_investment INTEGER NOT NULL DEFAULT 0;
ALTER TABLE incident ADD COLUMN serious_disruption INTEGER NOT NULL DEFAULT 0;
"#,
    // 5: the evidence register: the documents that prove each claim, with their hashes
    r#"
CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    system_id INTEGER NOT NULL REFERENCES system(id) ON DELETE CASCADE,
    kind TEXT NOT NULL
        CHECK (kind IN ('decision', 'regulation', 'plan', 'assessment', 'incident-report', 'report', 'other')),
    path TEXT NOT NULL,
    under_root INTEGER NOT NULL DEFAULT 0,
    size INTEGER NOT NULL CHECK (size >= 0),
    mtime TEXT,
    sha256 TEXT NOT NULL,
    reference TEXT NOT NULL DEFAULT '',
    on_date TEXT,
    note TEXT NOT NULL DEFAULT '',
    proves TEXT CHECK (proves IN ('step', 'assessment', 'incident', 'report')),
    proves_ref TEXT,
    recorded_at TEXT NOT NULL
);
CREATE INDEX evidence_system ON evidence(system_id);
CREATE INDEX evidence_proves ON evidence(proves, proves_ref);
"#,
    // 6: what `due` and `check` read (`Store::load_urgent`) found without reading every
    // system: by level, the systems whose last assessment is old enough to be due; by go-live
    // date, those not live yet; and the few "odd" ones whose deadlines do not follow from the
    // last assessment (dossier not approved, plan not full, a date not written YYYY-MM-DD).
    // The odd index's WHERE is repeated word for word in `load_urgent` (SQLite uses a partial
    // index only for a query that states its condition).
    r#"
CREATE INDEX system_due ON system(level, last_assessed_on);
CREATE INDEX system_go_live ON system(go_live_on);
CREATE INDEX system_odd ON system(id) WHERE dossier_state <> 'approved' OR plan_status <> 'full' OR length(go_live_on) <> 10 OR last_assessed_on IS NULL OR NOT (length(last_assessed_on) = 10 AND date(last_assessed_on) IS last_assessed_on) OR NOT (length(approved_on) = 10 AND date(approved_on) IS approved_on);
"#,
    // 7: the change log's entries carry their unit, each unit's entries one hash chain (a
    // PostgreSQL store shared by a province; in an SQLite store every entry is this unit's, '')
    r#"
ALTER TABLE change_log ADD COLUMN unit TEXT NOT NULL DEFAULT '';
"#,
    // 8: the profile and the calendar days are the unit's own ('' here): the same SQL reads
    // the session's own on a shared PostgreSQL store, where each unit has its own
    r#"
ALTER TABLE profile ADD COLUMN unit TEXT NOT NULL DEFAULT '';
ALTER TABLE calendar_day ADD COLUMN unit TEXT NOT NULL DEFAULT '';
"#,
    // 9: on PostgreSQL, every write signals the listening dashboards (store::notify); an
    // SQLite store is watched through its files and `data_version`: nothing to add
    r#"
SELECT 1;
"#,
    // 10: on PostgreSQL, row-level security asks who the role is once per query; nothing here
    r#"
SELECT 1;
"#,
];

/// The schema version this build writes.
pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

/// Migration `i` (0-based) in the dialect of `engine`: the same versions on both engines.
pub fn migration(engine: super::sql::Engine, i: usize) -> &'static str {
    match engine {
        super::sql::Engine::Sqlite => MIGRATIONS[i],
        super::sql::Engine::Postgres => super::pg::MIGRATIONS[i],
    }
}
