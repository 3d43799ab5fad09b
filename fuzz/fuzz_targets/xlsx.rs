//! An office workbook: the zip guard, calamine, the header search, every row checked. The
//! fuzzer's panic hook aborts, so a panic inside calamine counts even though capdo's own guard
//! (`catch_unwind` in `xlsx::read_table`) would catch it.
#![no_main]

use capdo::exchange::{inventory, xlsx};
use capdo::i18n::Lang;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(st) = xlsx::read_table("f.xlsx", data.to_vec(), None, Lang::Vi)
        && let Err(r) = inventory::rows_to_patches(&st.label, &st.table, Lang::Vi)
    {
        let _ = xlsx::locate(r, &st.table.header).render(Lang::En);
    }
});
