//! Relying-party origins. The token signature covers the origin's exact bytes, so an origin must
//! be in the one canonical form a browser serialises (`window.location.origin`):
//! `https://host[:port]`, lower-case ASCII host (IDNs as A-labels), no default port, no path,
//! query or fragment. `http://localhost`, `http://127.0.0.1` and `http://[::1]` (any port) are
//! accepted only when the caller allows development origins.

use crate::wire::find::find_bytewise;
use crate::Error;

/// A checked origin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin(String);

impl Origin {
    /// Check `text`; `allow_dev` admits the loopback `http` origins.
    pub fn parse(text: &str, allow_dev: bool) -> Result<Self, Error> {
        if text.len() > 300 {
            return Err(Error::OriginInvalid("longer than 300 characters"));
        }
        // Bytewise rather than `split_once` (see `wire::find`); the split is on char
        // boundaries.
        let at = find_bytewise(text, "://").ok_or(Error::OriginInvalid("no scheme"))?;
        let (scheme, rest) = (&text[..at], &text[at + 3..]);
        if rest.contains(['/', '?', '#', '@']) {
            return Err(Error::OriginInvalid("path, query, fragment or user info"));
        }
        let (host, port) = split_port(rest)?;
        match scheme {
            "https" => {
                if port == Some(443) {
                    return Err(Error::OriginInvalid("default port 443 must be omitted"));
                }
                if !is_dns_host(host) {
                    return Err(Error::OriginInvalid(
                        "host must be a lower-case DNS name (IDNs as xn-- labels)",
                    ));
                }
            }
            "http" if allow_dev => {
                if port == Some(80) {
                    return Err(Error::OriginInvalid("default port 80 must be omitted"));
                }
                if !matches!(host, "localhost" | "127.0.0.1" | "[::1]") {
                    return Err(Error::OriginInvalid(
                        "http is allowed only for localhost development",
                    ));
                }
            }
            "http" => {
                return Err(Error::OriginInvalid(
                    "http origins need the development option",
                ))
            }
            _ => return Err(Error::OriginInvalid("scheme must be https")),
        }
        Ok(Origin(text.to_string()))
    }

    /// The origin text, exactly as signed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn split_port(rest: &str) -> Result<(&str, Option<u16>), Error> {
    let split_at = if rest.starts_with('[') {
        rest.find(']').map(|i| i + 1)
    } else {
        rest.rfind(':')
    };
    let Some(i) = split_at.filter(|&i| i < rest.len()) else {
        return Ok((rest, None));
    };
    let (host, port) = rest.split_at(i);
    let digits = port
        .strip_prefix(':')
        .ok_or(Error::OriginInvalid("bad port"))?;
    if digits.is_empty()
        || digits.len() > 5
        || digits.starts_with('0')
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(Error::OriginInvalid("bad port"));
    }
    let port: u16 = digits
        .parse()
        .map_err(|_| Error::OriginInvalid("bad port"))?;
    Ok((host, Some(port)))
}

fn is_dns_host(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    host.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
        && !labels
            .last()
            .is_some_and(|l| l.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_canonical_https_origins() {
        for ok in [
            "https://bank.example.jp",
            "https://bank.example.jp:8443",
            "https://xn--eckwd4c7c.xn--zckzah.jp",
        ] {
            assert_eq!(Origin::parse(ok, false).unwrap().as_str(), ok);
        }
    }

    #[test]
    fn refuses_everything_else() {
        for bad in [
            "bank.example.jp",
            "https://bank.example.jp/",
            "https://bank.example.jp/login",
            "https://bank.example.jp?x",
            "https://bank.example.jp#x",
            "https://Bank.example.jp",
            "https://銀行.jp",
            "https://bank.example.jp:443",
            "https://bank.example.jp:0",
            "https://bank.example.jp:08443",
            "https://bank.example.jp:65536",
            "https://user@bank.example.jp",
            "https://192.0.2.1",
            "https://localhost",
            "ftp://bank.example.jp",
            "http://bank.example.jp",
            "http://localhost:8080",
            "https://-bank.example.jp",
        ] {
            assert!(Origin::parse(bad, false).is_err(), "{bad}");
        }
    }

    #[test]
    fn development_origins_need_the_option() {
        for dev in [
            "http://localhost",
            "http://localhost:8080",
            "http://127.0.0.1:3000",
            "http://[::1]:8080",
        ] {
            assert_eq!(
                Origin::parse(dev, false).unwrap_err().code(),
                "ORIGIN_INVALID"
            );
            assert!(Origin::parse(dev, true).is_ok(), "{dev}");
        }
        assert!(Origin::parse("http://example.com", true).is_err());
        assert!(Origin::parse("http://localhost:80", true).is_err());
    }
}
