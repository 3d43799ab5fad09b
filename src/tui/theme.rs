//! Colours and emphasis, defined once. Meaning never rides on colour alone: every status also
//! has a symbol, and selection is reversed and marked in every theme.

use ratatui::style::{Color, Modifier, Style};

use crate::domain::Status;
use crate::i18n::msg;

/// The available themes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThemeName {
    Dark,
    Light,
    Mono,
}

impl ThemeName {
    pub fn parse(s: &str) -> Option<ThemeName> {
        let s = crate::text::clean(s).to_lowercase();
        // the words a person may type, in either language (the catalog's word lists)
        let said = |t: crate::i18n::Text| t.vi.split(", ").chain(t.en.split(", ")).any(|w| w == s);
        use msg::tui::theme::{DARK_WORDS, LIGHT_WORDS, MONO_WORDS};
        [
            (DARK_WORDS, ThemeName::Dark),
            (LIGHT_WORDS, ThemeName::Light),
            (MONO_WORDS, ThemeName::Mono),
        ]
        .into_iter()
        .find(|(words, _)| said(*words))
        .map(|(_, name)| name)
    }
    pub fn key(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::Mono => "mono",
        }
    }
    /// The name as the status line says it.
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            ThemeName::Dark => msg::tui::theme::DARK.text(lang),
            ThemeName::Light => msg::tui::theme::LIGHT.text(lang),
            ThemeName::Mono => msg::tui::theme::MONOCHROME.text(lang),
        }
    }
    pub fn next(self) -> ThemeName {
        match self {
            ThemeName::Dark => ThemeName::Light,
            ThemeName::Light => ThemeName::Mono,
            ThemeName::Mono => ThemeName::Dark,
        }
    }
}

/// The styles the views draw with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    pub name: ThemeName,
    pub base: Style,
    pub title: Style,
    pub tab: Style,
    pub tab_active: Style,
    pub header: Style,
    pub selected: Style,
    pub overdue: Style,
    pub due_soon: Style,
    pub ok: Style,
    pub dim: Style,
    pub key: Style,
    pub border: Style,
    pub accent: Style,
    pub warn: Style,
}

impl Theme {
    pub fn new(name: ThemeName) -> Theme {
        let bold = Modifier::BOLD;
        match name {
            ThemeName::Dark => Theme {
                name,
                base: Style::new(),
                title: Style::new().fg(Color::Cyan).add_modifier(bold),
                tab: Style::new().fg(Color::Gray),
                tab_active: Style::new()
                    .fg(Color::Black)
                    .bg(Color::Cyan)
                    .add_modifier(bold),
                header: Style::new().fg(Color::Cyan).add_modifier(bold),
                selected: Style::new().add_modifier(Modifier::REVERSED),
                overdue: Style::new().fg(Color::LightRed).add_modifier(bold),
                due_soon: Style::new().fg(Color::Yellow),
                ok: Style::new().fg(Color::Green),
                dim: Style::new().fg(Color::DarkGray),
                key: Style::new().fg(Color::Cyan).add_modifier(bold),
                border: Style::new().fg(Color::DarkGray),
                accent: Style::new().fg(Color::LightBlue),
                warn: Style::new().fg(Color::LightRed),
            },
            ThemeName::Light => Theme {
                name,
                base: Style::new(),
                title: Style::new().fg(Color::Blue).add_modifier(bold),
                tab: Style::new().fg(Color::Black),
                tab_active: Style::new()
                    .fg(Color::White)
                    .bg(Color::Blue)
                    .add_modifier(bold),
                header: Style::new().fg(Color::Blue).add_modifier(bold),
                selected: Style::new().add_modifier(Modifier::REVERSED),
                overdue: Style::new().fg(Color::Red).add_modifier(bold),
                due_soon: Style::new().fg(Color::Magenta),
                ok: Style::new().fg(Color::Green),
                dim: Style::new().fg(Color::DarkGray),
                key: Style::new().fg(Color::Blue).add_modifier(bold),
                border: Style::new().fg(Color::Gray),
                accent: Style::new().fg(Color::Blue),
                warn: Style::new().fg(Color::Red),
            },
            ThemeName::Mono => Theme {
                name,
                base: Style::new(),
                title: Style::new().add_modifier(bold),
                tab: Style::new(),
                tab_active: Style::new().add_modifier(Modifier::REVERSED | bold),
                header: Style::new().add_modifier(bold | Modifier::UNDERLINED),
                selected: Style::new().add_modifier(Modifier::REVERSED),
                overdue: Style::new().add_modifier(bold),
                due_soon: Style::new(),
                ok: Style::new(),
                dim: Style::new().add_modifier(Modifier::DIM),
                key: Style::new().add_modifier(bold),
                border: Style::new(),
                accent: Style::new().add_modifier(bold),
                warn: Style::new().add_modifier(bold),
            },
        }
    }

    /// The style of a status.
    pub fn status(&self, s: Status) -> Style {
        match s {
            Status::Overdue => self.overdue,
            Status::DueSoon => self.due_soon,
            Status::Upcoming => self.ok,
        }
    }
}

/// The theme to start with: an explicit choice wins; otherwise NO_COLOR forces mono, then the
/// config file, then dark.
pub fn choose(explicit: Option<&str>, config: Option<&str>, no_color: bool) -> ThemeName {
    if let Some(t) = explicit.and_then(ThemeName::parse) {
        return t;
    }
    if no_color {
        return ThemeName::Mono;
    }
    config.and_then(ThemeName::parse).unwrap_or(ThemeName::Dark)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_theme_is_named_in_either_language() {
        for (said, want) in [
            ("tối", Some(ThemeName::Dark)),
            (" TỐI ", Some(ThemeName::Dark)),
            ("to\u{302}\u{301}i", Some(ThemeName::Dark)),
            ("đơn sắc", Some(ThemeName::Mono)),
            ("toi", Some(ThemeName::Dark)),
            ("dark", Some(ThemeName::Dark)),
            ("Sáng", Some(ThemeName::Light)),
            ("sang", Some(ThemeName::Light)),
            ("light", Some(ThemeName::Light)),
            ("no-color", Some(ThemeName::Mono)),
            ("mono", Some(ThemeName::Mono)),
            ("tối, toi", None),
            ("", None),
            ("xanh", None),
        ] {
            assert_eq!(ThemeName::parse(said), want, "{said:?}");
        }
        // the name the status line says is one the parser takes back
        for name in [ThemeName::Dark, ThemeName::Light, ThemeName::Mono] {
            for lang in [crate::i18n::Lang::Vi, crate::i18n::Lang::En] {
                assert_eq!(ThemeName::parse(name.label(lang)), Some(name));
            }
        }
    }
}
