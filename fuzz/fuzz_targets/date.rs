//! The date parser: anything accepted reads back the same from its ISO form.
#![no_main]

use capdo::domain::dates::{iso, parse_date, parse_datetime};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(d) = parse_date(s) {
        assert_eq!(parse_date(&iso(d)), Ok(d));
    }
    if let Ok(t) = parse_datetime(s) {
        assert_eq!(parse_date(&iso(t.date())), Ok(t.date()));
    }
});
