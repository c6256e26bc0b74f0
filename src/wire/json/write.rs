//! Writing the little JSON this crate produces itself (a Web eID token): strings escaped as
//! RFC 8259 requires, with the short escapes where there is one and `\u00XX` for the other
//! control characters.

use core::fmt::Write;

/// Append `text` as a JSON string literal (quotes included).
pub fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                // Writing to a String cannot fail.
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `{"name":"value",...}` with the members in the order given.
pub fn string_object(members: &[(&str, &str)]) -> String {
    let mut out = String::from("{");
    for (i, (name, value)) in members.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(&mut out, name);
        out.push(':');
        write_string(&mut out, value);
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_serde_json_and_reads_back() {
        let all_ascii: String = (0u8..0x80).map(char::from).collect();
        for text in [
            "",
            "plain",
            "\"q\" \\ /",
            "日本語 🎌",
            "\u{7f}\u{1f}\0",
            &all_ascii,
        ] {
            let mut ours = String::new();
            write_string(&mut ours, text);
            assert_eq!(ours, serde_json::to_string(text).unwrap(), "{text:?}");
            assert_eq!(
                super::super::parse_strict(ours.as_bytes()),
                Ok(super::super::Value::String(text.to_owned()))
            );
        }
    }

    #[test]
    fn objects_keep_the_given_order() {
        assert_eq!(string_object(&[]), "{}");
        assert_eq!(
            string_object(&[("b", "1"), ("a", "\n")]),
            r#"{"b":"1","a":"\n"}"#
        );
    }
}
