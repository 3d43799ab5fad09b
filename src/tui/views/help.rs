//! The help overlay, built from the keymap table (so it always matches the keys), with the
//! status symbols and a short glossary.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::domain::Status;
use crate::i18n::{Text, msg};
use crate::tui::keymap::{self, Scope};
use crate::tui::model::Model;
use crate::tui::ui::centered;
use crate::tui::update::context;

const GLOSSARY: &[Text] = &[
    msg::tui::help::GLOSSARY_LEVEL,
    msg::tui::help::GLOSSARY_DOSSIER,
    msg::tui::help::GLOSSARY_PLAN,
    msg::tui::help::GLOSSARY_ASSESSMENT,
    msg::tui::help::GLOSSARY_OWNER,
    msg::tui::help::GLOSSARY_INCIDENT,
];

/// Which bindings a group of the help lists.
type Pick = fn(&keymap::Binding) -> bool;

/// The help's lines for the view under it.
fn content(m: &Model) -> Vec<Line<'static>> {
    let t = &m.theme;
    let lang = m.lang;
    let mut lines: Vec<Line> = Vec::new();
    // the keys of the view under the help, write keys included (read-only hides them)
    let view_ctx = keymap::Context {
        overlay: false,
        ..context(m)
    };
    let here = msg::tui::help::TheView {
        view: m.view.name().text(lang),
    }
    .text(lang);
    // the view's own keys first, then the lists', then those that work everywhere
    let groups: [(Pick, String); 4] = [
        (
            |b| matches!(b.scope, Scope::Deadlines | Scope::Views(_)),
            here,
        ),
        (
            |b| b.scope == Scope::List,
            msg::tui::help::IN_LISTS.text(lang).to_owned(),
        ),
        (
            |b| b.scope == Scope::Global,
            msg::tui::help::EVERYWHERE.text(lang).to_owned(),
        ),
        (
            |b| b.scope == Scope::Overlay,
            msg::tui::help::DETAILS_HELP_PALETTE.text(lang).to_owned(),
        ),
    ];
    for (pick, name) in groups {
        let keys: Vec<_> = keymap::all(view_ctx)
            .filter(|b| pick(b) && (b.scope == Scope::Overlay || b.live(view_ctx)))
            .collect();
        if keys.is_empty() {
            continue;
        }
        lines.push(Line::from(Span::styled(format!("── {name}"), t.header)));
        for b in keys {
            lines.push(Line::from(vec![
                Span::styled(crate::text::pad(&b.all_keys(), 16), t.key),
                Span::raw(b.action.label(lang)),
            ]));
        }
    }
    lines.push(Line::from(Span::styled(
        msg::tui::help::SYMBOLS.text(lang),
        t.header,
    )));
    for (st, what) in [
        (Status::Overdue, msg::tui::help::SYMBOL_OVERDUE),
        (Status::DueSoon, msg::tui::help::SYMBOL_DUE_SOON),
        (Status::Upcoming, msg::tui::help::SYMBOL_UPCOMING),
    ] {
        lines.push(Line::from(vec![
            Span::styled(format!("{}  ", st.symbol()), t.status(st)),
            Span::raw(what.text(lang)),
        ]));
    }
    lines.push(Line::from(Span::styled(
        msg::tui::help::GLOSSARY.text(lang),
        t.header,
    )));
    for g in GLOSSARY {
        lines.push(Line::from(g.text(lang)));
    }
    lines
}

/// The help's box inside the content area.
fn help_area(content: Rect) -> Rect {
    centered(content, 86, content.height)
}

/// How far the help scrolls: its last line at the bottom of the box. Rows are counted as
/// wrapped (a word-wrapped line may take one more, which only leaves a blank at the end).
pub fn max_scroll(m: &Model) -> u16 {
    let area = help_area(crate::tui::ui::content_area(m));
    let w = usize::from(area.width.saturating_sub(2)).max(1);
    let total: usize = content(m)
        .iter()
        .map(|l| l.width().div_ceil(w).max(1))
        .sum();
    let inner = usize::from(area.height.saturating_sub(2));
    u16::try_from(total.saturating_sub(inner)).unwrap_or(u16::MAX)
}

pub fn draw(f: &mut Frame, m: &Model, scroll: u16, content_area: Rect) {
    let t = &m.theme;
    let lang = m.lang;
    let area = help_area(content_area);
    f.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border)
        .title(Span::styled(msg::tui::help::HELP_KEYS.text(lang), t.title))
        .title_bottom(Span::styled(
            msg::tui::help::ESC_CLOSE_SCROLL.text(lang),
            t.dim,
        ));
    f.render_widget(
        Paragraph::new(content(m))
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((scroll.min(max_scroll(m)), 0)),
        area,
    );
}
