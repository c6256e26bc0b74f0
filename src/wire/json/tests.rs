//! One test per rule of the parser (module documentation of `super`).

use super::*;

fn ok(text: &str) -> Value {
    parse_strict(text.as_bytes()).unwrap_or_else(|e| panic!("{text:?}: {e:?}"))
}

fn invalid(text: &[u8]) {
    assert_eq!(parse_strict(text), Err(JsonError::Invalid), "{text:?}");
}

fn string(text: &str) -> Value {
    Value::String(text.to_owned())
}

fn number(text: &str) -> Number {
    match ok(text) {
        Value::Number(n) => n,
        other => panic!("{text:?} gave {other:?}"),
    }
}

#[test]
fn every_kind_of_value() {
    assert_eq!(ok("null"), Value::Null);
    assert_eq!(ok("true"), Value::Bool(true));
    assert_eq!(ok("false"), Value::Bool(false));
    assert_eq!(ok(r#""x""#), string("x"));
    assert_eq!(ok("[]"), Value::Array(Vec::new()));
    assert_eq!(ok("{}"), Value::Object(Map::new()));
    let v = ok(r#"{"a":{"a":[1,-2,3.5,"x",null,true]},"b":1}"#);
    let inner = v
        .get("a")
        .and_then(|a| a.get("a"))
        .and_then(Value::as_array);
    let inner = inner.unwrap();
    assert_eq!(inner.len(), 6);
    assert_eq!(inner.first().and_then(Value::as_u64), Some(1));
    assert_eq!(inner.get(1).and_then(Value::as_i64), Some(-2));
    assert_eq!(inner.get(2).and_then(Value::as_f64), Some(3.5));
    assert_eq!(inner.get(3).and_then(Value::as_str), Some("x"));
    assert_eq!(inner.get(4), Some(&Value::Null));
    assert_eq!(inner.get(5).and_then(Value::as_bool), Some(true));
    assert_eq!(v.get("b").and_then(Value::as_u64), Some(1));
    let keys: Vec<&str> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["a", "b"]);
}

#[test]
fn exactly_one_value_with_whitespace_around() {
    assert_eq!(ok(" \t\r\n[ 1 ,\t2\n]\r\n "), ok("[1,2]"));
    assert_eq!(ok("{ \"a\" : 1 }"), ok(r#"{"a":1}"#));
    for bad in [
        &b""[..],
        b"   ",
        b"1 2",
        b"{} {}",
        b"{} x",
        b"[]]",
        b"\"a\"\"b\"",
        b"nul",
        b"truex",
        b"True",
        b"\x0c1",             // form feed is not JSON whitespace
        b"1\x0b",             // nor vertical tab
        "\u{a0}1".as_bytes(), // nor NBSP
        b"\xef\xbb\xbf{}",    // nor a byte order mark
        b"1\0",
    ] {
        invalid(bad);
    }
}

#[test]
fn no_trailing_commas_comments_or_other_syntax() {
    for bad in [
        &b"[1,]"[..],
        b"{\"a\":1,}",
        b"[,1]",
        b"[1,,2]",
        b"{,}",
        b"[1 2]",
        b"{\"a\" 1}",
        b"{\"a\":}",
        b"{\"a\"}",
        b"{1:1}",
        b"{a:1}",
        b"{'a':1}",
        b"'a'",
        b"[1]/*c*/",
        b"//c\n1",
        b"# c\n1",
        b"[",
        b"{",
        b"{\"a\":1",
        b"[1",
        b"]",
        b"}",
    ] {
        invalid(bad);
    }
}

#[test]
fn numbers_follow_the_rfc_grammar() {
    for good in [
        "0", "-0", "1", "-1", "10", "0.5", "-0.5", "1e5", "1E5", "1e+5", "1e-5",
    ] {
        ok(good);
    }
    for bad in [
        "NaN",
        "-NaN",
        "Infinity",
        "-Infinity",
        "inf",
        "+1",
        "01",
        "-01",
        "00",
        "1.",
        ".5",
        "-.5",
        "-",
        "1e",
        "1e+",
        "1E-",
        "1.e5",
        "0x10",
        "1_000",
        "--1",
        "1.5.5",
        "1e5e5",
        "١",
    ] {
        invalid(bad.as_bytes());
    }
}

#[test]
fn integers_are_exact_when_they_fit() {
    let max = number("18446744073709551615");
    assert_eq!((max.as_u64(), max.is_integer()), (Some(u64::MAX), true));
    let min = number("-9223372036854775808");
    assert_eq!((min.as_i64(), min.is_integer()), (Some(i64::MIN), true));
    // 2^53 + 1 is not an f64; kept exactly.
    assert_eq!(
        number("9007199254740993").as_u64(),
        Some(9_007_199_254_740_993)
    );
    assert_eq!(
        number("-9007199254740993").as_i64(),
        Some(-9_007_199_254_740_993)
    );
    // One past each range: kept as text, read as the nearest f64 on request.
    let over = number("18446744073709551616");
    assert!(!over.is_integer());
    assert_eq!(over.decimal_text(), Some("18446744073709551616"));
    assert_eq!(over.as_f64(), 18_446_744_073_709_551_616.0);
    let under = number("-9223372036854775809");
    assert!(!under.is_integer());
    assert_eq!(under.as_i64(), None);
    // A fraction or exponent is never held as an integer, even when integral.
    assert!(!number("1.0").is_integer());
    assert!(!number("1e2").is_integer());
    assert_eq!(number("1e2").as_u64(), None);
    // -0 keeps its sign as a float.
    let neg_zero = number("-0");
    assert!(!neg_zero.is_integer() && neg_zero.as_f64().is_sign_negative());
    assert_eq!(number("0").as_u64(), Some(0));
}

#[test]
fn floats_are_correctly_rounded_and_finite() {
    assert_eq!(number("0.1").as_f64(), 0.1);
    assert_eq!(number("-2.5e-3").as_f64(), -0.0025);
    assert_eq!(number("1.7976931348623157e308").as_f64(), f64::MAX);
    assert_eq!(number("4.9e-324").as_f64(), 4.9e-324);
    assert_eq!(number("1e-400").as_f64(), 0.0);
    assert_eq!(number("0e999999999999999999999").as_f64(), 0.0);
    for bad in [
        "1e309",
        "-1e309",
        "1.8e308",
        "1e999999999999999999999",
        // 2^1024 - 2^970, halfway to the next power of two: rounds (to even) to infinity.
        "1.79769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792e308",
    ] {
        invalid(bad.as_bytes());
    }
    invalid(format!("1{}", "0".repeat(400)).as_bytes());
    // Just below that halfway point: f64::MAX.
    assert_eq!(number("1.7976931348623158079e308").as_f64(), f64::MAX);
}

#[test]
fn numbers_compare_with_integers_exactly() {
    use core::cmp::Ordering::*;
    assert_eq!(number("1700000000.5").cmp_integer(1_700_000_000), Greater);
    assert_eq!(number("1700000000.5").cmp_integer(1_700_000_001), Less);
    assert_eq!(number("17e8").cmp_integer(1_700_000_000), Equal);
    assert_eq!(number("-3").cmp_integer(-3), Equal);
    assert_eq!(
        number("18446744073709551615").cmp_integer(i128::from(u64::MAX) + 1),
        Less
    );
    // Beyond f64's precision, where `as_f64` would make them equal.
    assert_eq!(
        number("9007199254740993.0").cmp_integer(9_007_199_254_740_992),
        Greater
    );
    assert_eq!(number("1.0"), number("1.00"));
    assert_ne!(number("1.0"), number("1"));
}

#[test]
fn escapes_are_decoded() {
    assert_eq!(ok(r#""\"\\\/\b\f\n\r\t""#), string("\"\\/\u{8}\u{c}\n\r\t"));
    assert_eq!(ok(r#""\u0041\u00e9\u00E9\u65e5""#), string("Aéé日"));
    assert_eq!(ok(r#""\u0000""#), string("\0"));
    for bad in [
        r#""\a""#,
        r#""\x41""#,
        r#""\'""#,
        r#""\u""#,
        r#""\u41""#,
        r#""\u004""#,
        r#""\u00g1""#,
        r#""\U0041""#,
        r#""\"#,
        "\"\\",
    ] {
        invalid(bad.as_bytes());
    }
}

#[test]
fn surrogate_pairs_combine_and_lone_surrogates_are_refused() {
    assert_eq!(ok(r#""\ud83c\udf8c""#), string("🎌"));
    assert_eq!(ok(r#""\uD800\uDC00""#), string("\u{10000}"));
    assert_eq!(ok(r#""\udbff\udfff""#), string("\u{10ffff}"));
    for bad in [
        r#""\ud800""#,
        r#""\ud800x""#,
        r#""\ud800\n""#,
        r#""\ud800\u0041""#,
        r#""\ud800\ud800""#,
        r#""\udc00""#,
        r#""\udfff\ud800""#,
        r#""\ud800\udc0""#,
    ] {
        invalid(bad.as_bytes());
    }
}

#[test]
fn strings_are_utf8_without_raw_control_characters() {
    assert_eq!(ok("\"日本 🎌\u{7f}\""), string("日本 🎌\u{7f}"));
    for c in 0u8..0x20 {
        invalid(&[b'"', c, b'"']);
    }
    for bad in [
        &b"\"\xff\""[..],
        b"\"\xc3\"",             // truncated sequence
        b"\"\xc3\\u00a9\"",      // truncated before an escape
        b"\"\\u00e9\xa9\"",      // stray continuation after an escape
        b"\"\xc0\xaf\"",         // overlong
        b"\"\xed\xa0\x80\"",     // encoded surrogate
        b"\"\xf4\x90\x80\x80\"", // beyond U+10FFFF
        b"\"abc",
    ] {
        invalid(bad);
    }
    // Outside strings, non-ASCII is never JSON.
    invalid("[1]é".as_bytes());
    invalid(b"\xff");
}

#[test]
fn nesting_is_capped() {
    let nested =
        |open: &str, close: &str, n: usize| format!("{}{}", open.repeat(n), close.repeat(n));
    assert!(parse_strict(nested("[", "]", MAX_DEPTH).as_bytes()).is_ok());
    invalid(nested("[", "]", MAX_DEPTH + 1).as_bytes());
    let objects = |n: usize| format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n));
    assert!(parse_strict(objects(MAX_DEPTH).as_bytes()).is_ok());
    invalid(objects(MAX_DEPTH + 1).as_bytes());
    // Mixed: arrays and objects count together.
    let mixed = |n: usize| format!("{}1{}", "[{\"a\":".repeat(n), "}]".repeat(n));
    assert!(parse_strict(mixed(MAX_DEPTH / 2).as_bytes()).is_ok());
    invalid(mixed(MAX_DEPTH / 2 + 1).as_bytes());
    // Far deeper than the stack would take: refused, no overflow.
    invalid("[".repeat(1_000_000).as_bytes());
    invalid(nested("[", "]", 100_000).as_bytes());
}

#[test]
fn duplicates_are_refused_at_any_depth() {
    for dup in [
        r#"{"a":1,"a":1}"#,
        r#"{"a":1,"b":2,"a":3}"#,
        r#"{"a":[{"b":1,"b":2}]}"#,
        r#"[[{"x":{"c":null,"c":{}}}]]"#,
        // Escapes name the same member.
        r#"{"a":1,"\u0061":2}"#,
        r#"{"\/":1,"/":2}"#,
        r#"{"🎌":1,"\ud83c\udf8c":2}"#,
        r#"{"":1,"":2}"#,
    ] {
        assert_eq!(
            parse_strict(dup.as_bytes()),
            Err(JsonError::DuplicateMember),
            "{dup}"
        );
    }
    // Same name in different objects, or differing names, are fine.
    ok(r#"{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]}"#);
    ok(r#"{"a":1,"A":2,"a ":3,"\u0000":4,"":5}"#);
    // Many members: the check sorts, so this stays fast.
    let many: Vec<String> = (0..20_000).map(|i| format!("\"k{i}\":{i}")).collect();
    let text = format!("{{{}}}", many.join(","));
    assert_eq!(ok(&text).as_object().map(Map::len), Some(20_000));
    let text = format!("{{{},\"k7\":0}}", many.join(","));
    assert_eq!(
        parse_strict(text.as_bytes()),
        Err(JsonError::DuplicateMember)
    );
}

#[test]
fn a_text_that_is_not_json_is_invalid_whatever_its_duplicates() {
    for bad in [
        &br#"{"a":1,"a":2"#[..],
        br#"{"a":1,"a":2} x"#,
        br#"[{"a":1,"a":2},]"#,
        br#"{"a":1,"a":2,"b":01}"#,
    ] {
        invalid(bad);
    }
}
