//! Path building and validation (RFC 5280 §6) from an end-entity to a trust anchor.
//!
//! Depth-first search from the end-entity through the untrusted intermediates to the anchors,
//! trying every candidate issuer whose subject matches, with loop detection and work budgets. The
//! checks on each certificate live in [`super::checks`]; this file only searches.

use super::cert::{names_equal, Cert};
use super::checks::{self, IssuerCheck};
use super::options::ValidationOptions;
use super::{name_constraints, policy};
use crate::wire::certificate::subject_public_key_info;
use crate::wire::limits;
use crate::Error;

/// A trusted root, as a self-signed (or any) certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustAnchor {
    /// The certificate's DER.
    pub der: Vec<u8>,
    /// A label for results and errors.
    pub name: String,
}

/// A path that validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidatedPath {
    /// DER of each certificate, end-entity first, trust anchor last.
    pub chain: Vec<Vec<u8>>,
    /// Index into the `anchors` given to [`verify_path`].
    pub anchor: usize,
    /// Certificate policy OIDs of the end-entity that were accepted (dotted); empty when the
    /// caller set no acceptable policies.
    pub policies: Vec<String>,
}

impl ValidatedPath {
    /// The SubjectPublicKeyInfo (complete DER) of the end-entity's issuer in the path: the key
    /// the end-entity's signature was verified under. `None` for a path of one certificate.
    /// What [`crate::pki::revocation::check_revocation_issued`] takes.
    pub fn issuer_spki(&self) -> Option<&[u8]> {
        self.chain
            .get(1)
            .and_then(|der| subject_public_key_info(der))
    }
}

/// Build and validate a path from `ee_der` through any of `intermediates` to one of `anchors`.
///
/// Certificates that do not parse among the intermediates and anchors are skipped (they cannot
/// be part of a path); the end-entity must parse.
pub fn verify_path(
    ee_der: &[u8],
    intermediates: &[&[u8]],
    anchors: &[TrustAnchor],
    opts: &ValidationOptions,
) -> Result<ValidatedPath, Error> {
    check_list_sizes(intermediates, anchors.len())?;
    let ee = Cert::from_der(ee_der)?;
    let parsed: Vec<(usize, Cert<'_>)> = anchors
        .iter()
        .enumerate()
        .filter_map(|(i, a)| Cert::from_der(&a.der).ok().map(|c| (i, c)))
        .collect();
    let refs: Vec<(usize, &Cert<'_>)> = parsed.iter().map(|(i, c)| (*i, c)).collect();
    verify_path_from(&ee, intermediates, &refs, opts)
}

fn check_list_sizes(intermediates: &[&[u8]], anchors: usize) -> Result<(), Error> {
    limits::check(
        "intermediate list",
        intermediates.len(),
        limits::MAX_INTERMEDIATES,
    )?;
    limits::check("trust anchor list", anchors, limits::MAX_ANCHORS)
}

/// [`verify_path`] for an end-entity and anchors the caller has already parsed (the anchors
/// with their index in the caller's list, which [`ValidatedPath::anchor`] reports).
pub(crate) fn verify_path_from<'a, 'o>(
    ee: &'o Cert<'a>,
    intermediates: &[&'a [u8]],
    anchors: &[(usize, &'o Cert<'a>)],
    opts: &'o ValidationOptions,
) -> Result<ValidatedPath, Error> {
    check_list_sizes(intermediates, anchors.len())?;
    let policies = checks::end_entity(ee, opts)?;
    let mut search = Search {
        opts,
        intermediates: intermediates
            .iter()
            .filter_map(|d| Cert::from_der(d).ok())
            .collect(),
        anchors: anchors.to_vec(),
        ee,
        ee_policies: policies,
        signatures_left: opts.budgets.signatures,
        steps_left: opts.budgets.build_steps,
        first_error: None,
    };
    let mut path = Vec::new();
    match search.extend(&mut path)? {
        Some(found) => Ok(found),
        None => Err(search.first_error.unwrap_or(Error::CertNotTrusted)),
    }
}

/// A certificate of the path above the end-entity.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Node {
    Intermediate(usize),
    Anchor(usize),
}

struct Search<'a, 'o> {
    opts: &'o ValidationOptions,
    intermediates: Vec<Cert<'a>>,
    /// (index in the caller's list, parsed certificate)
    anchors: Vec<(usize, &'o Cert<'a>)>,
    ee: &'o Cert<'a>,
    ee_policies: Vec<String>,
    signatures_left: usize,
    steps_left: usize,
    first_error: Option<Error>,
}

impl<'a> Search<'a, '_> {
    fn cert(&self, node: Node) -> &Cert<'a> {
        match node {
            Node::Intermediate(i) => &self.intermediates[i],
            Node::Anchor(i) => self.anchors[i].1,
        }
    }

    /// The certificate at the top of `path` (the end-entity when `path` is empty).
    fn top(&self, path: &[Node]) -> &Cert<'a> {
        path.last().map_or(self.ee, |n| self.cert(*n))
    }

    fn note(&mut self, e: Error) {
        if self.first_error.is_none() || self.first_error == Some(Error::CertNotTrusted) {
            self.first_error = Some(e);
        }
    }

    fn step(&mut self) -> Result<(), Error> {
        self.steps_left = self
            .steps_left
            .checked_sub(1)
            .ok_or(Error::BudgetExceeded("path building"))?;
        Ok(())
    }

    /// Try to complete `path` (certificates above the end-entity so far). `Err` only for
    /// failures that end the whole search (budgets); other failures are noted and the search goes
    /// on with the next candidate.
    fn extend(&mut self, path: &mut Vec<Node>) -> Result<Option<ValidatedPath>, Error> {
        let issuer_name = self.top(path).x509.issuer().as_raw();
        let anchor_candidates: Vec<usize> = (0..self.anchors.len())
            .filter(|&i| names_equal(self.anchors[i].1.x509.subject().as_raw(), issuer_name))
            .collect();
        for i in anchor_candidates {
            self.step()?;
            if let Some(found) = self.try_candidate(path, Node::Anchor(i))? {
                return Ok(Some(found));
            }
        }
        let candidates: Vec<usize> = (0..self.intermediates.len())
            .filter(|&i| names_equal(self.intermediates[i].x509.subject().as_raw(), issuer_name))
            .collect();
        for i in candidates {
            self.step()?;
            if let Some(found) = self.try_candidate(path, Node::Intermediate(i))? {
                return Ok(Some(found));
            }
        }
        Ok(None)
    }

    fn try_candidate(
        &mut self,
        path: &mut Vec<Node>,
        node: Node,
    ) -> Result<Option<ValidatedPath>, Error> {
        // Chain length counts the end-entity, the path so far and this candidate; an
        // intermediate needs room for at least one more certificate above it.
        let is_intermediate = matches!(node, Node::Intermediate(_));
        let len_with = path.len() + 2 + usize::from(is_intermediate);
        if len_with > self.opts.max_chain_len {
            self.note(Error::PathLenExceeded);
            return Ok(None);
        }
        if let Some(max) = self.opts.max_intermediates {
            let counted = path
                .iter()
                .filter(|n| matches!(n, Node::Intermediate(_)) && !self.cert(**n).is_self_issued())
                .count()
                + usize::from(is_intermediate && !self.cert(node).is_self_issued());
            if counted > max {
                self.note(Error::PathLenExceeded);
                return Ok(None);
            }
        }
        if self.would_loop(path, node) {
            return Ok(None);
        }
        let below: Vec<&Cert<'a>> = std::iter::once(self.ee)
            .chain(path.iter().map(|n| self.cert(*n)))
            .collect();
        let check = IssuerCheck {
            is_anchor: matches!(node, Node::Anchor(_)),
            below: &below,
        };
        if let Err(e) = checks::issuer(self.cert(node), &check, self.opts) {
            self.note(e);
            return Ok(None);
        }
        self.signatures_left = self
            .signatures_left
            .checked_sub(1)
            .ok_or(Error::BudgetExceeded("signature checks"))?;
        if let Err(e) = checks::signed_by(self.top(path), self.cert(node), self.opts) {
            self.note(e);
            return Ok(None);
        }
        path.push(node);
        let result = match node {
            Node::Anchor(_) => self.finish(path),
            Node::Intermediate(_) => self.extend(path),
        };
        path.pop();
        result
    }

    /// A candidate already on the path, or one with the same subject and key as a certificate on
    /// the path, would only walk a cycle.
    fn would_loop(&self, path: &[Node], node: Node) -> bool {
        let cand = self.cert(node);
        path.iter().any(|n| {
            *n == node || {
                let c = self.cert(*n);
                c.x509.subject().as_raw() == cand.x509.subject().as_raw()
                    && c.x509.public_key().raw == cand.x509.public_key().raw
            }
        })
    }

    /// Checks that need the whole path: name constraints and certificate policies.
    fn finish(&mut self, path: &[Node]) -> Result<Option<ValidatedPath>, Error> {
        let chain: Vec<&Cert<'a>> = std::iter::once(self.ee)
            .chain(path.iter().map(|n| self.cert(*n)))
            .collect();
        let mut nc_budget = self.opts.budgets.name_constraint_checks;
        for (i, ca) in chain.iter().enumerate().skip(1) {
            for (j, sub) in chain.iter().enumerate().take(i) {
                let self_issued_ca = j > 0 && sub.is_self_issued();
                match name_constraints::check(&ca.x509, &sub.x509, self_issued_ca, &mut nc_budget) {
                    Ok(()) => {}
                    Err(e @ Error::BudgetExceeded(_)) => return Err(e),
                    Err(e) => {
                        self.note(e);
                        return Ok(None);
                    }
                }
            }
        }
        let policies = match policy::narrow(&self.ee_policies, &chain, self.opts) {
            Ok(p) => p,
            Err(e) => {
                self.note(e);
                return Ok(None);
            }
        };
        let anchor = match path.last() {
            Some(Node::Anchor(i)) => self.anchors[*i].0,
            _ => return Ok(None),
        };
        Ok(Some(ValidatedPath {
            chain: chain.iter().map(|c| c.der.to_vec()).collect(),
            anchor,
            policies,
        }))
    }
}
