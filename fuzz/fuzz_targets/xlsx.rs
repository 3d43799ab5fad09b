//! An office workbook: the zip guard, calamine, the header search, every row checked. The
//! fuzzer's panic hook aborts, so a panic inside calamine counts even though capdo's own guard
//! (`catch_unwind` in `xlsx::read_table`) would catch it.
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
    if let Err(r) =
        read_inventory_bytes("f.xlsx", data.to_vec(), Kind::Xlsx, None, today(), Lang::Vi)
    {
        let _ = r.render(Lang::Vi);
    }
});
