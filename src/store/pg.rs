//! What only a PostgreSQL store has: opening one from its connection string (TLS by rustls),
//! its schema (the same migrations as SQLite's, in PostgreSQL's dialect, counted in the
//! `capdo_schema` table), the SQL rewrites that make the shared SQL mean the same there, and
//! row-level security by unit (`unit_grant`, roles `capdo_commune` and `capdo_province`).

use std::sync::Arc;

use super::sql::{self, Db, Optional, params};

/// Whether `--db` names a PostgreSQL store (`postgresql://…` or `postgres://…`).
pub fn is_url(db: &str) -> bool {
    db.starts_with("postgresql://") || db.starts_with("postgres://")
}

/// The connection string without its password, for messages and the store's name.
pub fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (auth, host) = match rest.split_once('@') {
        Some((a, h)) => (Some(a), h),
        None => (None, rest),
    };
    match auth {
        Some(a) => {
            let user = a.split_once(':').map_or(a, |(u, _)| u);
            format!("{scheme}://{user}@{host}")
        }
        None => url.to_owned(),
    }
}

/// Connects: `sslmode=disable` (or a local socket) in clear, otherwise TLS by rustls. As with
/// libpq's `sslmode=require`, the connection is encrypted but the server's certificate is not
/// checked against an authority (capdo carries no certificate store).
pub fn connect(url: &str) -> Result<postgres::Client, String> {
    let config: postgres::Config = url.parse().map_err(|e: postgres::Error| e.to_string())?;
    let tls = config.get_ssl_mode() != postgres::config::SslMode::Disable;
    let client = if tls {
        // ring: builds everywhere capdo does (aws-lc needs cmake and NASM on Windows); its
        // provider lacks only the post-quantum key exchange
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let verifier = Arc::new(AnyServer(provider.clone()));
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .dangerous()
            .with_custom_certificate_verifier(verifier)
            .with_no_client_auth();
        config.connect(tokio_postgres_rustls::MakeRustlsConnect::new(tls))
    } else {
        config.connect(postgres::NoTls)
    };
    client.map_err(|e| match e.as_db_error() {
        Some(d) => d.message().to_owned(),
        None => e.to_string(),
    })
}

/// A certificate verifier that takes the server's certificate as it is (libpq's
/// `sslmode=require`) while still checking the handshake's signatures.
#[derive(Debug)]
struct AnyServer(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for AnyServer {
    fn verify_server_cert(
        &self,
        _: &rustls::pki_types::CertificateDer<'_>,
        _: &[rustls::pki_types::CertificateDer<'_>],
        _: &rustls::pki_types::ServerName<'_>,
        _: &[u8],
        _: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// The shared SQL as PostgreSQL must read it: `?N` placeholders as `$N`; the local unit
/// (`unit = ''` in capdo's SQL) as the session's home unit (`capdo_home()`: the role's one
/// granted unit, '' for the province); a unique key named in `ON CONFLICT (…)` with the
/// `unit` every unique key of a PostgreSQL store starts with; SQLite's `date(x)` as
/// `capdo_date(x)` and its `IS` between values as `IS NOT DISTINCT FROM`.
pub fn rewrite(sql: &str) -> String {
    let s = sql::pg_placeholders(sql);
    let s = s
        .replace("unit = ''", "unit = capdo_home()")
        .replace("unit <> ''", "unit <> capdo_home()")
        .replace("ON CONFLICT (", "ON CONFLICT (unit, ");
    let mut out = String::with_capacity(s.len() + 16);
    let mut rest = s.as_str();
    while let Some(i) = rest.find("date(") {
        let word_before = rest[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_');
        out.push_str(&rest[..i]);
        out.push_str(if word_before { "date(" } else { "capdo_date(" });
        rest = &rest[i + 5..];
    }
    out.push_str(rest);
    is_distinct(&out)
}

/// ` IS x` between two values (not `IS NULL`, `IS NOT …`) as ` IS NOT DISTINCT FROM x`.
fn is_distinct(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(" IS ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 4..];
        let keyword = ["NULL", "NOT", "TRUE", "FALSE", "DISTINCT"]
            .iter()
            .any(|k| after.starts_with(k));
        out.push_str(if keyword {
            " IS "
        } else {
            " IS NOT DISTINCT FROM "
        });
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The migrations of [`super::schema::MIGRATIONS`] for PostgreSQL, version for version: the
/// same tables and columns (INTEGER as BIGINT, ids from identity columns), and every table
/// keyed by `unit` for row-level security (7).
pub const MIGRATIONS: &[&str] = &[
    // 1: the inventory, its history and the change log; the two group roles and the grants
    // of units to roles (row-level security comes with 7)
    r#"
-- roles are the server's: two databases created at once may both find a role missing, and
-- the second CREATE then meets the first one's role (advisory locks are per database)
DO $d$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'capdo_commune') THEN
        BEGIN
            CREATE ROLE capdo_commune NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'capdo_province') THEN
        BEGIN
            CREATE ROLE capdo_province NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END IF;
    IF NOT pg_has_role('capdo_province', 'capdo_commune', 'MEMBER') THEN
        BEGIN
            GRANT capdo_commune TO capdo_province;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END IF;
END $d$;
CREATE TABLE unit_grant (
    role TEXT NOT NULL,
    unit TEXT NOT NULL,
    granted_at TEXT NOT NULL,
    PRIMARY KEY (role, unit)
);

CREATE FUNCTION capdo_home() RETURNS text LANGUAGE sql STABLE AS $f$
    SELECT CASE
        WHEN pg_has_role(current_user, 'capdo_province', 'MEMBER') THEN ''
        ELSE coalesce((SELECT min(g.unit) FROM unit_grant g WHERE g.role = current_user), '')
    END
$f$;

CREATE TABLE profile (
    unit TEXT NOT NULL DEFAULT capdo_home(),
    id BIGINT NOT NULL CHECK (id = 1),
    unit_name TEXT NOT NULL DEFAULT '',
    tier TEXT NOT NULL DEFAULT 'commune',
    parent_authority TEXT NOT NULL DEFAULT '',
    officer TEXT NOT NULL DEFAULT '',
    tracking_start TEXT NOT NULL,
    pinned_pack TEXT,
    assessment_months TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (unit, id)
);

CREATE TABLE system (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    unit TEXT NOT NULL DEFAULT '',
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    search_key TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL DEFAULT '',
    operator TEXT NOT NULL DEFAULT '',
    relation TEXT NOT NULL DEFAULT 'owned' CHECK (relation IN ('owned', 'used')),
    level BIGINT CHECK (level BETWEEN 1 AND 5),
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
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    unit TEXT NOT NULL DEFAULT capdo_home(),
    system_id BIGINT NOT NULL REFERENCES system(id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    on_date TEXT,
    reference TEXT NOT NULL DEFAULT '',
    actor TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL
);
CREATE INDEX dossier_step_system ON dossier_step(system_id, id);

CREATE TABLE assessment (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    unit TEXT NOT NULL DEFAULT capdo_home(),
    system_id BIGINT NOT NULL REFERENCES system(id) ON DELETE CASCADE,
    completed_on TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'periodic',
    assessor TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL DEFAULT 'pass',
    findings BIGINT NOT NULL DEFAULT 0 CHECK (findings >= 0),
    notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX assessment_system ON assessment(system_id, completed_on);

CREATE TABLE incident (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    unit TEXT NOT NULL DEFAULT capdo_home(),
    system_id BIGINT REFERENCES system(id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    detected_at TEXT NOT NULL,
    kind TEXT NOT NULL,
    severity TEXT NOT NULL DEFAULT 'normal',
    beyond_capacity BIGINT NOT NULL DEFAULT 0,
    national_security BIGINT NOT NULL DEFAULT 0,
    response_ended_at TEXT,
    lessons TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX incident_system ON incident(system_id);

CREATE TABLE incident_report (
    unit TEXT NOT NULL DEFAULT capdo_home(),
    incident_id BIGINT NOT NULL REFERENCES incident(id) ON DELETE CASCADE,
    report TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    recipients TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (incident_id, report)
);

CREATE TABLE project (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    unit TEXT NOT NULL DEFAULT capdo_home(),
    year BIGINT NOT NULL,
    name TEXT NOT NULL,
    total_budget BIGINT NOT NULL CHECK (total_budget >= 0),
    security_budget BIGINT NOT NULL CHECK (security_budget >= 0),
    notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX project_year ON project(year);

CREATE TABLE report_submission (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    unit TEXT NOT NULL DEFAULT capdo_home(),
    report TEXT NOT NULL,
    period TEXT NOT NULL,
    submitted_on TEXT NOT NULL,
    doc_no TEXT NOT NULL DEFAULT '',
    UNIQUE (unit, report, period)
);

CREATE TABLE custom_deadline (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    unit TEXT NOT NULL DEFAULT capdo_home(),
    title TEXT NOT NULL,
    due_on TEXT NOT NULL,
    recurrence TEXT CHECK (recurrence IN ('monthly', 'quarterly', 'yearly')),
    source_doc TEXT NOT NULL DEFAULT '',
    system_id BIGINT REFERENCES system(id) ON DELETE SET NULL,
    done_on TEXT,
    notes TEXT NOT NULL DEFAULT ''
);

-- Append-only, hash-chained per unit: hash = sha256(prev_hash | fields), prev_hash the hash of
-- the unit's entry before. Triggers refuse edits made through SQL.
CREATE TABLE change_log (
    seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    unit TEXT NOT NULL DEFAULT capdo_home(),
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
CREATE INDEX change_log_unit ON change_log(unit, seq);
CREATE FUNCTION capdo_append_only() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    RAISE EXCEPTION 'change_log is append-only';
END
$f$;
CREATE TRIGGER change_log_no_update BEFORE UPDATE OR DELETE ON change_log
    FOR EACH ROW EXECUTE FUNCTION capdo_append_only();
"#,
    // 2: the officer's own working-day calendar, per unit
    r#"
CREATE TABLE calendar_day (
    unit TEXT NOT NULL DEFAULT capdo_home(),
    on_date TEXT NOT NULL,
    working BIGINT NOT NULL CHECK (working IN (0, 1)),
    note TEXT NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (unit, on_date)
);
"#,
    // 3
    r#"
ALTER TABLE system ADD COLUMN approved_level BIGINT CHECK (approved_level BETWEEN 1 AND 5);
"#,
    // 4
    r#"
ALTER TABLE system ADD COLUMN under_investment BIGINT NOT NULL DEFAULT 0;
ALTER TABLE incident ADD COLUMN serious_disruption BIGINT NOT NULL DEFAULT 0;
"#,
    // 5
    r#"
CREATE TABLE evidence (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    unit TEXT NOT NULL DEFAULT capdo_home(),
    system_id BIGINT NOT NULL REFERENCES system(id) ON DELETE CASCADE,
    kind TEXT NOT NULL
        CHECK (kind IN ('decision', 'regulation', 'plan', 'assessment', 'incident-report', 'report', 'other')),
    path TEXT NOT NULL,
    under_root BIGINT NOT NULL DEFAULT 0,
    size BIGINT NOT NULL CHECK (size >= 0),
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
    // 6: SQLite's date() (a valid YYYY-MM-DD or NULL), and the indexes `load_urgent` reads.
    // capdo_date is one SQL expression, so the planner inlines it (a PL/pgSQL function with an
    // exception handler cost a subtransaction per call: 200 ms for `due --json` at 100,000
    // systems), and IMMUTABLE, so the partial index `system_odd` can state it as SQLite's
    // does. Only `length(x) = 10 AND date(x) IS x` uses it: a calendar date of year 0001 on.
    r#"
CREATE FUNCTION capdo_date(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
SELECT CASE
    WHEN t IS NULL OR t !~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])' OR left(t, 4) = '0000'
        THEN NULL
    WHEN substr(t, 9, 2) COLLATE "C" <= CASE substr(t, 6, 2)
            WHEN '02' THEN CASE WHEN left(t, 4)::int % 4 = 0
                AND (left(t, 4)::int % 100 <> 0 OR left(t, 4)::int % 400 = 0) THEN '29' ELSE '28' END
            WHEN '04' THEN '30' WHEN '06' THEN '30' WHEN '09' THEN '30' WHEN '11' THEN '30'
            ELSE '31' END
        THEN left(t, 10)
END
$f$;
CREATE INDEX system_due ON system(level, last_assessed_on);
CREATE INDEX system_go_live ON system(go_live_on);
CREATE INDEX system_odd ON system(id) WHERE dossier_state <> 'approved' OR plan_status <> 'full' OR length(go_live_on) <> 10 OR last_assessed_on IS NULL OR NOT (length(last_assessed_on) = 10 AND capdo_date(last_assessed_on) IS NOT DISTINCT FROM last_assessed_on) OR NOT (length(approved_on) = 10 AND capdo_date(approved_on) IS NOT DISTINCT FROM approved_on);
"#,
    // 7: each unit sees only its own. The unit of a row that belongs to a system is the
    // system's; any other row is the writer's (`capdo_home()`: the role's one granted unit, or
    // '' for the province). Row-level security lets a role read and write the rows of the units
    // granted to it (`unit_grant`), a member of capdo_province every row; the profile and the
    // calendar are each unit's own, even for the province.
    r#"
GRANT capdo_commune TO capdo_province;

CREATE FUNCTION capdo_sees(u text) RETURNS boolean LANGUAGE sql STABLE AS $f$
    SELECT pg_has_role(current_user, 'capdo_province', 'MEMBER')
        OR EXISTS (SELECT 1 FROM unit_grant g WHERE g.role = current_user AND g.unit = u)
$f$;

-- a system's own rows follow it; '' in a written unit means the writer's own
CREATE FUNCTION capdo_unit_of_system() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    IF NEW.system_id IS NOT NULL THEN
        NEW.unit := (SELECT s.unit FROM system s WHERE s.id = NEW.system_id);
    END IF;
    IF NEW.unit IS NULL THEN
        NEW.unit := capdo_home();
    END IF;
    RETURN NEW;
END
$f$;
CREATE FUNCTION capdo_unit_of_incident() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    NEW.unit := coalesce((SELECT i.unit FROM incident i WHERE i.id = NEW.incident_id), capdo_home());
    RETURN NEW;
END
$f$;
CREATE FUNCTION capdo_home_unit() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    IF NEW.unit = '' THEN
        NEW.unit := capdo_home();
    END IF;
    RETURN NEW;
END
$f$;
CREATE TRIGGER system_unit BEFORE INSERT OR UPDATE OF unit ON system
    FOR EACH ROW EXECUTE FUNCTION capdo_home_unit();
CREATE TRIGGER dossier_step_unit BEFORE INSERT ON dossier_step
    FOR EACH ROW EXECUTE FUNCTION capdo_unit_of_system();
CREATE TRIGGER assessment_unit BEFORE INSERT ON assessment
    FOR EACH ROW EXECUTE FUNCTION capdo_unit_of_system();
CREATE TRIGGER incident_unit BEFORE INSERT OR UPDATE OF system_id ON incident
    FOR EACH ROW EXECUTE FUNCTION capdo_unit_of_system();
CREATE TRIGGER custom_deadline_unit BEFORE INSERT OR UPDATE OF system_id ON custom_deadline
    FOR EACH ROW EXECUTE FUNCTION capdo_unit_of_system();
CREATE TRIGGER evidence_unit BEFORE INSERT ON evidence
    FOR EACH ROW EXECUTE FUNCTION capdo_unit_of_system();
CREATE TRIGGER incident_report_unit BEFORE INSERT ON incident_report
    FOR EACH ROW EXECUTE FUNCTION capdo_unit_of_incident();

-- an id written explicitly (a restore, an undo) moves its table's identity past it
CREATE FUNCTION capdo_sync_ids() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $f$
DECLARE
    col text := CASE WHEN TG_TABLE_NAME = 'change_log' THEN 'seq' ELSE 'id' END;
    seq text := pg_get_serial_sequence(TG_TABLE_NAME, col);
    top bigint;
    last bigint;
BEGIN
    EXECUTE format('SELECT max(%I) FROM %I', col, TG_TABLE_NAME) INTO top;
    EXECUTE format('SELECT last_value FROM %s', seq) INTO last;
    -- only ever forward: a concurrent writer may hold a later value already
    IF top IS NOT NULL AND top > last THEN
        PERFORM setval(seq, top);
    END IF;
    RETURN NULL;
END
$f$;

DO $d$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['system', 'dossier_step', 'assessment', 'incident', 'incident_report',
            'project', 'report_submission', 'custom_deadline', 'change_log', 'evidence'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (capdo_sees(unit)) WITH CHECK (capdo_sees(unit))',
            t || '_by_unit', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['profile', 'calendar_day'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (unit = capdo_home()) WITH CHECK (unit = capdo_home())',
            t || '_own', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['system', 'dossier_step', 'assessment', 'incident', 'project',
            'report_submission', 'custom_deadline', 'change_log', 'evidence'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I FOR EACH STATEMENT EXECUTE FUNCTION capdo_sync_ids()',
            t || '_ids', t);
    END LOOP;
END $d$;

ALTER TABLE unit_grant ENABLE ROW LEVEL SECURITY;
CREATE POLICY unit_grant_own ON unit_grant FOR SELECT USING (role = current_user OR capdo_sees(unit));

GRANT SELECT, INSERT, UPDATE, DELETE ON profile, system, dossier_step, assessment, incident,
    incident_report, project, report_submission, custom_deadline, change_log, calendar_day,
    evidence TO capdo_commune;
GRANT SELECT ON unit_grant, capdo_schema TO capdo_commune;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO capdo_commune;
"#,
    // 8: no path from one unit to another. A row that names a system (or an incident) must
    // name one its writer sees, on insert and on update (a foreign key alone would let a
    // commune hang its rows on another unit's system); a role without a unit in this database
    // (a commune role of another capdo database on the same server, or one whose unit was
    // revoked) sees no profile or calendar, not even the province's own; and the province
    // reads a unit's profile (for `bundle --unit`) through one function that checks it may.
    r#"
CREATE OR REPLACE FUNCTION capdo_unit_of_system() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    IF NEW.system_id IS NOT NULL THEN
        NEW.unit := (SELECT s.unit FROM system s WHERE s.id = NEW.system_id);
        IF NEW.unit IS NULL THEN
            RAISE EXCEPTION 'no system % in the units of %', NEW.system_id, current_user
                USING ERRCODE = 'foreign_key_violation';
        END IF;
    END IF;
    IF NEW.unit IS NULL THEN
        NEW.unit := capdo_home();
    END IF;
    RETURN NEW;
END
$f$;
CREATE OR REPLACE FUNCTION capdo_unit_of_incident() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    NEW.unit := (SELECT i.unit FROM incident i WHERE i.id = NEW.incident_id);
    IF NEW.unit IS NULL THEN
        RAISE EXCEPTION 'no incident % in the units of %', NEW.incident_id, current_user
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NEW;
END
$f$;
CREATE OR REPLACE TRIGGER dossier_step_unit BEFORE INSERT OR UPDATE OF system_id, unit ON dossier_step
    FOR EACH ROW EXECUTE FUNCTION capdo_unit_of_system();
CREATE OR REPLACE TRIGGER assessment_unit BEFORE INSERT OR UPDATE OF system_id, unit ON assessment
    FOR EACH ROW EXECUTE FUNCTION capdo_unit_of_system();
CREATE OR REPLACE TRIGGER evidence_unit BEFORE INSERT OR UPDATE OF system_id, unit ON evidence
    FOR EACH ROW EXECUTE FUNCTION capdo_unit_of_system();
CREATE OR REPLACE TRIGGER incident_unit BEFORE INSERT OR UPDATE OF system_id, unit ON incident
    FOR EACH ROW EXECUTE FUNCTION capdo_unit_of_system();
CREATE OR REPLACE TRIGGER custom_deadline_unit BEFORE INSERT OR UPDATE OF system_id, unit ON custom_deadline
    FOR EACH ROW EXECUTE FUNCTION capdo_unit_of_system();
CREATE OR REPLACE TRIGGER incident_report_unit BEFORE INSERT OR UPDATE OF incident_id, unit ON incident_report
    FOR EACH ROW EXECUTE FUNCTION capdo_unit_of_incident();

ALTER POLICY profile_own ON profile
    USING (unit = capdo_home() AND capdo_sees(unit)) WITH CHECK (unit = capdo_home() AND capdo_sees(unit));
ALTER POLICY calendar_day_own ON calendar_day
    USING (unit = capdo_home() AND capdo_sees(unit)) WITH CHECK (unit = capdo_home() AND capdo_sees(unit));

CREATE FUNCTION capdo_unit_profile(u text)
    RETURNS TABLE (tier text, parent_authority text, officer text, tracking_start text, created_at text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $f$
    SELECT p.tier, p.parent_authority, p.officer, p.tracking_start, p.created_at
    FROM public.profile p
    WHERE p.unit = u AND p.id = 1 AND u <> ''
        AND (pg_has_role(session_user, 'capdo_province', 'MEMBER')
            OR EXISTS (SELECT 1 FROM public.unit_grant g WHERE g.role = session_user AND g.unit = u))
$f$;
REVOKE ALL ON FUNCTION capdo_unit_profile(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION capdo_unit_profile(text) TO capdo_commune;
"#,
    // 9: every committed write signals the dashboards listening on `capdo_change`
    // (store::notify): a trigger on each table, one signal per transaction (the server folds
    // repeats)
    r#"
CREATE FUNCTION capdo_changed() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM pg_notify('capdo_change', '');
    RETURN NULL;
END
$f$;

DO $d$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['profile', 'system', 'dossier_step', 'assessment', 'incident',
            'incident_report', 'project', 'report_submission', 'custom_deadline', 'change_log',
            'calendar_day', 'evidence'] LOOP
        -- per row: a statement that writes nothing (a session's profile row, inserted
        -- "ON CONFLICT DO NOTHING" at every start) signals nothing
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION capdo_changed()',
            t || '_changed', t);
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION capdo_changed()',
            t || '_emptied', t);
    END LOOP;
END $d$;
"#,
    // 10: the policies ask who the role is once per query, not once per row (a province role
    // read 100,000 systems in 377 ms on the server through `capdo_sees(unit)` per row, 151 ms
    // with the question as an InitPlan)
    r#"
DO $d$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['system', 'dossier_step', 'assessment', 'incident', 'incident_report',
            'project', 'report_submission', 'custom_deadline', 'change_log', 'evidence'] LOOP
        EXECUTE format('ALTER POLICY %I ON %I USING (%s) WITH CHECK (%s)', t || '_by_unit', t,
            $p$(SELECT pg_has_role(current_user, 'capdo_province', 'MEMBER')) OR unit IN (SELECT g.unit FROM unit_grant g WHERE g.role = current_user)$p$,
            $p$(SELECT pg_has_role(current_user, 'capdo_province', 'MEMBER')) OR unit IN (SELECT g.unit FROM unit_grant g WHERE g.role = current_user)$p$);
    END LOOP;
END $d$;
"#,
];

/// The number of migrations applied (0 for an empty database, whose schema table is made
/// here unless the session is read-only: a read-only look creates nothing).
pub fn version(db: &Db) -> sql::Result<i64> {
    let (exists, read_only): (bool, bool) = db.query_row(
        "SELECT count(*), current_setting('transaction_read_only') FROM information_schema.tables WHERE table_name = 'capdo_schema' AND table_schema = current_schema()",
        params![],
        |r| Ok((r.get::<i64>(0)? > 0, r.text(1)? == "on")),
    )?;
    if !exists && read_only {
        return Ok(0);
    }
    if !exists {
        db.batch("CREATE TABLE capdo_schema (version BIGINT NOT NULL PRIMARY KEY)")?;
    }
    Ok(db
        .query_row("SELECT max(version) FROM capdo_schema", params![], |r| {
            r.get::<Option<i64>>(0)
        })
        .optional()?
        .flatten()
        .unwrap_or(0))
}

/// Records that migration `v` is applied.
pub fn set_version(db: &Db, v: i64) -> sql::Result<()> {
    db.execute("INSERT INTO capdo_schema (version) VALUES (?1)", params![v])?;
    Ok(())
}

/// The session's home unit ('' for the province or the owner).
pub fn home(db: &Db) -> sql::Result<String> {
    db.query_row("SELECT capdo_home()", params![], |r| r.get(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shared_sql_reads_the_same_on_postgresql() {
        assert_eq!(
            rewrite("SELECT id FROM system WHERE unit = '' AND code = ?1"),
            "SELECT id FROM system WHERE unit = capdo_home() AND code = $1"
        );
        assert_eq!(
            rewrite("NOT (length(a) = 10 AND date(a) IS a) OR b IS NULL OR on_date(x)"),
            "NOT (length(a) = 10 AND capdo_date(a) IS NOT DISTINCT FROM a) OR b IS NULL OR on_date(x)"
        );
        assert_eq!(
            rewrite("INSERT INTO t (a) VALUES (?1) ON CONFLICT (a) DO NOTHING"),
            "INSERT INTO t (a) VALUES ($1) ON CONFLICT (unit, a) DO NOTHING"
        );
    }

    #[test]
    fn both_engines_have_every_migration() {
        assert_eq!(MIGRATIONS.len(), super::super::schema::MIGRATIONS.len());
    }

    #[test]
    fn a_password_never_shows() {
        assert_eq!(
            redacted("postgresql://xa:secret@db.local:5432/capdo"),
            "postgresql://xa@db.local:5432/capdo"
        );
        assert_eq!(redacted("postgresql://db/capdo"), "postgresql://db/capdo");
    }
}
