//! A whole-store JSON document: parsed and checked, and when accepted restored into a store
//! in memory (the change log's chain checked there).
#![no_main]

use capdo::domain::dates::{midnight, parse_date};
use capdo::exchange::json;
use capdo::i18n::Lang;
use capdo::store::restore::RestoreMode;
use capdo::store::{Store, WriteCtx};
use libfuzzer_sys::fuzz_target;

fn ctx() -> WriteCtx {
    let d = parse_date("2026-11-29").unwrap_or_default();
    WriteCtx {
        at: midnight(d),
        today: d,
        os_user: "fuzz".into(),
    }
}

fuzz_target!(|data: &[u8]| {
    match json::parse("f.json", data, Lang::En) {
        Ok(dump) => {
            let ctx = ctx();
            if let Ok(mut s) = Store::in_memory(ctx.today) {
                let _ = s.restore(&ctx, &dump, "f.json", RestoreMode::default());
            }
        }
        Err(r) => {
            let _ = json::render(&r, Lang::Vi);
        }
    }
});
