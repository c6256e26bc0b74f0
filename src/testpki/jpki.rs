//! The JPKI-shaped TEST hierarchy: a TEST auth root and a TEST sign root (self-signed, "TEST" in
//! O and OU, never trusted unless a caller selects the TEST trust store), and end-entities shaped
//! like J-LIS's: an auth certificate without personal data and a sign certificate carrying the
//! identity attributes as subjectAltName otherNames. Everything is deterministic: fixed keys,
//! fixed times, fixed serials unless the spec says otherwise.

use super::builder::{self, oids, Attribute, Extension, Name, Template};
use super::der;
use super::keys::{FixedKey, TestKey};
use crate::jpki::attributes as attr;
use crate::jpki::Purpose;
use crate::pki::options::key_usage;
use crate::pki::UnixTime;
use crate::Error;
use std::sync::OnceLock;

/// Validity of the TEST roots: 2020-01-01T00:00:00Z …
pub const ROOT_NOT_BEFORE: UnixTime = UnixTime(1_577_836_800);
/// … to 2049-12-31T23:59:59Z.
pub const ROOT_NOT_AFTER: UnixTime = UnixTime(2_524_607_999);
/// Default validity of TEST end-entities: 2024-01-01T00:00:00Z …
pub const EE_NOT_BEFORE: UnixTime = UnixTime(1_704_067_200);
/// … to 2028-12-31T14:59:59Z (J-LIS certificates end at 23:59:59 JST).
pub const EE_NOT_AFTER: UnixTime = UnixTime(1_861_887_599);
/// Auth policy of the TEST end-entities (the value seen in J-LIS auth certificates).
pub const AUTH_POLICY: &str = "1.2.392.200149.8.5.1.3.30";
/// Sign policy of the TEST end-entities (the value seen in J-LIS sign certificates).
pub const SIGN_POLICY: &str = "1.2.392.200149.8.5.1.1.20";

/// `C=JP, O=公的個人認証サービス TEST`: the DirName of subjectAltName / issuerAltName.
fn service_name() -> Name {
    vec![
        Attribute::printable(oids::COUNTRY, "JP"),
        Attribute::utf8(oids::ORGANIZATION, "公的個人認証サービス TEST"),
    ]
}

/// Subject of a TEST root.
pub fn root_name(purpose: Purpose) -> Name {
    let ou = match purpose {
        Purpose::Auth => "JPKI for user authentication TEST",
        Purpose::Sign => "JPKI for digital signature TEST",
    };
    vec![
        Attribute::printable(oids::COUNTRY, "JP"),
        Attribute::utf8(oids::ORGANIZATION, "JPKI TEST"),
        Attribute::utf8(oids::ORGANIZATIONAL_UNIT, ou),
        Attribute::utf8(
            oids::ORGANIZATIONAL_UNIT,
            "TEST hierarchy - not issued by J-LIS",
        ),
    ]
}

/// The six identity attributes as strings; `None` leaves one out (for negative cases).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestIdentity {
    pub name: Option<String>,
    pub name_substitutes: Option<String>,
    pub gender: Option<String>,
    pub date_of_birth: Option<String>,
    pub address: Option<String>,
    pub address_substitutes: Option<String>,
    /// Encode the values as OCTET STRING instead of UTF8String.
    pub octet_strings: bool,
}

impl Default for TestIdentity {
    /// 山田　太郎 (the second character flagged as a substitute), male, born Showa 60 (1985) April
    /// 1st, living in Chiyoda, Tokyo (the 8th address character flagged).
    fn default() -> Self {
        TestIdentity {
            name: Some("山田　太郎".into()),
            name_substitutes: Some("01000".into()),
            gender: Some("1".into()),
            date_of_birth: Some("319850401".into()),
            address: Some("東京都千代田区霞が関２丁目１番２号".into()),
            address_substitutes: Some("00000001000000000".into()),
            octet_strings: false,
        }
    }
}

impl TestIdentity {
    /// The otherName GeneralNames.
    fn general_names(&self) -> Vec<Vec<u8>> {
        let fields = [
            (attr::OID_NAME, &self.name),
            (attr::OID_NAME_SUBSTITUTES, &self.name_substitutes),
            (attr::OID_GENDER, &self.gender),
            (attr::OID_DATE_OF_BIRTH, &self.date_of_birth),
            (attr::OID_ADDRESS, &self.address),
            (attr::OID_ADDRESS_SUBSTITUTES, &self.address_substitutes),
        ];
        fields
            .iter()
            .filter_map(|(oid, value)| {
                let value = value.as_ref()?;
                let encoded = if self.octet_strings {
                    der::octet_string(value.as_bytes())
                } else {
                    der::utf8(value)
                };
                Some(builder::general_name_other(oid, &encoded))
            })
            .collect()
    }
}

/// Who signs an end-entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Issuer {
    /// The TEST root of this purpose (its name and key).
    Root(Purpose),
    /// The name of the TEST root of this purpose, but a key no root certifies.
    WrongKey(Purpose),
}

/// Everything about a TEST end-entity. Start from [`EeSpec::auth`] or [`EeSpec::sign`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EeSpec {
    /// Which shape (and which fixed EE key).
    pub purpose: Purpose,
    /// Serial INTEGER contents.
    pub serial: Vec<u8>,
    pub not_before: UnixTime,
    pub not_after: UnixTime,
    /// keyUsage bits (see `pki::options::key_usage`); `None` leaves the extension out.
    pub key_usage: Option<u16>,
    /// keyUsage criticality.
    pub key_usage_critical: bool,
    /// Policy OIDs; empty leaves the extension out.
    pub policies: Vec<String>,
    /// Identity attributes (sign certificates); `None` writes no subjectAltName.
    pub identity: Option<TestIdentity>,
    /// Who signs.
    pub issuer: Issuer,
}

impl EeSpec {
    /// A J-LIS-shaped user-authentication certificate.
    pub fn auth() -> Self {
        EeSpec {
            purpose: Purpose::Auth,
            serial: vec![0x01, 0x23, 0x45, 0x67],
            not_before: EE_NOT_BEFORE,
            not_after: EE_NOT_AFTER,
            key_usage: Some(key_usage::DIGITAL_SIGNATURE),
            key_usage_critical: true,
            policies: vec![AUTH_POLICY.into()],
            identity: None,
            issuer: Issuer::Root(Purpose::Auth),
        }
    }

    /// A J-LIS-shaped signature certificate with the default identity.
    pub fn sign() -> Self {
        EeSpec {
            purpose: Purpose::Sign,
            serial: vec![0x09, 0x87, 0x65, 0x43],
            key_usage: Some(key_usage::DIGITAL_SIGNATURE | key_usage::NON_REPUDIATION),
            policies: vec![SIGN_POLICY.into()],
            identity: Some(TestIdentity::default()),
            issuer: Issuer::Root(Purpose::Sign),
            ..EeSpec::auth()
        }
    }
}

/// The TEST hierarchy: keys and root certificates.
#[derive(Debug)]
pub struct TestPki {
    auth_root_key: TestKey,
    sign_root_key: TestKey,
    auth_ee_key: TestKey,
    sign_ee_key: TestKey,
    other_key: TestKey,
    auth_root: Vec<u8>,
    sign_root: Vec<u8>,
}

impl TestPki {
    /// Load the fixed keys and build the two roots.
    pub fn new() -> Result<Self, Error> {
        let auth_root_key = FixedKey::AuthRoot.load()?;
        let sign_root_key = FixedKey::SignRoot.load()?;
        let auth_root = build_root(Purpose::Auth, &auth_root_key)?;
        let sign_root = build_root(Purpose::Sign, &sign_root_key)?;
        Ok(TestPki {
            auth_root_key,
            sign_root_key,
            auth_ee_key: FixedKey::AuthEe.load()?,
            sign_ee_key: FixedKey::SignEe.load()?,
            other_key: FixedKey::Other.load()?,
            auth_root,
            sign_root,
        })
    }

    /// One shared instance per process.
    pub fn shared() -> Result<&'static TestPki, Error> {
        static PKI: OnceLock<Result<TestPki, Error>> = OnceLock::new();
        PKI.get_or_init(TestPki::new).as_ref().map_err(Clone::clone)
    }

    /// The TEST root certificate of `purpose` (DER).
    pub fn root(&self, purpose: Purpose) -> &[u8] {
        match purpose {
            Purpose::Auth => &self.auth_root,
            Purpose::Sign => &self.sign_root,
        }
    }

    /// The TEST root key of `purpose`.
    pub fn root_key(&self, purpose: Purpose) -> &TestKey {
        match purpose {
            Purpose::Auth => &self.auth_root_key,
            Purpose::Sign => &self.sign_root_key,
        }
    }

    /// The end-entity key of `purpose` (use it to sign like the card would).
    pub fn ee_key(&self, purpose: Purpose) -> &TestKey {
        match purpose {
            Purpose::Auth => &self.auth_ee_key,
            Purpose::Sign => &self.sign_ee_key,
        }
    }

    /// A key that no TEST root certifies.
    pub fn other_key(&self) -> &TestKey {
        &self.other_key
    }

    /// The default auth certificate.
    pub fn auth_cert(&self) -> Result<Vec<u8>, Error> {
        self.issue(&EeSpec::auth())
    }

    /// The default sign certificate.
    pub fn sign_cert(&self) -> Result<Vec<u8>, Error> {
        self.issue(&EeSpec::sign())
    }

    /// Issue an end-entity certificate as `spec` says.
    pub fn issue(&self, spec: &EeSpec) -> Result<Vec<u8>, Error> {
        let (issuer_purpose, issuer_key) = match spec.issuer {
            Issuer::Root(p) => (p, self.root_key(p)),
            Issuer::WrongKey(p) => (p, &self.other_key),
        };
        let subject_key = self.ee_key(spec.purpose);
        let mut extensions: Vec<Extension> = Vec::new();
        if let Some(bits) = spec.key_usage {
            extensions.push(builder::key_usage(bits, spec.key_usage_critical));
        }
        if !spec.policies.is_empty() {
            extensions.push(builder::certificate_policies(&spec.policies));
        }
        if let Some(identity) = &spec.identity {
            extensions.push(builder::subject_alt_name(&identity.general_names()));
        }
        extensions.push(builder::issuer_alt_name(&[builder::general_name_dir(
            &service_name(),
        )]));
        extensions.push(builder::crl_distribution_dir(&root_name(issuer_purpose)));
        extensions.push(builder::authority_key_id(
            &self.root_key(issuer_purpose).key_id(),
        ));
        extensions.push(builder::subject_key_id(&subject_key.key_id()));
        let tag = match spec.purpose {
            Purpose::Auth => "AUTH",
            Purpose::Sign => "SIGN",
        };
        let template = Template {
            serial: spec.serial.clone(),
            issuer: root_name(issuer_purpose),
            subject: vec![
                Attribute::printable(oids::COUNTRY, "JP"),
                Attribute::utf8(oids::LOCALITY, "TEST"),
                Attribute::printable(
                    oids::COMMON_NAME,
                    &format!(
                        "TEST-{tag}-{}",
                        crate::wire::digits::hex_upper(&spec.serial)
                    ),
                ),
            ],
            not_before: spec.not_before,
            not_after: spec.not_after,
            extensions,
        };
        builder::build(&template, subject_key.spki_der(), issuer_key)
    }
}

/// A self-signed TEST root.
fn build_root(purpose: Purpose, key: &TestKey) -> Result<Vec<u8>, Error> {
    let name = root_name(purpose);
    let serial = match purpose {
        Purpose::Auth => vec![0x7E, 0x57, 0x00, 0x01],
        Purpose::Sign => vec![0x7E, 0x57, 0x00, 0x02],
    };
    let template = Template {
        serial,
        issuer: name.clone(),
        subject: name.clone(),
        not_before: ROOT_NOT_BEFORE,
        not_after: ROOT_NOT_AFTER,
        extensions: vec![
            builder::key_usage(key_usage::KEY_CERT_SIGN | key_usage::CRL_SIGN, true),
            builder::subject_alt_name(&[builder::general_name_dir(&service_name())]),
            builder::issuer_alt_name(&[builder::general_name_dir(&service_name())]),
            builder::basic_constraints(true),
            builder::crl_distribution_dir(&name),
            builder::subject_key_id(&key.key_id()),
            builder::authority_key_id(&key.key_id()),
        ],
    };
    builder::build(&template, key.spki_der(), key)
}
