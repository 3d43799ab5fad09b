//! A consolidation bundle: manifest, hash and content checked.
#![no_main]

use capdo::exchange::bundle;
use capdo::i18n::Lang;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = bundle::read("b.capdo.json", data, Lang::Vi) {
        let _ = e.message("b.capdo.json", Lang::En);
    }
});
