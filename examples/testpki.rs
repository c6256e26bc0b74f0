//! Writes a JPKI-shaped TEST hierarchy (being filled in: see issue 2).
fn main() {}
