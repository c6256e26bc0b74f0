//! Finding a marker in text, byte by byte.
//!
//! `str::find` with a string pattern brings the general string searcher (Two-Way) into the
//! wasm modules, and the token path compiles whatever it calls on first use. The markers
//! searched for here are short (`://`, PEM armour lines), so a plain scan is enough.

/// Where `marker` first starts in `text`. Both are UTF-8, which no character's encoding can
/// match in the middle of another's, so the match starts and ends on char boundaries.
pub(crate) fn find_bytewise(text: &str, marker: &str) -> Option<usize> {
    if marker.is_empty() {
        return Some(0);
    }
    text.as_bytes()
        .windows(marker.len())
        .position(|w| w == marker.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_occurrence_among_multibyte_text() {
        assert_eq!(find_bytewise("https://a://b", "://"), Some(5));
        assert_eq!(find_bytewise("証明書-----BEGIN ", "-----BEGIN "), Some(9));
        assert_eq!(find_bytewise("--", "-----"), None);
        assert_eq!(find_bytewise("", "x"), None);
        assert_eq!(find_bytewise("abc", ""), Some(0));
    }
}
