//! The full-screen dashboard: state → action → update → pure render.
//!
//! `run` is the edge: it opens the store, reads the clock and the terminal, and carries out the
//! effects `update` asks for. Everything it draws comes from a plain snapshot (`snapshot`);
//! the render path (`ui`, `views`) never touches the store.

pub mod action;
pub mod form;
pub mod forms;
pub mod keymap;
pub mod lists;
pub mod model;
pub mod snapshot;
pub mod theme;
pub mod ui;
pub mod update;
pub mod views;
pub mod watch;

use std::io;
use std::process::ExitCode;
use std::time::Duration;

use chrono::{Local, Timelike};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{self, Event, KeyEvent, KeyEventKind};

use crate::app::{Env, ExitStatus, Failure};
use crate::config::Config;
use crate::domain::engine::Clock;
use crate::i18n::{Lang, msg};
use crate::store::{LogFilter, Scope, Store};
use form as model_form;
use model::{Detail, Model, Target};
use snapshot::Snapshot;
use theme::Theme;
use update::Effect;

/// The "due soon" window of the dashboard, in days.
pub const HORIZON: i64 = 30;

/// Loads a snapshot from the store, narrowed to a unit of a consolidated store if asked.
/// Without `text`, systems come without their free-text fields (owner, operator, notes…):
/// enough for the Overview; `fill_text` adds them.
pub fn load_snapshot(
    store: &Store,
    env: &Env,
    clock: Clock,
    unit: Option<&str>,
    text: bool,
) -> Result<Snapshot, Failure> {
    let mut data = store
        .load(Scope::Deadlines)
        .map_err(|e| Failure::store(&e, env.lang))?;
    if text {
        store
            .fill_text(&mut data.systems)
            .map_err(|e| Failure::store(&e, env.lang))?;
    }
    let rules = env.rules_on(clock.today, data.profile.pinned_pack.as_deref())?;
    Ok(Snapshot::build_for_unit(data, rules, clock, HORIZON, unit))
}

/// Adds the free-text fields to a snapshot loaded without them.
fn fill_text(store: &Store, m: &mut Model, lang: Lang) -> Result<(), Failure> {
    store
        .fill_text(&mut m.snap.data.systems)
        .map_err(|e| Failure::store(&e, lang))
}

/// The model as the dashboard starts: language and theme from flags, NO_COLOR and the config.
pub fn initial_model(snap: Snapshot, env: &Env, config: &Config, size: (u16, u16)) -> Model {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let name = theme::choose(env.theme.as_deref(), config.theme.as_deref(), no_color);
    Model::new(snap, env.lang, Theme::new(name), size, env.read_only)
}

/// The store and the model; carries out effects.
struct App<'e> {
    env: &'e Env,
    store: Store,
    model: Model,
    config: Config,
    /// The changes made in this run, newest last, with what they did.
    undo_stack: Vec<(crate::app::ChangeSet, String)>,
    /// The undos made since the last save, newest last (each the change that undid it), for
    /// `Ctrl-R`; a new save clears it.
    redo_stack: Vec<(crate::app::ChangeSet, String)>,
    /// Reloads caused by other writers (reported by a test hook).
    reloads: u64,
}

impl App<'_> {
    fn apply(&mut self, effects: Vec<Effect>) {
        for e in effects {
            match e {
                Effect::Quit => {}
                Effect::Reload => match load_snapshot(
                    &self.store,
                    self.env,
                    self.model.snap.clock,
                    self.model.unit.as_deref(),
                    true,
                ) {
                    Ok(s) => {
                        self.model.replace_snapshot(s);
                        self.model.status =
                            Some(msg::tui::run::RELOADED.text(self.model.lang).into());
                    }
                    Err(f) => self.model.status = Some(f.message),
                },
                Effect::OpenDetail(target) => match open_detail(&self.store, &self.model, target) {
                    Ok(d) => self.model.detail = Some(d),
                    Err(msg) => self.model.status = Some(msg),
                },
                Effect::Submit(form) => self.submit(form),
                Effect::Undo => self.undo(),
                Effect::Redo => self.redo(),
                Effect::Export(view) => {
                    // CAPDO_EXPORT: a directory, or a file name ending in .xlsx or .csv
                    let dir = std::env::var_os("CAPDO_EXPORT")
                        .map(std::path::PathBuf::from)
                        .unwrap_or_else(|| std::env::current_dir().unwrap_or_default());
                    self.model.status = Some(match export_view(&self.model, view, &dir) {
                        Ok(path) => msg::tui::run::Exported {
                            path: path.display(),
                        }
                        .text(self.model.lang),
                        Err(e) => msg::tui::run::ExportFailed { error: e }.text(self.model.lang),
                    });
                }
                Effect::SkipUnitName => {
                    self.config.skip_unit_name(self.store.path());
                    if let Err(e) = self.config.save() {
                        self.model.status = Some(
                            msg::tui::run::SettingsNotSaved { error: e }.text(self.model.lang),
                        );
                    }
                }
                Effect::SaveConfig => {
                    self.config.lang = Some(self.model.lang);
                    self.config.theme = Some(self.model.theme.name.key().to_owned());
                    if let Err(e) = self.config.save() {
                        self.model.status = Some(
                            msg::tui::run::SettingsNotSaved { error: e }.text(self.model.lang),
                        );
                    }
                }
            }
        }
    }

    /// The context of a write made now.
    fn write_ctx(&self) -> crate::store::WriteCtx {
        crate::store::WriteCtx {
            at: Local::now().naive_local(),
            today: self.model.snap.today(),
            os_user: self.env.os_user.clone(),
        }
    }

    /// Validates and saves a form through the shared operations (the same checks as the
    /// command line); errors go back beside the fields and nothing is saved.
    fn submit(&mut self, mut form: Box<model_form::Form>) {
        if form.purpose == model_form::Purpose::Import {
            self.import(*form);
            return;
        }
        let lang = self.model.lang;
        if form.purpose == model_form::Purpose::Handover {
            // not a change to the store: the pack is written where the form says
            let dir = std::path::PathBuf::from(form.value("dir").trim());
            let zip = form.value("zip") == "yes";
            let root = crate::app::env::evidence_root(None);
            match crate::app::handover::write_pack(self.env, &dir, zip, root.as_deref(), None) {
                Ok((_, line)) => self.model.status = Some(line),
                Err(f) => {
                    form.errors = vec![("dir".to_owned(), f.message)];
                    self.model.overlay = model::Overlay::Form(form);
                }
            }
            return;
        }
        let ctx = self.write_ctx();
        match save_form(&mut self.store, &self.model.snap.rules, &ctx, lang, form) {
            Ok((cs, what)) => {
                self.reload();
                self.model.status = Some(msg::tui::run::Saved { what: &what }.text(lang));
                self.undo_stack.push((cs, what));
                self.redo_stack.clear();
                self.sync_undo();
            }
            Err(form) => self.model.overlay = model::Overlay::Form(form),
        }
    }

    /// Tells the model what `u` and `Ctrl-R` would do.
    fn sync_undo(&mut self) {
        self.model.undo_what = self.undo_stack.last().map(|(_, w)| w.clone());
        self.model.redo_what = self.redo_stack.last().map(|(_, w)| w.clone());
    }

    /// Imports the inventory file named in the form, as `capdo import` does: all or nothing;
    /// on a problem the form comes back with what is wrong and nothing is written.
    fn import(&mut self, mut form: model_form::Form) {
        let lang = self.model.lang;
        let ctx = self.write_ctx();
        let path = import_path(form.value("path"));
        if path.as_os_str().is_empty() {
            form.errors = vec![(
                "path".into(),
                msg::tui::run::TYPE_THE_PATH_OF_A_CSV.text(lang).into(),
            )];
            self.model.overlay = model::Overlay::Form(Box::new(form));
            return;
        }
        match crate::app::import::import_inventory(&mut self.store, &ctx, &path, lang) {
            Ok(line) => {
                self.reload();
                self.model.status = Some(line);
            }
            Err(f) => {
                form.errors = import_errors(&f.message);
                self.model.overlay = model::Overlay::Form(Box::new(form));
            }
        }
    }

    /// Undoes the last change made in this run; the undo is itself a logged change.
    fn undo(&mut self) {
        if self.undo_stack.is_empty() {
            self.model.status = Some(msg::tui::NOTHING_TO_UNDO.text(self.model.lang).into());
            return;
        }
        self.reverse(false);
    }

    /// Redoes the change last undone: the undo is itself undone, a logged change like any
    /// other, which `u` can undo again.
    fn redo(&mut self) {
        self.reverse(true);
    }

    /// Reverses the newest change of one stack (undo: the changes made; redo: the undos) and
    /// moves its reversal onto the other; on a refusal the change stays where it was.
    fn reverse(&mut self, redo: bool) {
        let lang = self.model.lang;
        let from = if redo {
            &mut self.redo_stack
        } else {
            &mut self.undo_stack
        };
        let Some((cs, what)) = from.pop() else {
            return;
        };
        let ctx = self.write_ctx();
        match crate::app::undo(&mut self.store, &ctx, &cs) {
            Ok(reversal) => {
                self.reload();
                self.model.status = Some(if redo {
                    msg::tui::run::Redone { what: &what }.text(lang)
                } else {
                    msg::tui::run::Undone { what: &what }.text(lang)
                });
                let to = if redo {
                    &mut self.undo_stack
                } else {
                    &mut self.redo_stack
                };
                to.push((reversal, what));
            }
            Err(e) => {
                self.model.status = Some(e.message(lang));
                let from = if redo {
                    &mut self.redo_stack
                } else {
                    &mut self.undo_stack
                };
                from.push((cs, what));
            }
        }
        self.sync_undo();
    }

    /// Reloads the snapshot after a change, keeping the selections.
    fn reload(&mut self) {
        match load_snapshot(
            &self.store,
            self.env,
            self.model.snap.clock,
            self.model.unit.as_deref(),
            true,
        ) {
            Ok(s) => self.model.replace_snapshot(s),
            Err(f) => self.model.status = Some(f.message),
        }
        self.model.evidence_gaps = self.store.evidence_gaps().ok();
    }

    /// Another process changed the store: reload, keep the selections and an open detail
    /// pane (found again by its record's id), and say so.
    fn external_reload(&mut self) {
        let lang = self.model.lang;
        let detail = self.model.detail.as_ref().map(|d| {
            let d0 = &self.model.snap.data;
            (
                d.target,
                match d.target {
                    Target::System(i) => d0.systems.get(i).map(|x| x.id),
                    Target::Incident(i) => d0.incidents.get(i).map(|x| x.id),
                },
                d.scroll,
            )
        });
        match load_snapshot(
            &self.store,
            self.env,
            self.model.snap.clock,
            self.model.unit.as_deref(),
            true,
        ) {
            Ok(s) => {
                self.model.replace_snapshot(s);
                self.reloads += 1;
                self.model.status =
                    Some(msg::tui::run::CHANGED_ELSEWHERE_RELOADED.text(lang).into());
            }
            Err(f) => {
                self.model.status = Some(f.message);
                return;
            }
        }
        if let Some((target, Some(id), scroll)) = detail {
            let d = &self.model.snap.data;
            let again = match target {
                Target::System(_) => d.system_index(id).map(Target::System),
                Target::Incident(_) => d
                    .incidents
                    .iter()
                    .position(|x| x.id == id)
                    .map(Target::Incident),
            };
            if let Some(t) = again
                && let Ok(mut d) = open_detail(&self.store, &self.model, t)
            {
                d.scroll = scroll;
                self.model.detail = Some(d);
            }
        }
    }

    /// Moves the clock; a new day recomputes the deadlines from the data already in memory.
    fn tick(&mut self) {
        if self.env.fixed_clock {
            return;
        }
        let now = Local::now().naive_local();
        let clock = Clock {
            today: now.date(),
            now,
        };
        if clock.today != self.model.snap.clock.today {
            // a new day: the deadlines are judged again (and the pack in force may change)
            match load_snapshot(
                &self.store,
                self.env,
                clock,
                self.model.unit.as_deref(),
                true,
            ) {
                Ok(s) => self.model.replace_snapshot(s),
                Err(f) => self.model.status = Some(f.message),
            }
        } else {
            self.model.snap.clock = clock;
        }
    }
}

/// Validates a form against the whole store (dossier history and assessments included) and
/// saves it as one operation. On any problem the form comes back with its errors and nothing
/// is written.
pub fn save_form(
    store: &mut Store,
    rules: &crate::rules::RuleChoice,
    ctx: &crate::store::WriteCtx,
    lang: Lang,
    mut form: Box<model_form::Form>,
) -> Result<(crate::app::ChangeSet, String), Box<model_form::Form>> {
    let data = match store.load(Scope::Full) {
        Ok(d) => d,
        Err(e) => {
            form.errors = vec![("_".to_owned(), e.message(lang))];
            return Err(form);
        }
    };
    // another officer saved the record since the form opened: their fields are kept, and a
    // field both changed is shown, not overwritten (the second save writes it on purpose)
    let conflicts = forms::take_saved_meanwhile(&mut form, &data, lang);
    if !conflicts.is_empty() {
        let changes = conflicts
            .iter()
            .map(|(label, was, now)| format!("{label}: \"{was}\" → \"{now}\""))
            .collect::<Vec<_>>()
            .join("; ");
        form.errors = vec![(
            "_".to_owned(),
            msg::tui::run::SavedMeanwhile { changes: &changes }.text(lang),
        )];
        return Err(form);
    }
    let op = match forms::check(&form, &data, rules, ctx.today, lang) {
        Ok(op) => op,
        Err(errors) => {
            form.errors = errors
                .into_iter()
                .map(|e| (e.field.to_owned(), e.message))
                .collect();
            form.focus_first_error();
            return Err(form);
        }
    };
    match crate::app::apply(store, ctx, &op) {
        Ok(cs) => Ok((cs, op.describe(lang))),
        Err(e) => {
            form.errors = vec![("_".to_owned(), e.message(lang))];
            Err(form)
        }
    }
}

/// The path typed or pasted for an import: trimmed, without the quotes of a pasted path
/// ("C:\\...\\ds.xlsx" from Windows' "Copy as path"), relative to the working directory.
pub fn import_path(typed: &str) -> std::path::PathBuf {
    let t = typed.trim();
    let t = t
        .strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .or_else(|| t.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')))
        .unwrap_or(t);
    std::path::PathBuf::from(t)
}

/// An import's refusal as form errors: its first line (which file, how many problems) beside
/// the path, the first problems, one a line, then the verdict; at most seven lines.
pub fn import_errors(message: &str) -> Vec<(String, String)> {
    // the first line and the problems shown before the verdict
    const SHOWN: usize = 6;
    let lines: Vec<&str> = message.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut v: Vec<(String, String)> = Vec::new();
    match lines.split_last() {
        Some((verdict, problems)) if problems.len() > SHOWN => {
            for l in &problems[..SHOWN] {
                v.push(("_".into(), (*l).to_owned()));
            }
            v.push(("_".into(), format!("… {verdict}")));
        }
        _ => {
            for l in &lines {
                v.push(("_".into(), (*l).to_owned()));
            }
        }
    }
    if let Some(first) = v.first_mut() {
        // the first line (the file and how many problems) shows beside the path
        first.0 = "path".into();
    }
    v
}

/// Loads what a detail pane shows.
pub fn open_detail(store: &Store, m: &Model, target: Target) -> Result<Detail, String> {
    let err = |e: crate::store::StoreError| e.message(m.lang);
    match target {
        Target::System(i) => {
            let x = &m.snap.data.systems[i];
            Ok(Detail {
                target,
                steps: store.steps_of(x.id).map_err(err)?,
                assessments: store.assessments_of(x.id).map_err(err)?,
                history: store
                    .log(&LogFilter {
                        system: Some(x.code.clone()),
                    })
                    .map_err(err)?,
                evidence: store.evidence_of(x.id).map_err(err)?,
                scroll: 0,
            })
        }
        Target::Incident(_) => Ok(Detail {
            target,
            steps: Vec::new(),
            assessments: Vec::new(),
            history: Vec::new(),
            evidence: Vec::new(),
            scroll: 0,
        }),
    }
}

/// What wakes the event loop.
#[derive(Clone)]
enum Wake {
    Input(KeyEvent),
    Resize(u16, u16),
    /// A file of the store changed on disk (maybe another writer).
    Store,
    /// The terminal could not be read.
    Lost(String),
}

/// Alt+key as the terminal reports Esc followed at once by a key: the two keys typed.
pub fn split_alt(k: KeyEvent) -> Option<(KeyEvent, KeyEvent)> {
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};
    if !k.modifiers.contains(KeyModifiers::ALT)
        || k.modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::SUPER)
    {
        return None;
    }
    let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
    let key = KeyEvent {
        modifiers: k.modifiers - KeyModifiers::ALT,
        ..k
    };
    Some((esc, key))
}

/// Reads the terminal on its own thread, so the loop sleeps on one channel for keys and file
/// events alike. Key releases and repeats are dropped here, once, at the source (Windows
/// reports every key twice otherwise).
fn read_input(tx: std::sync::mpsc::Sender<Wake>) {
    std::thread::spawn(move || {
        loop {
            let wake = match event::read() {
                Ok(Event::Key(k)) if k.kind == KeyEventKind::Press => {
                    // Esc and the next key arriving together read as Alt+key: capdo binds no
                    // Alt key, so it is what was typed, Esc then the key
                    if let Some((esc, key)) = split_alt(k) {
                        if tx.send(Wake::Input(esc)).is_err() {
                            break;
                        }
                        Wake::Input(key)
                    } else {
                        Wake::Input(k)
                    }
                }
                Ok(Event::Resize(w, h)) => Wake::Resize(w, h),
                Ok(_) => continue,
                Err(e) => Wake::Lost(e.to_string()),
            };
            let lost = matches!(wake, Wake::Lost(_));
            if tx.send(wake).is_err() || lost {
                break;
            }
        }
    });
}

/// Restores the terminal when the dashboard ends by any path.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

/// SIGTERM and SIGHUP (a dropped SSH session) restore the terminal and end the program.
#[cfg(unix)]
fn watch_signals() {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP]) {
        std::thread::spawn(move || {
            if let Some(sig) = signals.forever().next() {
                ratatui::restore();
                std::process::exit(128 + sig);
            }
        });
    }
}

#[cfg(not(unix))]
fn watch_signals() {}

/// Opens the dashboard (or, with `--render-once`, prints its first screen).
pub fn run(env: &Env) -> Result<ExitCode, Failure> {
    let store = env.open(crate::store::Access::ReadWrite)?;
    let config = Config::load();
    if let Some(size) = &env.render_once {
        let (w, h) = parse_size(size).ok_or_else(|| Failure {
            kind: ExitStatus::Usage,
            message: msg::tui::run::RenderOnceSize { size }.text(env.lang),
        })?;
        // the first screen (the Overview) needs no free text: drawn from the lean load, as
        // the dashboard draws it
        let snap = load_snapshot(&store, env, env.clock, None, false)?;
        let mut model = initial_model(snap, env, &config, (w, h));
        model.evidence_gaps = store.evidence_gaps().ok();
        crate::app::stdout::emit(&render_text(&model))?;
        // the process ends now; the OS takes the memory back faster than a teardown would
        std::mem::forget(model);
        return Ok(ExitCode::SUCCESS);
    }
    let snap = load_snapshot(&store, env, env.clock, None, false)?;
    let size = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let mut model = initial_model(snap, env, &config, size);
    model.evidence_gaps = store.evidence_gaps().ok();
    // a store without a unit name: the profile form, once per store (Esc skips it for good)
    update::ask_unit_name(&mut model, config.unit_name_was_skipped(store.path()));
    let mut app = App {
        env,
        store,
        model,
        config,
        undo_stack: Vec::new(),
        redo_stack: Vec::new(),
        reloads: 0,
    };
    watch_signals();
    let mut terminal = ratatui::try_init().map_err(|e| Failure {
        kind: ExitStatus::Io,
        message: e.to_string(),
    })?;
    let _restore = Restore;
    let io_err = |e: io::Error| Failure {
        kind: ExitStatus::Io,
        message: e.to_string(),
    };
    // a test hook: proves the panic path restores the terminal (tests/e2e_signals.rs)
    let panic_after_draw = std::env::var_os("CAPDO_TEST_PANIC").is_some();
    let mut text_loaded = false;
    let (tx, rx) = std::sync::mpsc::channel();
    // another capdo process writing the store (a `record` over SSH, an import, another
    // officer's dashboard) shows here without a key press: file events on SQLite, the
    // server's change signal on PostgreSQL, each confirmed by the store's data_version
    let engine = app.store.engine();
    let watched = match engine {
        crate::store::sql::Engine::Postgres => env.db.clone(),
        crate::store::sql::Engine::Sqlite => app.store.path().to_owned(),
    };
    let _watcher = watch::start(&watched, engine, tx.clone(), || Wake::Store);
    let mut version = watch::Version::of(&app.store).ok();
    let mut settle: Option<std::time::Instant> = None;
    let mut checks = 0u64;
    // a test hook: counts the store checks and reloads (tests/e2e_tmux.rs)
    let count_to = std::env::var_os("CAPDO_TEST_RELOADS").map(std::path::PathBuf::from);
    read_input(tx);
    loop {
        terminal.draw(|f| ui::draw(f, &app.model)).map_err(io_err)?;
        if panic_after_draw {
            panic!("CAPDO_TEST_PANIC: deliberate panic after drawing");
        }
        if !text_loaded {
            // progressive start: the first frame is on screen; the free-text fields (owner,
            // operator, notes…) load now, before the first key is read (keys typed meanwhile
            // wait in the terminal's buffer)
            fill_text(&app.store, &mut app.model, env.lang)?;
            text_loaded = true;
        }
        if app.model.quit {
            break;
        }
        // sleep until input, a file event, the end of a debounce or the next minute for the
        // clocks; no busy loop
        let clock = if env.fixed_clock {
            Duration::from_secs(3600)
        } else {
            Duration::from_secs(u64::from(60 - Local::now().second().min(59)))
        };
        let timeout = match settle {
            Some(at) => at
                .saturating_duration_since(std::time::Instant::now())
                .min(clock),
            None => clock,
        };
        match rx.recv_timeout(timeout) {
            // this run's own writes leave data_version as it is: they are never taken for news
            Ok(Wake::Input(k)) => {
                let effects = update::on_key(&mut app.model, k);
                app.apply(effects);
            }
            Ok(Wake::Resize(w, h)) => update::resize(&mut app.model, w, h),
            Ok(Wake::Store) => {
                if settle.is_none() {
                    settle = Some(std::time::Instant::now() + watch::DEBOUNCE);
                }
            }
            Ok(Wake::Lost(e)) => {
                return Err(Failure {
                    kind: ExitStatus::Io,
                    message: e,
                });
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => app.tick(),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
        }
        // the burst has settled (checked whatever woke the loop, so keys held down cannot
        // put it off): did another connection commit?
        if settle.is_some_and(|at| at <= std::time::Instant::now()) {
            settle = None;
            checks += 1;
            if let Some(v) = &mut version
                && v.changed(&app.store).unwrap_or(false)
            {
                app.external_reload();
            }
            if let Some(p) = &count_to {
                // a test hook: how often the store was asked and reloaded
                let _ = std::fs::write(p, format!("checks={checks} reloads={}\n", app.reloads));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes a view's rows, as filtered and sorted on screen, to a new file (never overwriting)
/// and returns its path. `target` is a directory (`capdo-<view>-<date>.csv` in it) or a file
/// name whose extension says the format: `.xlsx` (typed cells) or `.csv`. A status, a date
/// and a count get their own columns (`exchange::export::ViewSheet`); the Deadlines view adds
/// the legal basis.
pub fn export_view(
    m: &Model,
    view: action::ViewId,
    target: &std::path::Path,
) -> std::io::Result<std::path::PathBuf> {
    use crate::exchange::export::{self, ViewCell, ViewSheet};
    let ext = target
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .filter(|e| (e == "xlsx" || e == "csv") && !target.is_dir());
    let (dir, stem, ext) = match &ext {
        Some(e) => (
            target
                .parent()
                .unwrap_or(std::path::Path::new("."))
                .to_owned(),
            target
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            e.clone(),
        ),
        None => {
            let slug = crate::text::fold(view.name().text(m.lang)).replace(' ', "-");
            let date = m.snap.today().format("%Y-%m-%d");
            (
                target.to_owned(),
                format!("capdo-{slug}-{date}"),
                "csv".to_owned(),
            )
        }
    };
    let mut path = dir.join(format!("{stem}.{ext}"));
    let mut n = 1;
    while path.exists() {
        path = dir.join(format!("{stem}-{n}.{ext}"));
        n += 1;
    }
    let st = &m.lists[view.index()];
    // a view not yet shown has no rows built: export it in its default order
    let rows = if st.base.is_some() {
        st.rows.clone()
    } else {
        lists::default_rows(&m.snap, view)
    };
    let mut sheet = ViewSheet {
        name: view.name().text(m.lang).to_owned(),
        ..ViewSheet::default()
    };
    if view == action::ViewId::Deadlines {
        sheet.header = export::deadline_header(m.lang);
        for &i in &rows {
            let it = &m.snap.items[i];
            sheet.rows.push(export::deadline_row(
                it,
                &m.snap.data,
                &m.snap.rules,
                m.lang,
            ));
        }
    } else {
        let cells: Vec<Vec<views::table::CellText>> = rows
            .iter()
            .map(|&i| views::table::cells(m, view, i))
            .collect();
        // a column whose cells carry a status symbol is split: the status, then the value
        let cols = lists::columns(view);
        let marked: Vec<bool> = (0..cols.len())
            .map(|c| {
                cells.iter().any(|r| {
                    matches!(
                        r.get(c).map(|x| x.tone),
                        Some(views::table::Tone::Marked(_))
                    )
                })
            })
            .collect();
        for (c, col) in cols.iter().enumerate() {
            if marked[c] {
                sheet.header.push(format!(
                    "{} – {}",
                    col.title.text(m.lang),
                    msg::tui::run::STATUS.text(m.lang)
                ));
            }
            sheet.header.push(col.title.text(m.lang).to_owned());
        }
        for r in cells {
            let mut out = Vec::with_capacity(sheet.header.len());
            for (c, x) in r.iter().enumerate() {
                if marked.get(c).copied().unwrap_or(false) {
                    out.push(match x.tone {
                        views::table::Tone::Marked(st) => {
                            ViewCell::Text(st.label(m.lang).to_owned())
                        }
                        _ => ViewCell::Empty,
                    });
                }
                out.push(ViewCell::from_shown(&x.text));
            }
            sheet.rows.push(out);
        }
    }
    let bytes = if ext == "xlsx" {
        export::view_xlsx(&sheet)
    } else {
        export::view_csv(&sheet)
    }
    .map_err(std::io::Error::other)?;
    // private like every other export (the rows name systems and their weaknesses)
    let mut f = crate::store::create_private(&path)?;
    std::io::Write::write_all(&mut f, &bytes)?;
    Ok(path)
}

/// "80x24" → (80, 24).
pub fn parse_size(s: &str) -> Option<(u16, u16)> {
    let (w, h) = s.split_once(['x', 'X'])?;
    let (w, h) = (w.trim().parse().ok()?, h.trim().parse().ok()?);
    ((1..=1000).contains(&w) && (1..=1000).contains(&h)).then_some((w, h))
}

/// Draws one frame off-screen and returns it as text, one line per row.
pub fn render_text(m: &Model) -> String {
    let backend = TestBackend::new(m.size.0, m.size.1);
    let Ok(mut terminal) = Terminal::new(backend);
    if terminal.draw(|f| ui::draw(f, m)).is_err() {
        return String::new();
    }
    buffer_text(terminal.backend().buffer())
}

/// A buffer as text (wide glyphs once; trailing spaces trimmed).
pub fn buffer_text(buf: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    let area = buf.area;
    for y in 0..area.height {
        let mut line = String::new();
        let mut skip = 0usize;
        for x in 0..area.width {
            let sym = buf[(x, y)].symbol();
            if skip > 0 {
                skip -= 1;
                continue;
            }
            line.push_str(sym);
            skip = crate::text::width(sym).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::import_errors;

    #[test]
    fn an_import_refusal_shows_what_happened_beside_the_path_in_at_most_seven_lines() {
        let problems: Vec<String> = (2..10)
            .map(|l| format!("x.csv:{l}: code: required"))
            .collect();
        let message = format!(
            "cannot import x.csv: 8 problems\n{}\n8 problems; nothing was written.",
            problems.join("\n")
        );
        let v = import_errors(&message);
        assert_eq!(v.len(), 7, "{v:?}");
        assert_eq!(
            v[0],
            ("path".into(), "cannot import x.csv: 8 problems".into())
        );
        assert_eq!(v[1].1, "x.csv:2: code: required");
        assert_eq!(v[5].1, "x.csv:6: code: required");
        assert_eq!(v[6].1, "… 8 problems; nothing was written.");
        // a refusal in one line (a file that cannot be read at all) shows beside the path
        let v = import_errors("x.ods: .ods files cannot be imported");
        assert_eq!(
            v,
            vec![("path".into(), "x.ods: .ods files cannot be imported".into())]
        );
    }
}
