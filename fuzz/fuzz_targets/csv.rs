//! An inventory CSV: read into a table, quotes taken off, every row checked.
#![no_main]

use capdo::app::import::{Kind, read_inventory_bytes};
use capdo::i18n::Lang;
use libfuzzer_sys::fuzz_target;

/// The day the rows' dates are judged on.
fn today() -> chrono::NaiveDate {
    capdo::domain::dates::parse_date("29/11/2026").unwrap_or_default()
}

// the import's whole pipeline before the store, as `capdo import` runs it
fuzz_target!(|data: &[u8]| {
    if let Err(r) = read_inventory_bytes("f.csv", data.to_vec(), Kind::Csv, None, today(), Lang::En)
    {
        let _ = r.render(Lang::Vi);
    }
});
