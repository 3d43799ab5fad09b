//! The Word (.docx) renderer: a report laid out as Decree 30/2020/NĐ-CP (Appendix I, Form 1.4)
//! wants it, built from the document model with docx-rs.

use docx_rs::{
    AlignmentType, Docx, Header as PageHeader, LineSpacing, PageMargin, PageNum,
    PageOrientationType, PageSize, Paragraph, Run, RunFonts, Section, SpecialIndentType,
    Table as DTable, TableCell, TableLayoutType, TableRow, WidthType,
};
use unicode_width::UnicodeWidthStr;

use super::doc::*;
use crate::i18n::{Lang, msg, msg::report as m};
use crate::text::sanitize;

/// A4 in twentieths of a point.
const PAGE_W: u32 = 11_906;
const PAGE_H: u32 = 16_838;
/// Margins (Decree 30/2020 Appendix I.I.3): top 20 mm, bottom 20 mm, left 30 mm, right 15 mm.
const MARGIN_TOP: i32 = 1_134;
const MARGIN_BOTTOM: i32 = 1_134;
const MARGIN_LEFT: i32 = 1_701;
const MARGIN_RIGHT: i32 = 851;
/// The text width between the margins.
const TEXT_W: usize = (PAGE_W as i32 - MARGIN_LEFT - MARGIN_RIGHT) as usize;
/// The text width of a landscape page (same margins).
const LANDSCAPE_TEXT_W: usize = (PAGE_H as i32 - MARGIN_LEFT - MARGIN_RIGHT) as usize;
/// 1 cm first-line indent of body paragraphs (I.II.6.e).
const INDENT: i32 = 567;
/// Font sizes in half-points.
const PT10: usize = 20;
const PT11: usize = 22;
const PT12: usize = 24;
const PT13: usize = 26;
const PT14: usize = 28;

const FONT: &str = "Times New Roman";

/// Marks a table's header row while building; replaced by `<w:tblHeader/>` (repeat the row at
/// the top of each page) after docx-rs has written the XML, as docx-rs has no setter for it.
const HEADER_ROW_MARK: &str = "<w:cantSplit />";
const HEADER_ROW_XML: &str = "<w:cantSplit /><w:tblHeader />";

fn clean(s: &str) -> String {
    sanitize(s).replace(['\n', '\r'], " ")
}

fn run(s: &str, size: usize) -> Run {
    Run::new().add_text(clean(s)).size(size)
}

fn centered(r: Run) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .line_spacing(LineSpacing::new().before(0).after(0))
        .add_run(r)
}

/// A short solid rule under a centred line (the issuer name, the summary: 1/3–1/2 of the text).
fn rule(chars: usize) -> Paragraph {
    centered(
        Run::new()
            .add_text("─".repeat(chars.clamp(6, 24)))
            .size(PT11),
    )
}

/// A justified body paragraph with the first-line indent.
fn body(runs: Vec<Run>) -> Paragraph {
    let mut p = Paragraph::new()
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, None)
        .line_spacing(LineSpacing::new().before(0).after(120));
    for r in runs {
        p = p.add_run(r);
    }
    p
}

fn borderless(rows: Vec<TableRow>, grid: Vec<usize>) -> DTable {
    DTable::without_borders(rows)
        .set_grid(grid)
        .layout(TableLayoutType::Fixed)
        .width(TEXT_W, WidthType::Dxa)
}

fn cell(paragraphs: Vec<Paragraph>, width: usize) -> TableCell {
    let mut c = TableCell::new().width(width, WidthType::Dxa);
    for p in paragraphs {
        c = c.add_paragraph(p);
    }
    c
}

/// The issuer block's lines, top to bottom, with whether each is bold: the superior (regular),
/// then the issuer's full name split as "ỦY BAN NHÂN DÂN" / "XÃ …" (both bold).
pub fn issuer_lines(h: &Header) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    if !h.parent.trim().is_empty() {
        out.push((h.parent.clone(), false));
    }
    let ubnd = m::common::UBND_IN_FULL.vi.to_uppercase();
    match h.unit.strip_prefix(&ubnd).and_then(|r| r.strip_prefix(' ')) {
        Some(rest) if !rest.trim().is_empty() => {
            out.push((ubnd, true));
            out.push((rest.trim().to_owned(), true));
        }
        _ => out.push((h.unit.clone(), true)),
    }
    out
}

fn letterhead(h: &Header) -> DTable {
    let left_w = 3_600;
    let right_w = TEXT_W - left_w;
    let mut left = Vec::new();
    let lines = issuer_lines(h);
    let mut longest = 0;
    for (text, bold) in &lines {
        let r = run(text, PT13);
        left.push(centered(if *bold { r.bold() } else { r }));
        if *bold {
            longest = longest.max(text.width());
        }
    }
    left.push(rule(longest * 2 / 5));
    let right = vec![
        // sizes that go together (I.V note 1): 12 / 13 / 13
        centered(run(&h.motto[0], PT12).bold()),
        centered(run(&h.motto[1], PT13).bold().underline("single")),
    ];
    let top = TableRow::new(vec![cell(left, left_w), cell(right, right_w)]);
    let second = TableRow::new(vec![
        cell(vec![centered(run(&h.number, PT13))], left_w),
        cell(vec![centered(run(&h.place_date, PT13).italic())], right_w),
    ]);
    borderless(vec![top, second], vec![left_w, right_w])
}

/// Column widths in twips from the content: each column gets at least its longest word (a
/// code, a date) and shares the rest of the width by how much longer its text runs, so that a
/// "No." column stays narrow and a name column gets the room.
fn column_widths(t: &Table, lang: Lang, size: usize, text_w: usize) -> Vec<usize> {
    let n = t.columns.len().max(1);
    let longest_word = |s: &str| {
        s.split_whitespace()
            .map(UnicodeWidthStr::width)
            .max()
            .unwrap_or(1)
    };
    // an average Times New Roman character is about 0.6 of the font size wide, a bold capital
    // more (twips per character: half-points × 6 and × 7); cells are padded on both sides
    let per_char = size * 6;
    let per_head = size * 7;
    let pad = 230;
    let mut least: Vec<usize> = t
        .columns
        .iter()
        .map(|c| longest_word(&c.label) * per_head + pad)
        .collect();
    let mut most: Vec<usize> = t.columns.iter().map(|c| c.label.width()).collect();
    for r in t.rows.iter().chain(t.total.iter()) {
        for (i, v) in r.iter().enumerate().take(n) {
            let text = v.show(lang);
            // the longest word, and a short text whole, stay on one line
            let one_line = longest_word(&text).max(text.width().min(10)).min(16);
            least[i] = least[i].max(one_line * per_char + pad);
            most[i] = most[i].max(text.width().min(60));
        }
    }
    let most: Vec<usize> = most
        .iter()
        .zip(&least)
        .map(|(w, l)| (w * per_char + pad).max(*l))
        .collect();
    let need: usize = least.iter().sum();
    let mut out: Vec<usize> = if need >= text_w {
        // too narrow for every column's least: the narrow columns (a number, a code) keep
        // theirs and the widest give up the same amount (a cap found by bisection)
        let (mut lo, mut hi) = (0, least.iter().copied().max().unwrap_or(0));
        while lo < hi {
            let cap = (lo + hi).div_ceil(2);
            if least.iter().map(|w| (*w).min(cap)).sum::<usize>() <= text_w {
                lo = cap;
            } else {
                hi = cap - 1;
            }
        }
        least.iter().map(|w| (*w).min(lo)).collect()
    } else {
        // the room left is shared by the square root of what each column would still take, so
        // that one long column does not starve the others
        let spare = text_w - need;
        let extra: Vec<usize> = most.iter().zip(&least).map(|(m, l)| m - l).collect();
        let weight: Vec<usize> = extra.iter().map(|e| e.isqrt()).collect();
        let total: usize = weight.iter().sum();
        least
            .iter()
            .zip(extra.iter().zip(&weight))
            .map(|(l, (e, w))| l + (spare * w).checked_div(total).unwrap_or(0).min(*e))
            .collect()
    };
    let used: usize = out.iter().sum();
    if used < text_w {
        // what is left goes to the widest column
        if let Some(i) = (0..out.len()).max_by_key(|&i| most[i]) {
            out[i] += text_w - used;
        }
    }
    out
}

fn numeric(v: &Val) -> bool {
    matches!(v, Val::Int(_) | Val::Money(_) | Val::Pct(_))
}

fn data_table(t: &Table, lang: Lang, text_w: usize) -> DTable {
    // 12 pt, wide tables 11 pt and the widest 10 pt (table sizes are local practice, not
    // Decree 30)
    let size = match t.columns.len() {
        0..=6 => PT12,
        7..=10 => PT11,
        _ => PT10,
    };
    let widths = column_widths(t, lang, size, text_w);
    let tight = LineSpacing::new().before(40).after(40);
    let para = |text: &str, align: AlignmentType, bold: bool| {
        let r = run(text, size);
        Paragraph::new()
            .align(align)
            .line_spacing(tight.clone())
            .add_run(if bold { r.bold() } else { r })
    };
    let mut rows = Vec::new();
    let head: Vec<TableCell> = t
        .columns
        .iter()
        .zip(&widths)
        .map(|(c, w)| cell(vec![para(&c.label, AlignmentType::Center, true)], *w))
        .collect();
    rows.push(TableRow::new(head).cant_split());
    let line = |cells: &[Val], bold: bool| {
        let cs: Vec<TableCell> = cells
            .iter()
            .zip(&widths)
            .map(|(v, w)| {
                let text = match (v, bold) {
                    (Val::Blank, true) => String::new(),
                    _ => v.show(lang),
                };
                let align = if numeric(v) {
                    AlignmentType::Right
                } else {
                    AlignmentType::Left
                };
                cell(vec![para(&text, align, bold)], *w)
            })
            .collect();
        TableRow::new(cs)
    };
    for r in &t.rows {
        rows.push(line(r, false));
    }
    if let Some(total) = &t.total {
        rows.push(line(total, true));
    }
    DTable::new(rows)
        .set_grid(widths)
        .layout(TableLayoutType::Fixed)
        .width(text_w, WidthType::Dxa)
}

/// A section heading: "I. …"-level headings upper case and bold; numbered khoản ("1. …") bold
/// as written (Decree 30/2020 Appendix I.V, row 6b).
fn heading(s: &str) -> Paragraph {
    let numbered = s.trim_start().starts_with(|c: char| c.is_ascii_digit());
    let text = if numbered {
        s.to_owned()
    } else {
        s.to_uppercase()
    };
    Paragraph::new()
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, None)
        .line_spacing(LineSpacing::new().before(120).after(120))
        .keep_next(true)
        .add_run(run(&text, PT14).bold())
}

fn recipients(d: &Document) -> Vec<Paragraph> {
    let label = m::common::TO_LABEL.text(d.lang);
    let sp = LineSpacing::new().before(120).after(0);
    match d.recipients.as_slice() {
        [] => Vec::new(),
        [one] => vec![
            Paragraph::new()
                .align(AlignmentType::Center)
                .line_spacing(sp)
                .add_run(run(&format!("{label} {one}."), PT14)),
        ],
        many => {
            // one per line, the dashes aligned under the colon (I.II.9.d)
            let left = 2_835;
            let hang = 1_418;
            many.iter()
                .enumerate()
                .map(|(i, r)| {
                    let end = if i + 1 == many.len() { "." } else { ";" };
                    let p = Paragraph::new()
                        .align(AlignmentType::Left)
                        .line_spacing(if i == 0 {
                            sp.clone()
                        } else {
                            LineSpacing::new().before(0).after(0)
                        });
                    if i == 0 {
                        p.indent(
                            Some(left),
                            Some(SpecialIndentType::Hanging(hang)),
                            None,
                            None,
                        )
                        .add_run(run(label, PT14).add_tab())
                        .add_run(run(&format!("- {r}{end}"), PT14))
                    } else {
                        p.indent(Some(left), None, None, None)
                            .add_run(run(&format!("- {r}{end}"), PT14))
                    }
                })
                .collect()
        }
    }
}

fn signature_block(d: &Document) -> DTable {
    let lang = d.lang;
    let sg = &d.signature;
    let left_w = 4_200;
    let tight = || LineSpacing::new().before(0).after(0);
    // a signer: the capacity (bold), the hint (italic), room to sign, the name (bold)
    let signer = |title: &[String], hint: &str, name: &str| {
        let mut ps: Vec<Paragraph> = title
            .iter()
            .map(|t| centered(run(t, PT14).bold()))
            .collect();
        ps.push(centered(run(hint, PT13).italic()));
        for _ in 0..4 {
            ps.push(centered(run("", PT14)));
        }
        ps.push(centered(run(name, PT14).bold()));
        ps
    };
    let (left_w, left) = match &sg.counterpart {
        // two signers share the width (a handover record)
        Some(other) => (TEXT_W / 2, signer(&other.title, &other.hint, &other.name)),
        None => {
            let mut left = vec![
                Paragraph::new()
                    .line_spacing(tight())
                    .add_run(run(m::common::COPIES_TO.text(lang), PT12).bold().italic()),
            ];
            for c in &sg.cc {
                left.push(
                    Paragraph::new()
                        .line_spacing(tight())
                        .add_run(run(&format!("- {c}"), PT11)),
                );
            }
            (left_w, left)
        }
    };
    let right_w = TEXT_W - left_w;
    let right = signer(&sg.title, &sg.hint, &sg.name);
    borderless(
        vec![TableRow::new(vec![
            cell(left, left_w),
            cell(right, right_w),
        ])],
        vec![left_w, right_w],
    )
}

/// What goes on the pages, in order, before it is put into a section.
enum Item {
    P(Box<Paragraph>),
    T(Box<DTable>),
}

/// Builds the body section by section: portrait pages, and landscape pages for a table too
/// wide for portrait (Decree 30/2020 Appendix I.I.2 allows landscape for such tables).
struct Pages {
    docx: Docx,
    items: Vec<Item>,
    /// No section has been closed yet: the next one is the one with page 1.
    first: bool,
}

fn page_number() -> PageHeader {
    PageHeader::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(Run::new().size(PT13))
            .add_page_num(PageNum::new()),
    )
}

fn margins() -> PageMargin {
    PageMargin {
        top: MARGIN_TOP,
        left: MARGIN_LEFT,
        bottom: MARGIN_BOTTOM,
        right: MARGIN_RIGHT,
        header: 567,
        footer: 567,
        gutter: 0,
    }
}

impl Pages {
    fn p(&mut self, p: Paragraph) {
        self.items.push(Item::P(Box::new(p)));
    }
    fn t(&mut self, t: DTable) {
        self.items.push(Item::T(Box::new(t)));
    }

    /// Closes the pages so far as one section, portrait or landscape.
    fn close(&mut self, landscape: bool) {
        let mut sec = Section::new()
            .page_margin(margins())
            // page numbers in the top margin from page 2 on: an empty first-page header
            .header(page_number());
        sec = if landscape {
            sec.page_size(
                PageSize::new()
                    .size(PAGE_H, PAGE_W)
                    .orient(PageOrientationType::Landscape),
            )
            .page_orient(PageOrientationType::Landscape)
        } else {
            sec.page_size(PageSize::new().size(PAGE_W, PAGE_H))
        };
        if self.first {
            sec = sec
                .first_header(PageHeader::new().add_paragraph(Paragraph::new()))
                .title_pg();
            self.first = false;
        }
        for it in self.items.drain(..) {
            sec = match it {
                Item::P(p) => sec.add_paragraph(*p),
                Item::T(t) => sec.add_table(*t),
            };
        }
        let docx = std::mem::replace(&mut self.docx, Docx::new());
        self.docx = docx.add_section(sec);
    }

    /// The last pages (portrait) go into the document's own section.
    fn finish(mut self) -> Docx {
        let mut x = self
            .docx
            .page_size(PAGE_W, PAGE_H)
            .page_margin(margins())
            .header(page_number());
        if self.first {
            x = x
                .first_header(PageHeader::new().add_paragraph(Paragraph::new()))
                .title_pg();
        }
        for it in self.items.drain(..) {
            x = match it {
                Item::P(p) => x.add_paragraph(*p),
                Item::T(t) => x.add_table(*t),
            };
        }
        x
    }
}

/// Tables with more columns than this go on landscape pages.
const PORTRAIT_COLUMNS: usize = 7;

fn gap() -> Paragraph {
    Paragraph::new().line_spacing(LineSpacing::new().before(0).after(0))
}

/// The document as .docx bytes.
pub fn docx(d: &Document) -> Result<Vec<u8>, String> {
    let lang = d.lang;
    let fonts = RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .cs(FONT)
        .east_asia(FONT);
    let mut x = Pages {
        docx: Docx::new().default_fonts(fonts).default_size(PT14),
        items: Vec::new(),
        first: true,
    };
    x.t(letterhead(&d.header));
    x.p(gap());
    x.p(centered(run(&d.title, PT14).bold()).line_spacing(LineSpacing::new().before(240)));
    x.p(centered(run(&d.subtitle, PT14).bold()));
    x.p(rule(d.subtitle.width() / 3));
    for p in recipients(d) {
        x.p(p);
    }
    x.p(gap());
    if !d.opening.is_empty() {
        x.p(body(vec![run(&d.opening, PT14)]));
    }
    for s in &d.sections {
        let wide = s
            .blocks
            .iter()
            .any(|b| matches!(b, Block::Table(t) if t.columns.len() > PORTRAIT_COLUMNS));
        if wide && !x.items.is_empty() {
            x.close(false);
        }
        x.p(heading(&s.heading));
        for b in &s.blocks {
            match b {
                Block::Para(p) => x.p(body(vec![run(p, PT14)])),
                Block::Note(n) => x.p(body(vec![run(n, PT13).italic()])),
                Block::Fields(fs) => {
                    for f in fs {
                        let sub = f.label.starts_with("  ");
                        let label = f.label.trim_start().trim_start_matches("– ");
                        let dash = if sub { "+ " } else { "- " };
                        let mut runs = vec![run(&format!("{dash}{label}: "), PT14)];
                        runs.push(run(&f.value.show(lang), PT14));
                        if let Some(n) = &f.note {
                            runs.push(run(&format!(" ({n})"), PT14));
                        }
                        let mut p = body(runs);
                        if sub {
                            p = p.indent(
                                Some(INDENT),
                                Some(SpecialIndentType::FirstLine(INDENT)),
                                None,
                                None,
                            );
                        }
                        x.p(p);
                    }
                }
                Block::Table(t) => {
                    let text_w = if wide { LANDSCAPE_TEXT_W } else { TEXT_W };
                    x.t(data_table(t, lang, text_w));
                    if t.rows.is_empty() {
                        x.p(body(vec![
                            run(m::common::NO_ROWS.text(lang), PT13).italic(),
                        ]));
                    } else {
                        x.p(gap());
                    }
                }
            }
        }
        if wide {
            x.close(true);
        }
    }
    if !d.notes.is_empty() {
        x.p(heading(msg::common::NOTES.text(lang)));
        for n in &d.notes {
            x.p(body(vec![run(&format!("- {n}"), PT13).italic()]));
        }
    }
    // the samples end the text with "/.", on its last line
    match x.items.pop() {
        Some(Item::P(p)) => x.p(p.add_run(run("/.", PT14))),
        other => {
            x.items.extend(other);
            x.p(body(vec![run("/.", PT14)]));
        }
    }
    x.p(Paragraph::new().line_spacing(LineSpacing::new().before(120).after(0)));
    x.t(signature_block(d));
    if let Some(p) = &d.signature.prepared_by {
        x.p(Paragraph::new()
            .line_spacing(LineSpacing::new().before(240).after(0))
            .add_run(run(
                &format!("{} {p}", m::common::PREPARED_BY.text(lang)),
                PT11,
            )));
    }
    let mut xml = x.finish().build();
    let document = String::from_utf8(std::mem::take(&mut xml.document))
        .map_err(|e| e.to_string())?
        .replace(HEADER_ROW_MARK, HEADER_ROW_XML);
    xml.document = document.into_bytes();
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(|e| e.to_string())?;
    deflate(&out.into_inner())
}

/// docx-rs stores the parts uncompressed (a 1,000-system annual report is 2.5 MB); the same
/// parts, in the same order, deflated (about 15 times smaller), with the zip crate already used
/// for reading spreadsheets.
fn deflate(stored: &[u8]) -> Result<Vec<u8>, String> {
    use std::io::{Read, Write};
    let err = |e: zip::result::ZipError| e.to_string();
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(stored)).map_err(err)?;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..src.len() {
        let mut f = src.by_index(i).map_err(err)?;
        let name = f.name().map_err(err)?.into_owned();
        if f.is_dir() {
            continue;
        }
        let mut buf = Vec::with_capacity(usize::try_from(f.size()).unwrap_or(0));
        f.read_to_end(&mut buf).map_err(|e| e.to_string())?;
        w.start_file(name, opts).map_err(err)?;
        w.write_all(&buf).map_err(|e| e.to_string())?;
    }
    Ok(w.finish().map_err(err)?.into_inner())
}
