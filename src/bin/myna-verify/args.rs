//! Command-line arguments: a command, positional files and `--name value` options (some
//! repeatable). No parser dependency: the grammar is small and every error is a usage error.

use std::collections::BTreeMap;

/// Parsed arguments.
pub struct Args {
    pub command: String,
    pub positional: Vec<String>,
    options: BTreeMap<String, Vec<String>>,
    flags: Vec<String>,
}

/// Options that take no value.
const FLAGS: &[&str] = &["allow-dev-origins", "allow-sha1"];
/// Options that may repeat.
const REPEATABLE: &[&str] = &[
    "trust",
    "accept",
    "intermediate",
    "key",
    "crl",
    "ocsp",
    "require",
];
/// Every option with a value.
const VALUED: &[&str] = &[
    "trust",
    "accept",
    "at",
    "crl",
    "ocsp",
    "issuer",
    "token",
    "origin",
    "nonce",
    "content",
    "intermediate",
    "key",
    "require",
    "revocation",
    "alg",
];

impl Args {
    /// Parse `argv` without the program name.
    pub fn parse(argv: &[String]) -> Result<Args, String> {
        let mut it = argv.iter();
        let command = it.next().ok_or("no command given")?.clone();
        let mut args = Args {
            command,
            positional: Vec::new(),
            options: BTreeMap::new(),
            flags: Vec::new(),
        };
        while let Some(a) = it.next() {
            let Some(name) = a.strip_prefix("--") else {
                args.positional.push(a.clone());
                continue;
            };
            if FLAGS.contains(&name) {
                args.flags.push(name.to_string());
            } else if VALUED.contains(&name) {
                let value = it.next().ok_or(format!("--{name} needs a value"))?;
                let slot = args.options.entry(name.to_string()).or_default();
                if !slot.is_empty() && !REPEATABLE.contains(&name) {
                    return Err(format!("--{name} given twice"));
                }
                slot.push(value.clone());
            } else {
                return Err(format!("unknown option --{name}"));
            }
        }
        Ok(args)
    }

    /// The single value of `--name`.
    pub fn one(&self, name: &str) -> Option<&str> {
        self.options
            .get(name)
            .and_then(|v| v.first())
            .map(String::as_str)
    }

    /// Every value of a repeatable `--name`.
    pub fn all(&self, name: &str) -> &[String] {
        self.options.get(name).map_or(&[], Vec::as_slice)
    }

    /// Whether the flag `--name` was given.
    pub fn flag(&self, name: &str) -> bool {
        self.flags.iter().any(|f| f == name)
    }

    /// The value of a required `--name`.
    pub fn required(&self, name: &str) -> Result<&str, String> {
        self.one(name).ok_or(format!("--{name} is required"))
    }
}
