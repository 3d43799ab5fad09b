//! An inventory CSV: read into a table, quotes taken off, every row checked.
#![no_main]

use capdo::exchange::{csv, export, inventory};
use capdo::i18n::Lang;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(mut table) = csv::read_table("f.csv", data, Lang::Vi) {
        export::unneutralize_table(&mut table);
        if let Err(r) = inventory::rows_to_patches("f.csv", &table, Lang::En) {
            let _ = r.render(Lang::Vi);
        }
    }
});
