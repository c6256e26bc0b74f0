//! Thin wasm-bindgen bindings: convert types, never decide. (Being filled in: see issue 2.)
