//! `elp-reconcile`: checks every bank of a table against its licences and its ledger (see
//! `elp_adapters::service::reconcile`) and exits non-zero if any does not add up. Reads the
//! same configuration as the functions (`ELP_TABLE`, and the endpoints locally).
//!
//! `elp-reconcile --rewrite-licenses` instead puts every licence item again, so licences written
//! before their `search` attribute and `gsi4` keys existed get them (decision 76).
//!
//! `elp-reconcile --rebuild-ledgers` writes every bank's movements again from the organisations'
//! trails to the banks' ledgers, for banks whose movements were recorded before ledgers existed
//! (decision 94).

use std::sync::Arc;

use elp_adapters::clock::SystemClock;
use elp_adapters::config::Config;
use elp_adapters::service::reconcile::{check_all, rebuild_ledgers, rewrite_licenses};
use elp_adapters::App;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::from_lookup(|name| {
        std::env::var(name).ok().or_else(|| match name {
            "ELP_TABLE" => Some("elp-local".into()),
            "ELP_MAIL_FROM" | "ELP_PORTAL_URL" => Some("unused".into()),
            "ELP_VENDOR_MAIL" => Some("unused@vendor.example".into()),
            _ => None,
        })
    })?;
    let app = App::connect(config, Arc::new(SystemClock)).await;
    if std::env::args().any(|a| a == "--rewrite-licenses") {
        let done = rewrite_licenses(&app.store).await?;
        println!(
            "{} licence(s) rewritten, {} changed meanwhile (already up to date)",
            done.rewritten, done.changed
        );
        return Ok(());
    }
    if std::env::args().any(|a| a == "--rebuild-ledgers") {
        let written = rebuild_ledgers(&app.store).await?;
        println!("{written} movement(s) written to their banks' ledgers");
        return Ok(());
    }
    let reports = check_all(&app.store).await?;
    let mut failing = 0;
    for r in &reports {
        let verdict = if r.problems.is_empty() {
            "ok"
        } else {
            "MISMATCH"
        };
        println!(
            "{verdict:8} bank {} (org {}): granted {}, used {}, licences {} charged {}, ledger {} movement(s) charged {} balance {}",
            r.bank,
            r.org,
            r.granted,
            r.used,
            r.licenses,
            r.license_credits,
            r.ledger.movements,
            r.ledger.charged,
            r.ledger.balance
        );
        for p in &r.problems {
            println!("           - {p}");
        }
        failing += usize::from(!r.problems.is_empty());
    }
    println!("{} bank(s) checked, {failing} with problems", reports.len());
    if failing > 0 {
        std::process::exit(1);
    }
    Ok(())
}
