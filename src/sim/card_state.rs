//! The virtual card's state: its applications, their files with access rules, PIN counters and
//! the per-application security state.

use crate::card::pin::PinKind;
use std::collections::BTreeMap;
use zeroize::Zeroizing;

/// The applications the virtual card has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Applet {
    /// 公的個人認証 AP.
    Jpki,
    /// 券面事項入力補助AP.
    CardInfo,
    /// 券面事項確認AP (selectable, no files simulated).
    CardFace,
}

/// Who may use a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// READ BINARY without a PIN.
    Free,
    /// READ BINARY after this PIN was verified in the same application session.
    Pin(PinKind),
    /// A PIN EF (VERIFY only).
    PinFile(PinKind),
    /// A private key EF (the JPKI sign command after this PIN).
    Key(PinKind),
}

/// One elementary file.
#[derive(Clone, Debug)]
pub struct Ef {
    pub data: Vec<u8>,
    pub access: Access,
}

/// A PIN with its counter.
pub struct PinCounter {
    pub secret: Zeroizing<Vec<u8>>,
    pub tries_left: u8,
}

/// Outcome of a VERIFY with data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerifyResult {
    Ok,
    Wrong(u8),
    Blocked,
}

/// Files, PINs and session state.
pub struct CardState {
    pub files: BTreeMap<(Applet, u16), Ef>,
    pub pins: BTreeMap<PinKind, PinCounter>,
    pub selected_applet: Option<Applet>,
    pub selected_ef: Option<u16>,
    /// PINs verified since the current application was selected.
    pub verified: Vec<PinKind>,
}

impl CardState {
    /// Select an application: the security state of the previous session is gone.
    pub fn select_applet(&mut self, applet: Applet) {
        self.selected_applet = Some(applet);
        self.selected_ef = None;
        self.verified.clear();
    }

    /// The selected EF, if any.
    pub fn current_ef(&self) -> Option<&Ef> {
        let applet = self.selected_applet?;
        self.files.get(&(applet, self.selected_ef?))
    }

    /// Whether `kind` was verified in this session.
    pub fn is_verified(&self, kind: PinKind) -> bool {
        self.verified.contains(&kind)
    }

    /// Tries left of `kind` (0 for a PIN the card does not have).
    pub fn tries_left(&self, kind: PinKind) -> u8 {
        self.pins.get(&kind).map_or(0, |p| p.tries_left)
    }

    /// Compare `given` with the PIN, counting a wrong try and resetting on success.
    pub fn verify(&mut self, kind: PinKind, given: &[u8]) -> VerifyResult {
        let Some(pin) = self.pins.get_mut(&kind) else {
            return VerifyResult::Blocked;
        };
        if pin.tries_left == 0 {
            return VerifyResult::Blocked;
        }
        if given == pin.secret.as_slice() {
            pin.tries_left = kind.max_tries();
            if !self.verified.contains(&kind) {
                self.verified.push(kind);
            }
            VerifyResult::Ok
        } else {
            pin.tries_left = pin.tries_left.saturating_sub(1);
            VerifyResult::Wrong(pin.tries_left)
        }
    }
}
