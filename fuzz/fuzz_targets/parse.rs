//! Fuzz the definition parser and validator: any bytes must give diagnostics, never a panic,
//! and whatever parses must export and parse back to the same model.
#![no_main]

use libfuzzer_sys::fuzz_target;
use statewright::asl::{check, export, parse, Format};

fuzz_target!(|data: &[u8]| {
    let parsed = check(data, None);
    if let Some(machine) = parsed.machine {
        let json = export::to_json(&machine);
        let back = parse(json.as_bytes(), Some(Format::Json));
        assert_eq!(back.machine.as_ref(), Some(&machine), "export must round-trip");
    }
});
