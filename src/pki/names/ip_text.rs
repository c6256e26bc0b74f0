//! The canonical text of an iPAddress entry: dotted decimal for IPv4, RFC 5952 for IPv6
//! (lower-case hex without leading zeros, the longest run of two or more zero groups, the
//! first of equals, written `::`, and an IPv4-mapped address as `::ffff:a.b.c.d`). This is
//! the text `std::net` displays; writing it here keeps the address parser and formatter out
//! of the verifier's wasm.

use core::fmt::Write;

/// The canonical text of a 4- or 16-octet address; `None` for any other length.
pub(crate) fn canonical(octets: &[u8]) -> Option<String> {
    let mut out = String::new();
    match octets.len() {
        4 => dotted(&mut out, octets),
        16 => ipv6(&mut out, octets),
        _ => return None,
    }
    Some(out)
}

fn dotted(out: &mut String, octets: &[u8]) {
    for (i, octet) in octets.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        let _ = write!(out, "{octet}");
    }
}

fn ipv6(out: &mut String, octets: &[u8]) {
    let groups: Vec<u16> = octets
        .chunks_exact(2)
        .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
        .collect();
    if let ([0, 0, 0, 0, 0, 0xffff, ..], Some(v4)) = (groups.as_slice(), octets.get(12..)) {
        out.push_str("::ffff:");
        dotted(out, v4);
        return;
    }
    // The longest run of zero groups (the first, when runs are equally long).
    let (mut best_start, mut best_len, mut run_start, mut run_len) = (0, 0, 0, 0);
    for (i, &group) in groups.iter().enumerate() {
        if group != 0 {
            run_len = 0;
            continue;
        }
        if run_len == 0 {
            run_start = i;
        }
        run_len += 1;
        if run_len > best_len {
            (best_start, best_len) = (run_start, run_len);
        }
    }
    if best_len < 2 {
        hex_groups(out, &groups);
        return;
    }
    hex_groups(out, groups.get(..best_start).unwrap_or_default());
    out.push_str("::");
    hex_groups(out, groups.get(best_start + best_len..).unwrap_or_default());
}

fn hex_groups(out: &mut String, groups: &[u16]) {
    for (i, group) in groups.iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        let _ = write!(out, "{group:x}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr};

    fn v6(text: &str) -> Option<String> {
        canonical(&text.parse::<Ipv6Addr>().unwrap().octets())
    }

    #[test]
    fn rfc_5952_examples() {
        assert_eq!(
            v6("2001:0db8:0000:0000:0000:0000:0002:0001").unwrap(),
            "2001:db8::2:1"
        );
        assert_eq!(v6("2001:db8:0:0:1:0:0:1").unwrap(), "2001:db8::1:0:0:1");
        assert_eq!(v6("2001:db8:0:1:1:1:1:1").unwrap(), "2001:db8:0:1:1:1:1:1");
        assert_eq!(v6("2001:DB8::AAAA").unwrap(), "2001:db8::aaaa");
        assert_eq!(v6("::").unwrap(), "::");
        assert_eq!(v6("::1").unwrap(), "::1");
        assert_eq!(v6("1::").unwrap(), "1::");
        assert_eq!(v6("::ffff:192.0.2.1").unwrap(), "::ffff:192.0.2.1");
        assert_eq!(canonical(&[192, 0, 2, 255]).unwrap(), "192.0.2.255");
        assert_eq!(canonical(&[0; 5]), None);
        assert_eq!(canonical(&[]), None);
    }

    /// Agrees with `std::net`'s Display on every shape of zero runs and on seeded random
    /// addresses.
    #[test]
    fn agrees_with_std() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for mask in 0u32..256 {
            for _ in 0..8 {
                let mut octets = [0u8; 16];
                for (i, pair) in octets.chunks_exact_mut(2).enumerate() {
                    if mask & (1 << i) != 0 {
                        let r = next();
                        // Mostly small groups, sometimes ffff (IPv4-mapped) or full width.
                        let group = match r % 4 {
                            0 => 0xffff,
                            1 => (r >> 8) as u16,
                            _ => (r >> 8) as u16 % 16 + 1,
                        };
                        pair.copy_from_slice(&group.to_be_bytes());
                    }
                }
                let std_text = Ipv6Addr::from(octets).to_string();
                assert_eq!(canonical(&octets).unwrap(), std_text, "{octets:?}");
            }
        }
        for _ in 0..2000 {
            let v4 = (next() as u32).to_be_bytes();
            assert_eq!(canonical(&v4).unwrap(), Ipv4Addr::from(v4).to_string());
        }
    }
}
