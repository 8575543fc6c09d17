//! Bulk requests: generating for a crew, renewing many licences, assigning many returned ones.
//! Each is quoted once (generation and renewal) and confirmed once, and each line is decided by
//! the single operation's decision ([`elp_core::bulk`]).
//!
//! A confirm needs an `Idempotency-Key`: its lines are written in as many transactions as
//! DynamoDB's limit of 100 items requires, and the job item beside the key's record says what
//! each line came to. Every transaction draws only credits its bank still holds and moves the
//! job on from the version it read, so a retry after an interruption (or a second attempt
//! racing the first) finishes the pending lines and never writes a line twice. The answer, one
//! result per line, is stored with the last transaction and returned to every later retry.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};
use elp_core::bulk::{self, Banks, GenerationItem};
use elp_core::quote::{GenerationRequest, RenewalRequest, MAX_LICENSES_PER_REQUEST};
use elp_core::{
    parse_date, ActivationCode, AuditEvent, Bank, BankId, Credits, Email, Invalid, License,
    LicenseType, Membership, Message, Months, OrgId, Quantity, Refusal,
};
use serde::Deserialize;
use serde_json::{json, Value};

use super::access::{admin, invitation_terms, own, read, Caller};
use super::app::App;
use super::error::Error;
use super::idempotency::{as_admin, Once, RequestKey};
use super::licenses::{check_optional_credits, quoted_credits};
use super::reply::{reply, Reply, Status};
use crate::store::bulk::{
    sum_by_bank, BulkChunk, BulkJob, LineError, LineOutcome, LineStatus, CHUNK_OVERHEAD,
    TRANSACTION_ITEMS,
};
use crate::store::{
    keys, new_activation_codes, Draw, LicenseWrite, OutboxMail, Recipient, Store, StoreError,
    Wanted,
};

/// Rounds of reading and deciding again after a transaction found the data changed since it
/// was read (a concurrent draw, a licence changed, the other attempt of a retry).
const ROUNDS: usize = 6;

fn at(field: String) -> impl FnOnce(Invalid) -> Invalid {
    move |e| e.at(field)
}

fn required_key() -> Error {
    Invalid::new(
        "Idempotency-Key",
        Message::new("invalid-idempotency-key-required"),
    )
    .into()
}

/// A line's refusal as its result says it, in the caller's language.
fn line_error(e: Error, lang: elp_l10n::Lang) -> LineError {
    let said = |m: &Message| m.say(lang);
    match e {
        Error::Refused(r) => LineError {
            code: r.code().to_string(),
            message: said(&r.message()),
            details: match &r {
                Refusal::InsufficientCredits {
                    needed, remaining, ..
                } => Some(json!({ "needed": needed, "remaining": remaining })),
                Refusal::QuoteChanged { quoted, now } => {
                    Some(json!({ "quoted": quoted, "credits": now }))
                }
                _ => None,
            },
        },
        Error::Invalid(i) => LineError {
            code: "invalid".into(),
            message: said(&i.message),
            details: Some(json!({ "field": i.field })),
        },
        Error::NotFound(thing) => LineError {
            code: "not_found".into(),
            message: said(&Message::new("error-not-found").text("thing", thing.replace(' ', "-"))),
            details: None,
        },
        other => LineError {
            code: "internal".into(),
            message: said(&Message::new("error-internal")),
            details: Some(json!({ "cause": other.to_string() })),
        },
    }
}

// ----- the job and its transactions -----

/// Whose membership a line changes (owned, for a line decided now and written later).
enum Holder {
    Unchanged,
    Joins(Membership, u32),
    Member(Email, OrgId, i64),
}

/// What a decided line writes.
struct LineChange {
    licenses: Vec<License>,
    previous: Option<License>,
    draw: Option<(BankId, Credits)>,
    holder: Holder,
    audit: AuditEvent,
    mails: Vec<OutboxMail>,
}

impl LineChange {
    fn write(&self) -> LicenseWrite<'_> {
        LicenseWrite {
            licenses: &self.licenses,
            previous: self.previous.as_ref(),
            draw: None,
            recipient: match &self.holder {
                Holder::Unchanged => Recipient::Unchanged,
                Holder::Joins(m, n) => Recipient::Joins(m, *n),
                Holder::Member(e, o, d) => Recipient::Member(e, o, *d),
            },
            audit: &self.audit,
            // Bulk changes generate, renew and assign: none releases machines.
            releases_machines: None,
            mails: &self.mails,
            idempotency: None,
        }
    }
}

/// A line decided this round: what it writes (nothing when refused) and what it comes to.
struct Decided {
    index: usize,
    change: Option<LineChange>,
    outcome: LineOutcome,
    /// The person whose membership the change writes: one write per item in a transaction.
    person: Option<Email>,
}

fn refused(index: usize, e: Error, lang: elp_l10n::Lang) -> Decided {
    Decided {
        index,
        change: None,
        outcome: LineOutcome::refused(line_error(e, lang)),
        person: None,
    }
}

/// How one round ended.
enum Driven {
    Finished(Reply),
    /// Something changed since it was read: read again and decide the pending lines again.
    Again,
}

/// The request's job and where it is kept.
struct Job {
    key: keys::Key,
    state: BulkJob,
}

/// The items a line adds to a transaction that already draws on the banks `drawn` (a bank's
/// draw is one item, the sum of its lines').
fn items_of(line: &Decided, drawn: &HashSet<BankId>) -> usize {
    line.change.as_ref().map_or(0, |c| {
        let new_draw = c.draw.as_ref().is_some_and(|(b, _)| !drawn.contains(b));
        Store::license_change_items(&c.write()) + usize::from(new_draw)
    })
}

#[allow(clippy::too_many_arguments)]
/// Writes the decided lines in transactions of at most [`TRANSACTION_ITEMS`] items, each
/// moving the job on; the last carries the answer (`answer` of the finished job).
async fn drive(
    app: &App,
    once: &Once,
    job: &mut Job,
    decided: Vec<Decided>,
    banks: &Banks,
    org: &OrgId,
    today: elp_core::Date,
    answer: &(dyn Fn(&BulkJob) -> Result<Reply, Error> + Sync),
) -> Result<Driven, Error> {
    let mut chunks: Vec<Vec<Decided>> = Vec::new();
    let mut current: Vec<Decided> = Vec::new();
    let (mut items, mut people, mut drawn) = (CHUNK_OVERHEAD, HashSet::new(), HashSet::new());
    for line in decided {
        let person_again = line.person.as_ref().is_some_and(|p| people.contains(p));
        if !current.is_empty()
            && (items + items_of(&line, &drawn) > TRANSACTION_ITEMS || person_again)
        {
            chunks.push(std::mem::take(&mut current));
            (items, people, drawn) = (CHUNK_OVERHEAD, HashSet::new(), HashSet::new());
        }
        items += items_of(&line, &drawn);
        if let Some(change) = &line.change {
            if let Some((bank, _)) = &change.draw {
                drawn.insert(bank.clone());
            }
        }
        if let Some(p) = &line.person {
            people.insert(p.clone());
        }
        current.push(line);
    }
    if !current.is_empty() || chunks.is_empty() {
        chunks.push(current);
    }
    for chunk in chunks {
        let mut next = job.state.clone();
        next.version += 1;
        for line in &chunk {
            next.lines[line.index] = line.outcome.clone();
        }
        let finished = match next.is_finished() {
            true => Some(answer(&next)?),
            false => None,
        };
        let record = finished.as_ref().and_then(|r| once.record(r));
        let changes: Vec<&LineChange> = chunk.iter().filter_map(|l| l.change.as_ref()).collect();
        let sums = sum_by_bank(changes.iter().filter_map(|c| {
            let (id, credits) = c.draw.as_ref()?;
            Some((banks.get(id)?, *credits))
        }));
        let written = app
            .store
            .write_bulk_chunk(BulkChunk {
                job_key: &job.key,
                job: &next,
                draws: sums
                    .into_iter()
                    .map(|(bank, cost)| Draw { bank, cost, today })
                    .collect(),
                lines: changes.iter().map(|c| c.write()).collect(),
                org,
                idempotency: record.as_ref(),
            })
            .await;
        match written {
            Ok(()) => {
                job.state = next;
                if let Some(reply) = finished {
                    return Ok(Driven::Finished(reply));
                }
            }
            // A suspended organisation stays suspended: no round will get further.
            Err(StoreError::Refused(r @ Refusal::Suspended { .. })) => return Err(r.into()),
            Err(StoreError::AlreadyDone) | Err(StoreError::Refused(_)) => return Ok(Driven::Again),
            Err(e) => return Err(e.into()),
        }
    }
    Ok(Driven::Again)
}

/// An error after some transactions were committed: it says how far the request got.
fn interrupted(job: &Job, e: Error) -> Error {
    if job.state.version == 0 {
        return e;
    }
    match e {
        Error::Unavailable(cause) | Error::Internal(cause) => Error::Interrupted {
            done: job
                .state
                .lines
                .iter()
                .filter(|l| l.status != LineStatus::Pending)
                .count(),
            total: job.state.lines.len(),
            cause,
        },
        other => other,
    }
}

/// The job of this request as stored, if an earlier attempt started it (422 if the key was used
/// for another request).
async fn stored_job(app: &App, once: &Once) -> Result<(keys::Key, Option<BulkJob>), Error> {
    let (key, hash, _) = once.bulk_job().ok_or_else(required_key)?;
    let found = app.store.get_bulk_job(&key).await?;
    if let Some(job) = &found {
        if job.request_hash != hash {
            return Err(Error::IdempotencyKeyReused);
        }
    }
    Ok((key, found))
}

fn new_job(once: &Once, key: keys::Key, lines: Vec<LineOutcome>) -> Result<Job, Error> {
    let (_, hash, expires_at) = once.bulk_job().ok_or_else(required_key)?;
    Ok(Job {
        key,
        state: BulkJob {
            request_hash: hash.to_string(),
            version: 0,
            lines,
            expires_at,
        },
    })
}

fn results_count(job: &BulkJob) -> (usize, usize) {
    let done = job
        .lines
        .iter()
        .filter(|l| l.status == LineStatus::Done)
        .count();
    (done, job.lines.len() - done)
}

fn error_json(l: &LineOutcome) -> Value {
    json!(l.error)
}

// ----- generation -----

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecipientInput {
    pub email: String,
    /// This recipient's quantity, when not the request's.
    pub quantity: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BulkGenerateInput {
    pub bank: String,
    #[serde(rename = "type")]
    pub license_type: LicenseType,
    pub months: i64,
    /// Each recipient's licences (node-lock), computers (multiseat) or seats (floating),
    /// unless their line says otherwise.
    pub quantity: i64,
    /// Defaults to today.
    pub start: Option<String>,
    pub recipients: Vec<RecipientInput>,
    /// On confirm: the total credits the quote showed.
    pub credits: Option<i64>,
}

struct ParsedGeneration {
    bank: BankId,
    lines: Vec<(Email, GenerationRequest)>,
}

fn quantity_of(license_type: LicenseType, field: String, raw: i64) -> Result<Quantity, Error> {
    let quantity = Quantity::parse("quantity", raw).map_err(at(field.clone()))?;
    if license_type == LicenseType::NodeLock && quantity.get() > MAX_LICENSES_PER_REQUEST {
        return Err(Invalid::new(
            field,
            Message::new("invalid-node-lock-per-request").number("max", MAX_LICENSES_PER_REQUEST),
        )
        .into());
    }
    Ok(quantity)
}

fn parse_generation(
    input: &BulkGenerateInput,
    today: elp_core::Date,
) -> Result<ParsedGeneration, Error> {
    let base = GenerationRequest {
        license_type: input.license_type,
        months: Months::parse("months", input.months)?,
        quantity: quantity_of(input.license_type, "quantity".into(), input.quantity)?,
        start: match &input.start {
            Some(s) => parse_date("start", s)?,
            None => today,
        },
    };
    let bank = BankId::parse(&input.bank)?;
    let mut lines = Vec::with_capacity(input.recipients.len());
    for (i, r) in input.recipients.iter().enumerate() {
        let email =
            Email::parse("email", &r.email).map_err(at(format!("recipients[{i}].email")))?;
        let mut request = base.clone();
        if let Some(q) = r.quantity {
            request.quantity =
                quantity_of(input.license_type, format!("recipients[{i}].quantity"), q)?;
        }
        lines.push((email, request));
    }
    let emails: Vec<&Email> = lines.iter().map(|(e, _)| e).collect();
    bulk::check_lines("recipients", "email", &emails)?;
    Ok(ParsedGeneration { bank, lines })
}

/// What generating for every recipient would cost and make; changes nothing.
pub async fn generation_quote(
    app: &App,
    caller: &Caller,
    input: BulkGenerateInput,
) -> Result<Reply, Error> {
    let today = app.today();
    let p = parse_generation(&input, today)?;
    check_optional_credits(input.credits)?;
    let wanted = Wanted {
        bank: Some(&p.bank),
        ..Wanted::default()
    };
    let emails: Vec<&Email> = p.lines.iter().map(|(e, _)| e).collect();
    let (first, theirs) = tokio::join!(
        read(app, caller, wanted),
        app.store.get_memberships(&emails)
    );
    let (pre, admission) = first?;
    let me = admin(app, caller, pre.caller, admission).await?;
    let bank = own(pre.bank, |b| &b.org, &me, "bank")?;
    let theirs = theirs?;
    let lines: Vec<_> = p
        .lines
        .iter()
        .zip(&theirs)
        .map(|((email, request), m)| (request.clone(), email, m.as_ref()))
        .collect();
    let quote = bulk::generation_quote(&me, &bank, &lines, today)?;
    let first_quote = quote.lines.iter().find_map(|l| l.as_ref().ok());
    let quoted = quote.quoted();
    let lines: Vec<Value> = p
        .lines
        .iter()
        .zip(&quote.lines)
        .map(|((email, request), line)| match line {
            Ok(l) => json!({
                "email": email,
                "status": "quoted",
                "quantity": request.quantity,
                "licenses": l.quote.licenses,
                "computers": l.quote.computers,
                "credits": l.quote.credits,
                "joins_organisation": l.joins,
            }),
            Err(e) => json!({
                "email": email,
                "status": "refused",
                "quantity": request.quantity,
                "error": line_error(e.clone().into(), caller.lang),
            }),
        })
        .collect();
    reply(
        Status::Ok,
        json!({
            "bank": bank.id,
            "quote": {
                "credits": quote.credits,
                "licenses": quote.licenses,
                "recipients": quoted,
                "refused": p.lines.len() - quoted,
                "joining": quote.lines.iter().filter(|l| l.as_ref().is_ok_and(|l| l.joins)).count(),
                "remaining_before": bank.remaining(),
                "remaining_after": bank.remaining().saturating_sub(quote.credits),
                "start": first_quote.map(|q| q.quote.start),
                "expiry": first_quote.map(|q| q.quote.expiry),
                "months_requested": first_quote.map(|q| q.quote.months_requested),
                "months_charged": first_quote.map(|q| q.quote.months_charged),
                "capped": first_quote.is_some_and(|q| q.quote.capped),
            },
            "lines": lines,
        }),
    )
}

fn generation_answer(p: &ParsedGeneration, job: &BulkJob) -> Result<Reply, Error> {
    let (done, refused) = results_count(job);
    let results: Vec<Value> = p
        .lines
        .iter()
        .zip(&job.lines)
        .map(|((email, _), l)| {
            json!({
                "email": email,
                "status": if l.status == LineStatus::Done { "generated" } else { "refused" },
                "codes": l.codes,
                "credits": if l.status == LineStatus::Done { l.credits } else { 0 },
                "joins_organisation": l.joins,
                "error": error_json(l),
            })
        })
        .collect();
    let done_lines = || job.lines.iter().filter(|l| l.status == LineStatus::Done);
    reply(
        Status::Created,
        json!({
            "recipients": job.lines.len(),
            "generated": done,
            "refused": refused,
            "licenses": done_lines().map(|l| l.codes.len()).sum::<usize>(),
            "credits": done_lines().map(|l| u64::from(l.credits)).sum::<u64>(),
            "results": results,
        }),
    )
}

/// Generates for every recipient the quote listed, charging exactly the quoted credits.
pub async fn generate(
    app: &App,
    caller: &Caller,
    input: BulkGenerateInput,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let key = key.ok_or_else(required_key)?;
    let p = parse_generation(&input, app.today())?;
    let quoted = quoted_credits(input.credits)?;
    let wanted = Wanted {
        bank: Some(&p.bank),
        ..Wanted::default()
    };
    as_admin(app, caller, Some(key), wanted, async |read, once| {
        let me = read.me;
        let mut bank = own(read.pre.bank, |b| &b.org, &me, "bank")?;
        let (job_key, stored) = stored_job(app, once).await?;
        let mut job: Option<Job> = stored.map(|state| Job {
            key: job_key.clone(),
            state,
        });
        let answer = |j: &BulkJob| generation_answer(&p, j);
        for round in 0..ROUNDS {
            if round > 0 {
                // Read again what changed: the bank, and the job (another attempt may have
                // moved it on).
                bank = app
                    .store
                    .get_bank(&bank.id, true)
                    .await?
                    .ok_or(Error::NotFound("bank"))?;
                job = stored_job(app, once).await?.1.map(|state| Job {
                    key: job_key.clone(),
                    state,
                });
            }
            let now = app.clock.now();
            let today = now.date_naive();
            let pending: Vec<usize> = match &job {
                Some(j) => j.state.pending().collect(),
                None => (0..p.lines.len()).collect(),
            };
            let emails: Vec<&Email> = pending.iter().map(|&i| &p.lines[i].0).collect();
            let theirs = match app.store.get_memberships(&emails).await {
                Ok(t) => t,
                Err(e) => return Err(failed(job.as_ref(), e.into())),
            };
            let mut job_now = match job.take() {
                Some(j) => j,
                None => {
                    let lines: Vec<_> = p
                        .lines
                        .iter()
                        .zip(&theirs)
                        .map(|((email, request), m)| (request.clone(), email, m.as_ref()))
                        .collect();
                    let quote = bulk::generation_quote(&me, &bank, &lines, today)?;
                    quote.confirm(quoted)?;
                    let outcomes = quote
                        .lines
                        .iter()
                        .map(|l| match l {
                            Ok(l) => LineOutcome::pending(l.quote.credits.get()),
                            Err(e) => {
                                LineOutcome::refused(line_error(e.clone().into(), caller.lang))
                            }
                        })
                        .collect();
                    new_job(once, job_key.clone(), outcomes)?
                }
            };
            let decided = decide_generations(
                app,
                &me,
                &bank,
                &p,
                &job_now,
                &pending,
                &theirs,
                now,
                caller.lang,
            )?;
            let banks = Banks::new([bank.clone()]);
            let driven = drive(
                app,
                once,
                &mut job_now,
                decided,
                &banks,
                &me.org,
                today,
                &answer,
            )
            .await;
            match after_round(driven, job_now)? {
                Ok(reply) => return Ok(reply),
                Err(again) => job = Some(again),
            }
        }
        Err(contended(job))
    })
    .await
}

/// What a round's transactions came to: the answer, or the job to go on with next round (an
/// error says how far the request got).
fn after_round(driven: Result<Driven, Error>, job: Job) -> Result<Result<Reply, Job>, Error> {
    match driven {
        Ok(Driven::Finished(reply)) => Ok(Ok(reply)),
        Ok(Driven::Again) => Ok(Err(job)),
        Err(e) => Err(interrupted(&job, e)),
    }
}

/// An error of a round, saying how far the request got if a job was started.
fn failed(job: Option<&Job>, e: Error) -> Error {
    match job {
        Some(j) => interrupted(j, e),
        None => e,
    }
}

/// After every round found the data changed: 503, saying how far it got.
fn contended(job: Option<Job>) -> Error {
    let e = Error::Unavailable("bulk request contended in every round".into());
    failed(job.as_ref(), e)
}

#[allow(clippy::too_many_arguments)]
fn decide_generations(
    app: &App,
    me: &Membership,
    bank: &Bank,
    p: &ParsedGeneration,
    job: &Job,
    pending: &[usize],
    theirs: &[Option<Membership>],
    now: DateTime<Utc>,
    lang: elp_l10n::Lang,
) -> Result<Vec<Decided>, Error> {
    // Lines the quote refused are no longer pending.
    let lines: Vec<(usize, &Option<Membership>)> = pending
        .iter()
        .zip(theirs)
        .filter(|(i, _)| job.state.lines[**i].status == LineStatus::Pending)
        .map(|(i, m)| (*i, m))
        .collect();
    let terms = lines
        .iter()
        .map(|_| invitation_terms(app))
        .collect::<Result<Vec<_>, _>>()?;
    let wanted: usize = lines
        .iter()
        .map(|(i, _)| {
            let r = &p.lines[*i].1;
            r.license_type.split(r.quantity).0 as usize
        })
        .sum();
    let mut codes = new_activation_codes(wanted)?.into_iter();
    let items = lines
        .iter()
        .zip(&terms)
        .map(|((i, m), terms)| GenerationItem {
            request: p.lines[*i].1.clone(),
            recipient: elp_core::decide::Newcomer {
                email: &p.lines[*i].0,
                membership: m.as_ref(),
                terms,
            },
            quoted: Credits::new(job.state.lines[*i].credits),
        })
        .collect();
    let mut banks = Banks::new([bank.clone()]);
    let results = bulk::generations(me, &mut banks, &bank.id, items, &mut codes, now);
    lines
        .iter()
        .zip(results)
        .map(|((i, _), result)| {
            let email = &p.lines[*i].0;
            Ok(match result {
                Ok(g) => Decided {
                    index: *i,
                    outcome: LineOutcome {
                        status: LineStatus::Done,
                        credits: g.quote.credits.get(),
                        codes: g.licenses.iter().map(|l| l.code.to_string()).collect(),
                        joins: g.joining.is_some(),
                        expiry: None,
                        error: None,
                    },
                    person: Some(email.clone()),
                    change: Some(LineChange {
                        draw: Some((bank.id.clone(), g.quote.credits)),
                        holder: match g.joining {
                            Some(member) => Holder::Joins(member, g.quote.licenses),
                            None => Holder::Member(
                                email.clone(),
                                me.org.clone(),
                                i64::from(g.quote.licenses),
                            ),
                        },
                        mails: OutboxMail::all(g.letters, &me.org, now)?,
                        licenses: g.licenses,
                        previous: None,
                        audit: g.audit,
                    }),
                },
                Err(e) => refused(*i, e.into(), lang),
            })
        })
        .collect()
}

// ----- renewal -----

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenewalLineInput {
    pub code: String,
    /// Defaults to the licence's previous term's months.
    pub months: Option<i64>,
    /// Multiseat only; defaults to the current number of computers.
    pub computers: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BulkRenewInput {
    pub licenses: Vec<RenewalLineInput>,
    /// On confirm: the total credits the quote showed.
    pub credits: Option<i64>,
}

type ParsedRenewals = Vec<(ActivationCode, RenewalRequest)>;

fn parse_renewals(input: &BulkRenewInput) -> Result<ParsedRenewals, Error> {
    let mut lines = Vec::with_capacity(input.licenses.len());
    for (i, l) in input.licenses.iter().enumerate() {
        let code =
            ActivationCode::parse("code", &l.code).map_err(at(format!("licenses[{i}].code")))?;
        let request = RenewalRequest {
            months: l
                .months
                .map(|m| Months::parse("months", m).map_err(at(format!("licenses[{i}].months"))))
                .transpose()?,
            computers: l
                .computers
                .map(|c| {
                    Quantity::parse("computers", c).map_err(at(format!("licenses[{i}].computers")))
                })
                .transpose()?,
        };
        lines.push((code, request));
    }
    let codes: Vec<&ActivationCode> = lines.iter().map(|(c, _)| c).collect();
    bulk::check_lines("licenses", "code", &codes)?;
    Ok(lines)
}

/// The licences of `indices` (the caller's own, else `None`) and the banks they draw on, read
/// fresh.
async fn licenses_and_banks(
    app: &App,
    me: &Membership,
    codes: &[&ActivationCode],
) -> Result<(Vec<Option<License>>, Banks), Error> {
    let owned: Vec<ActivationCode> = codes.iter().map(|c| (*c).clone()).collect();
    let licenses: Vec<Option<License>> = app
        .store
        .get_licenses(&owned)
        .await?
        .into_iter()
        .map(|l| l.filter(|l| l.org == me.org))
        .collect();
    let mut ids: Vec<&BankId> = licenses.iter().flatten().map(|l| &l.bank.id).collect();
    ids.sort();
    ids.dedup();
    let banks = app.store.get_banks(&ids).await?;
    Ok((licenses, Banks::new(banks.into_iter().flatten())))
}

/// The quote of the renewal lines found (`None`: not found, or not the caller's).
fn renewal_lines<'a>(
    lines: &'a ParsedRenewals,
    licenses: &'a [Option<License>],
) -> Vec<(&'a License, RenewalRequest)> {
    lines
        .iter()
        .zip(licenses)
        .filter_map(|((_, r), l)| Some((l.as_ref()?, r.clone())))
        .collect()
}

/// What renewing every licence would cost; changes nothing.
pub async fn renewal_quote(
    app: &App,
    caller: &Caller,
    input: BulkRenewInput,
) -> Result<Reply, Error> {
    let today = app.today();
    let lines = parse_renewals(&input)?;
    check_optional_credits(input.credits)?;
    let (pre, admission) = read(app, caller, Wanted::default()).await?;
    let me = admin(app, caller, pre.caller, admission).await?;
    let codes: Vec<&ActivationCode> = lines.iter().map(|(c, _)| c).collect();
    let (licenses, banks) = licenses_and_banks(app, &me, &codes).await?;
    let found = renewal_lines(&lines, &licenses);
    if found.is_empty() {
        return Err(Error::NotFound("licence"));
    }
    let quote = bulk::renewal_quote(&banks, &found, today)?;
    let mut quoted = quote.lines.iter();
    let body: Vec<Value> = lines
        .iter()
        .zip(&licenses)
        .map(|((code, _), l)| {
            let line = match l {
                Some(_) => quoted.next().cloned().expect("a line per licence found"),
                None => Err(elp_core::RuleError::Refused(Refusal::Conflict(
                    Message::new("conflict-licence-changed"),
                ))),
            };
            match (l, line) {
                (Some(license), Ok(q)) => json!({
                    "code": code,
                    "status": "quoted",
                    "type": license.license_type,
                    "assignee": license.assignee(),
                    "bank": q.bank,
                    "start": q.quote.start,
                    "expiry": q.quote.expiry,
                    "months_charged": q.quote.months_charged,
                    "computers": q.quote.computers,
                    "credits": q.quote.credits,
                    "capped": q.quote.capped,
                }),
                (Some(_), Err(e)) => json!({
                    "code": code,
                    "status": "refused",
                    "error": line_error(e.into(), caller.lang),
                }),
                (None, _) => json!({
                    "code": code,
                    "status": "refused",
                    "error": line_error(Error::NotFound("licence"), caller.lang),
                }),
            }
        })
        .collect();
    reply(
        Status::Ok,
        json!({
            "quote": {
                "credits": quote.credits,
                "licenses": quote.licenses,
                "refused": lines.len() - quote.licenses as usize,
                "banks": quote.banks,
            },
            "lines": body,
        }),
    )
}

fn renewal_answer(lines: &ParsedRenewals, job: &BulkJob) -> Result<Reply, Error> {
    let (done, refused) = results_count(job);
    let results: Vec<Value> = lines
        .iter()
        .zip(&job.lines)
        .map(|((code, _), l)| {
            json!({
                "code": code,
                "status": if l.status == LineStatus::Done { "renewed" } else { "refused" },
                "credits": if l.status == LineStatus::Done { l.credits } else { 0 },
                "expiry": l.expiry,
                "error": error_json(l),
            })
        })
        .collect();
    reply(
        Status::Ok,
        json!({
            "licenses": job.lines.len(),
            "renewed": done,
            "refused": refused,
            "credits": job.lines.iter().filter(|l| l.status == LineStatus::Done).map(|l| u64::from(l.credits)).sum::<u64>(),
            "results": results,
        }),
    )
}

/// Renews every licence the quote listed, charging exactly the quoted credits.
pub async fn renew(
    app: &App,
    caller: &Caller,
    input: BulkRenewInput,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let key = key.ok_or_else(required_key)?;
    let lines = parse_renewals(&input)?;
    let quoted = quoted_credits(input.credits)?;
    as_admin(
        app,
        caller,
        Some(key),
        Wanted::default(),
        async |read, once| {
            let me = read.me;
            let (job_key, stored) = stored_job(app, once).await?;
            let mut job: Option<Job> = stored.map(|state| Job {
                key: job_key.clone(),
                state,
            });
            let answer = |j: &BulkJob| renewal_answer(&lines, j);
            for round in 0..ROUNDS {
                if round > 0 {
                    job = stored_job(app, once).await?.1.map(|state| Job {
                        key: job_key.clone(),
                        state,
                    });
                }
                let now = app.clock.now();
                let today = now.date_naive();
                let pending: Vec<usize> = match &job {
                    Some(j) => j.state.pending().collect(),
                    None => (0..lines.len()).collect(),
                };
                let codes: Vec<&ActivationCode> = pending.iter().map(|&i| &lines[i].0).collect();
                let (licenses, banks) = match licenses_and_banks(app, &me, &codes).await {
                    Ok(found) => found,
                    Err(e) => return Err(failed(job.as_ref(), e)),
                };
                let mut job_now = match job.take() {
                    Some(j) => j,
                    None => {
                        let found = renewal_lines(&lines, &licenses);
                        if found.is_empty() {
                            return Err(Error::NotFound("licence"));
                        }
                        let quote = bulk::renewal_quote(&banks, &found, today)?;
                        quote.confirm(quoted)?;
                        let mut quoted_lines = quote.lines.iter();
                        let outcomes = licenses
                            .iter()
                            .map(|l| match l {
                                None => LineOutcome::refused(line_error(
                                    Error::NotFound("licence"),
                                    caller.lang,
                                )),
                                Some(_) => {
                                    match quoted_lines.next().expect("a line per licence found") {
                                        Ok(q) => LineOutcome::pending(q.quote.credits.get()),
                                        Err(e) => LineOutcome::refused(line_error(
                                            e.clone().into(),
                                            caller.lang,
                                        )),
                                    }
                                }
                            })
                            .collect();
                        new_job(once, job_key.clone(), outcomes)?
                    }
                };
                let decided = decide_renewals(
                    &me,
                    &lines,
                    &job_now,
                    &pending,
                    &licenses,
                    &banks,
                    now,
                    caller.lang,
                )?;
                let driven = drive(
                    app,
                    once,
                    &mut job_now,
                    decided,
                    &banks,
                    &me.org,
                    today,
                    &answer,
                )
                .await;
                match after_round(driven, job_now)? {
                    Ok(reply) => return Ok(reply),
                    Err(again) => job = Some(again),
                }
            }
            Err(contended(job))
        },
    )
    .await
}

#[allow(clippy::too_many_arguments)]
fn decide_renewals(
    me: &Membership,
    lines: &ParsedRenewals,
    job: &Job,
    pending: &[usize],
    licenses: &[Option<License>],
    banks: &Banks,
    now: DateTime<Utc>,
    lang: elp_l10n::Lang,
) -> Result<Vec<Decided>, Error> {
    let mut out = Vec::new();
    let mut items = Vec::new();
    let mut indices = Vec::new();
    for (i, l) in pending.iter().zip(licenses) {
        if job.state.lines[*i].status != LineStatus::Pending {
            continue;
        }
        match l {
            None => out.push(refused(*i, Error::NotFound("licence"), lang)),
            Some(license) => {
                items.push((
                    license,
                    lines[*i].1.clone(),
                    Credits::new(job.state.lines[*i].credits),
                ));
                indices.push(*i);
            }
        }
    }
    let mut running = banks.clone();
    let results = bulk::renewals(me, &mut running, items.clone(), now);
    for ((i, (before, _, _)), result) in indices.into_iter().zip(items).zip(results) {
        out.push(match result {
            Ok(r) => Decided {
                index: i,
                outcome: LineOutcome {
                    status: LineStatus::Done,
                    credits: r.quote.credits.get(),
                    codes: vec![r.license.code.to_string()],
                    joins: false,
                    expiry: Some(r.license.expiry()),
                    error: None,
                },
                person: None,
                change: Some(LineChange {
                    draw: Some((before.bank.id.clone(), r.quote.credits)),
                    holder: Holder::Unchanged,
                    mails: OutboxMail::all(r.letters, &me.org, now)?,
                    licenses: vec![r.license],
                    previous: Some(before.clone()),
                    audit: r.audit,
                }),
            },
            Err(e) => refused(i, e.into(), lang),
        });
    }
    out.sort_by_key(|d| d.index);
    Ok(out)
}

// ----- assignment -----

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignmentInput {
    pub code: String,
    pub email: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BulkAssignInput {
    pub assignments: Vec<AssignmentInput>,
}

type ParsedAssignments = Vec<(ActivationCode, Email)>;

fn parse_assignments(input: &BulkAssignInput) -> Result<ParsedAssignments, Error> {
    let mut lines = Vec::with_capacity(input.assignments.len());
    for (i, a) in input.assignments.iter().enumerate() {
        let code =
            ActivationCode::parse("code", &a.code).map_err(at(format!("assignments[{i}].code")))?;
        let email =
            Email::parse("email", &a.email).map_err(at(format!("assignments[{i}].email")))?;
        lines.push((code, email));
    }
    let codes: Vec<&ActivationCode> = lines.iter().map(|(c, _)| c).collect();
    bulk::check_lines("assignments", "code", &codes)?;
    Ok(lines)
}

fn assignment_answer(lines: &ParsedAssignments, job: &BulkJob) -> Result<Reply, Error> {
    let (done, refused) = results_count(job);
    let results: Vec<Value> = lines
        .iter()
        .zip(&job.lines)
        .map(|((code, email), l)| {
            json!({
                "code": code,
                "email": email,
                "status": if l.status == LineStatus::Done { "assigned" } else { "refused" },
                "joins_organisation": l.joins,
                "error": error_json(l),
            })
        })
        .collect();
    reply(
        Status::Ok,
        json!({
            "assignments": job.lines.len(),
            "assigned": done,
            "refused": refused,
            "results": results,
        }),
    )
}

/// Assigns each returned licence to its person (inviting those in no organisation).
pub async fn assign(
    app: &App,
    caller: &Caller,
    input: BulkAssignInput,
    key: Option<RequestKey>,
) -> Result<Reply, Error> {
    let key = key.ok_or_else(required_key)?;
    let lines = parse_assignments(&input)?;
    as_admin(
        app,
        caller,
        Some(key),
        Wanted::default(),
        async |read, once| {
            let me = read.me;
            let answer = |j: &BulkJob| assignment_answer(&lines, j);
            let mut last = None;
            for _ in 0..ROUNDS {
                let (job_key, stored) = stored_job(app, once).await?;
                let mut job = match stored {
                    Some(state) => Job {
                        key: job_key,
                        state,
                    },
                    None => new_job(once, job_key, vec![LineOutcome::pending(0); lines.len()])?,
                };
                let now = app.clock.now();
                let pending: Vec<usize> = job.state.pending().collect();
                let decided =
                    match decide_assignments(app, &me, &lines, &pending, now, caller.lang).await {
                        Ok(d) => d,
                        Err(e) => return Err(interrupted(&job, e)),
                    };
                // None of the licences is the organisation's: 404, as for one licence.
                let not_found = |d: &Decided| {
                    d.outcome
                        .error
                        .as_ref()
                        .is_some_and(|e| e.code == "not_found")
                };
                if job.state.version == 0 && decided.iter().all(not_found) {
                    return Err(Error::NotFound("licence"));
                }
                let driven = drive(
                    app,
                    once,
                    &mut job,
                    decided,
                    &Banks::default(),
                    &me.org,
                    now.date_naive(),
                    &answer,
                )
                .await;
                match after_round(driven, job)? {
                    Ok(reply) => return Ok(reply),
                    Err(again) => last = Some(again),
                }
            }
            Err(contended(last))
        },
    )
    .await
}

async fn decide_assignments(
    app: &App,
    me: &Membership,
    lines: &ParsedAssignments,
    pending: &[usize],
    now: DateTime<Utc>,
    lang: elp_l10n::Lang,
) -> Result<Vec<Decided>, Error> {
    let codes: Vec<ActivationCode> = pending.iter().map(|&i| lines[i].0.clone()).collect();
    let mut people: Vec<&Email> = pending.iter().map(|&i| &lines[i].1).collect();
    people.sort();
    people.dedup();
    let (licenses, memberships) = tokio::join!(
        app.store.get_licenses(&codes),
        app.store.get_memberships(&people)
    );
    let (licenses, memberships) = (licenses?, memberships?);
    let mut memberships: BTreeMap<Email, Membership> = people
        .iter()
        .zip(memberships)
        .filter_map(|(e, m)| Some(((*e).clone(), m?)))
        .collect();
    let terms = pending
        .iter()
        .map(|_| invitation_terms(app))
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = Vec::new();
    let mut items = Vec::new();
    let mut indices = Vec::new();
    for ((i, l), terms) in pending.iter().zip(&licenses).zip(&terms) {
        match l.as_ref().filter(|l| l.org == me.org) {
            None => out.push(refused(*i, Error::NotFound("licence"), lang)),
            Some(license) => {
                items.push(bulk::AssignmentItem {
                    license,
                    to: &lines[*i].1,
                    terms,
                });
                indices.push((*i, license));
            }
        }
    }
    let results = bulk::assignments(me, &mut memberships, items, now);
    for ((i, before), result) in indices.into_iter().zip(results) {
        let to = &lines[i].1;
        out.push(match result {
            Ok(a) => Decided {
                index: i,
                outcome: LineOutcome {
                    status: LineStatus::Done,
                    credits: 0,
                    codes: vec![a.license.code.to_string()],
                    joins: a.joining.is_some(),
                    expiry: None,
                    error: None,
                },
                person: Some(to.clone()),
                change: Some(LineChange {
                    draw: None,
                    holder: match a.joining {
                        Some(member) => Holder::Joins(member, 1),
                        None => Holder::Member(to.clone(), me.org.clone(), 1),
                    },
                    mails: OutboxMail::all(a.letters, &me.org, now)?,
                    licenses: vec![a.license],
                    previous: Some(before.clone()),
                    audit: a.audit,
                }),
            },
            Err(e) => refused(i, e.into(), lang),
        });
    }
    out.sort_by_key(|d| d.index);
    Ok(out)
}
