//! Reconciliation: for every bank, the credits of the terms drawn on it (whichever licence they
//! belong to now) add up to the bank's used credits, the stored remaining credits are granted
//! minus used (nothing once forfeited), used never exceeds granted, no term outlives its bank,
//! and its ledger agrees (its balance is the remaining credits, the terms it charged add up to
//! used). The tests run it after their races; `elp-reconcile` runs it against any table.

use std::collections::{BTreeMap, HashMap};
use std::ops::ControlFlow;

use elp_core::ledger::Totals;
use elp_core::{BankId, LicenseType, OrgId};

use crate::store::{LicenseFilter, Store, StoreError, StoredBank};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankReport {
    pub bank: BankId,
    pub org: OrgId,
    pub granted: u64,
    pub used: u64,
    pub license_credits: u64,
    pub licenses: usize,
    /// The bank's ledger added up (decision 94).
    pub ledger: Totals,
    pub problems: Vec<String>,
}

/// Checks one bank against the terms charged to it ([`check_org`] for its organisation).
pub async fn check_bank(store: &Store, stored: &StoredBank) -> Result<BankReport, StoreError> {
    let mut reports = check_org(store, std::slice::from_ref(stored)).await?;
    Ok(reports.remove(0))
}

/// What one bank's terms add up to, while the organisation's licences are read.
#[derive(Default)]
struct Tally {
    credits: u64,
    licenses: usize,
    problems: Vec<String>,
}

/// Checks `banks` (all of one organisation) against the terms of that organisation's licences,
/// read once: each term counts for the bank it drew on (a renewal may draw on another bank of
/// the product than the licence's first), so a bank's used credits are the sum of its terms,
/// wherever the licence now belongs.
pub async fn check_org(store: &Store, banks: &[StoredBank]) -> Result<Vec<BankReport>, StoreError> {
    let Some(first) = banks.first() else {
        return Ok(Vec::new());
    };
    let org = first.bank.org.clone();
    let expiry: HashMap<BankId, elp_core::Date> = banks
        .iter()
        .map(|s| (s.bank.id.clone(), s.bank.expiry))
        .collect();
    let mut tally: HashMap<BankId, Tally> = HashMap::new();
    let filter = LicenseFilter::of_org(org.clone());
    store
        .each_license_page(&filter, 1000, |page| {
            for license in &page {
                let mut drew_on = Vec::new();
                for term in &license.terms {
                    let at = term.bank.clone().unwrap_or_else(|| license.bank.id.clone());
                    let entry = tally.entry(at.clone()).or_default();
                    entry.credits += u64::from(term.credits.get());
                    if !drew_on.contains(&at) {
                        entry.licenses += 1;
                        drew_on.push(at.clone());
                    }
                    if term.credits.get() != term.months_charged * term.computers.get() {
                        entry.problems.push(format!(
                            "{}: a term charged {} for {} x {}",
                            license.code,
                            term.credits,
                            elp_core::quote::count(term.months_charged, "month", "months"),
                            term.computers
                        ));
                    }
                    match expiry.get(&at) {
                        Some(end) if term.expiry > *end => entry.problems.push(format!(
                            "{}: a term ends {} after its bank ({end})",
                            license.code, term.expiry
                        )),
                        _ => {}
                    }
                }
                if license.license_type == LicenseType::NodeLock && license.computers().get() != 1 {
                    tally
                        .entry(license.bank.id.clone())
                        .or_default()
                        .problems
                        .push(format!(
                            "{}: a node-lock licence for {} computers",
                            license.code,
                            license.computers()
                        ));
                }
            }
            Ok(ControlFlow::Continue(()))
        })
        .await?;
    let mut reports = Vec::new();
    for stored in banks {
        let mut ledger = Totals::default();
        store
            .each_ledger_page(&stored.bank.id, |page| {
                page.iter().for_each(|e| ledger.add(e));
                Ok(ControlFlow::Continue(()))
            })
            .await?;
        let tally = tally.remove(&stored.bank.id).unwrap_or_default();
        reports.push(report(stored, tally, ledger));
    }
    Ok(reports)
}

fn report(stored: &StoredBank, tally: Tally, ledger: Totals) -> BankReport {
    let bank = &stored.bank;
    let Tally {
        credits,
        licenses,
        mut problems,
    } = tally;
    problems.extend(ledger.problems(bank));
    let (granted, used) = (u64::from(bank.granted.get()), u64::from(bank.used.get()));
    if credits != used {
        problems.push(format!(
            "its licences were charged {credits} credits but the bank used {used}"
        ));
    }
    if used > granted {
        problems.push(format!("used {used} of {granted} granted credits"));
    }
    let expected_remaining = if bank.forfeited.is_some() {
        0
    } else {
        granted as i64 - used as i64
    };
    if stored.remaining != expected_remaining {
        problems.push(format!(
            "stores {} remaining credits, expected {expected_remaining}",
            stored.remaining
        ));
    }
    if let Some(forfeited) = bank.forfeited {
        if u64::from(forfeited.get()) != granted.saturating_sub(used) {
            problems.push(format!(
                "forfeited {forfeited} but {} were unused",
                granted.saturating_sub(used)
            ));
        }
    }
    BankReport {
        bank: bank.id.clone(),
        org: bank.org.clone(),
        granted,
        used,
        license_credits: credits,
        licenses,
        ledger,
        problems,
    }
}

/// Checks every bank of the table, one organisation at a time.
pub async fn check_all(store: &Store) -> Result<Vec<BankReport>, StoreError> {
    let mut by_org: BTreeMap<OrgId, Vec<StoredBank>> = BTreeMap::new();
    for stored in store.scan_banks().await? {
        by_org
            .entry(stored.bank.org.clone())
            .or_default()
            .push(stored);
    }
    let mut reports = Vec::new();
    for banks in by_org.values() {
        reports.extend(check_org(store, banks).await?);
    }
    Ok(reports)
}

/// What [`rewrite_licenses`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rewritten {
    pub rewritten: usize,
    /// Changed while the rewrite ran (their change wrote them anew).
    pub changed: usize,
}

/// Puts every licence item of the table again, bank by bank, so that licences written before
/// an attribute or index key existed (`search`, `gsi4`) get it; each only if it did not change
/// since it was read. Safe to run twice or beside the API.
pub async fn rewrite_licenses(store: &Store) -> Result<Rewritten, StoreError> {
    let mut done = Rewritten::default();
    for stored in store.scan_banks().await? {
        let bank = &stored.bank;
        let filter = LicenseFilter {
            bank: Some(bank.id.clone()),
            ..LicenseFilter::of_org(bank.org.clone())
        };
        let mut licenses = Vec::new();
        store
            .each_license_page(&filter, 1000, |page| {
                licenses.extend(page);
                Ok(ControlFlow::Continue(()))
            })
            .await?;
        for license in &licenses {
            if store.rewrite_license(license).await? {
                done.rewritten += 1;
            } else {
                done.changed += 1;
            }
        }
    }
    Ok(done)
}

/// Writes every bank's movements again from the organisations' trails to the banks' ledgers
/// (decision 94), for banks older than their ledger. Safe to run twice or beside the API. The
/// number of movements written.
pub async fn rebuild_ledgers(store: &Store) -> Result<usize, StoreError> {
    let orgs: std::collections::BTreeSet<OrgId> = store
        .scan_banks()
        .await?
        .into_iter()
        .map(|b| b.bank.org)
        .collect();
    let mut written = 0;
    for org in &orgs {
        written += store.rebuild_ledgers(org).await?;
    }
    Ok(written)
}
