//! Licences and the writes that change them. Every change is one transaction that may take
//! credits from the bank (only if it still holds them and has not expired), creates or replaces
//! the licences (new codes must not exist; a changed licence must still be as it was read), adds
//! or checks the recipient's membership, and writes the audit event, the mail and the idempotency
//! record. Nothing of it exists without the rest.

use std::ops::ControlFlow;

use elp_core::{
    ActivationCode, AuditEvent, Bank, BankId, Credits, Date, Email, License, LicenseSearch,
    Lifecycle, Membership, OrgId, ProductId, Refusal,
};

use super::banks::draw_refusal;
use super::cursor::Item;
use super::error::StoreError;
use super::keys::{self, GSI1, GSI2, GSI3, GSI4};
use super::outbox::OutboxMail;
use super::tx::{n, s, Expr, Tx};
use super::{from_item, to_item, IdempotencyRecord, Page, Query, Store};

/// Credits taken from a bank by a write.
pub struct Draw<'a> {
    pub bank: &'a Bank,
    pub cost: Credits,
    pub today: Date,
}

/// Whose count of held licences the write changes.
pub enum Recipient<'a> {
    /// Nobody is (re)assigned by this write.
    Unchanged,
    /// Joins the organisation in this step holding this many licences (the email must belong to
    /// no organisation).
    Joins(&'a Membership, u32),
    /// A member of this organisation gains (+) or gives back (-) licences.
    Member(&'a Email, &'a OrgId, i64),
}

pub struct LicenseWrite<'a> {
    /// The licences as they will be.
    pub licenses: &'a [License],
    /// `None`: the licences are new. `Some`: the one licence as it was read, which must not have
    /// changed since (no concurrent renewal, return or assignment).
    pub previous: Option<&'a License>,
    pub draw: Option<Draw<'a>>,
    pub recipient: Recipient<'a>,
    pub audit: &'a AuditEvent,
    pub mails: &'a [OutboxMail],
    pub idempotency: Option<&'a IdempotencyRecord>,
    /// A return releases every machine of the licence: its activation epoch moves on in this
    /// transaction, recorded by this event (decision 111).
    pub releases_machines: Option<&'a AuditEvent>,
}

pub fn license_item(license: &License) -> Result<Item, StoreError> {
    let order = keys::license_order(license.created_at, &license.code);
    let mut item = to_item(
        license,
        keys::attributes(keys::license(&license.code))
            .into_iter()
            .chain(keys::in_index(
                GSI1,
                keys::licenses_of(&license.org),
                order.clone(),
            ))
            .chain(keys::in_index(
                GSI2,
                keys::licenses_of_bank(&license.bank.id),
                order.clone(),
            ))
            .chain(keys::in_index(
                GSI4,
                keys::licenses_by_expiry(&license.org),
                keys::license_expiry_order(license.expiry(), &license.code),
            ))
            // Top-level copies of the first start and last expiry, for status filters, and
            // what `q` matches.
            .chain([
                (keys::START, license.start().to_string()),
                (keys::EXPIRY, license.expiry().to_string()),
                (keys::SEARCH, license.search_text()),
            ]),
    )?;
    if let Some(assignee) = license.assignee() {
        for (name, value) in keys::in_index(
            GSI3,
            keys::licenses_of_assignee(&license.org, assignee),
            order,
        ) {
            item.insert(name.into(), s(value));
        }
    }
    Ok(item)
}

/// The order of a licence list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LicenseOrder {
    /// Newest first (by creation).
    #[default]
    Created,
    /// Soonest (last) expiry first.
    ExpirySoonest,
    /// Latest expiry first.
    ExpiryLatest,
}

/// Licence lists: by organisation, bank or assignee, optionally by status on a given day, by
/// product and by what `q` finds, in an order.
#[derive(Debug, Clone)]
pub struct LicenseFilter {
    pub org: OrgId,
    pub bank: Option<BankId>,
    pub assignee: Option<Email>,
    pub status: Option<(Lifecycle, Date)>,
    pub product: Option<ProductId>,
    pub search: Option<LicenseSearch>,
    pub order: LicenseOrder,
}

impl LicenseFilter {
    /// Every licence of `org`, newest first.
    pub fn of_org(org: OrgId) -> Self {
        LicenseFilter {
            org,
            bank: None,
            assignee: None,
            status: None,
            product: None,
            search: None,
            order: LicenseOrder::Created,
        }
    }

    /// Whether `license` belongs in the list (what the Query's key and filter say, for a
    /// licence read by its code).
    fn admits(&self, license: &License) -> bool {
        license.org == self.org
            && self.bank.as_ref().is_none_or(|b| *b == license.bank.id)
            && self
                .assignee
                .as_ref()
                .is_none_or(|a| license.assignee() == Some(a))
            && self
                .status
                .is_none_or(|(status, today)| license.status(today) == status)
            && self.product.as_ref().is_none_or(|p| *p == license.product)
            && self.search.as_ref().is_none_or(|q| q.matches(license))
    }
}

/// The Query behind every licence list. Newest first: the organisation's, bank's or assignee's
/// partition (the narrowest the filters name); by expiry: the organisation's partition of
/// `gsi4`. Every other filter is a filter expression on the items read.
fn licenses_query(filter: &LicenseFilter, cursor: Option<&str>, limit: i32) -> Query {
    let (index, partition, newest_first) = match (filter.order, &filter.bank, &filter.assignee) {
        (LicenseOrder::Created, _, Some(email)) => {
            (GSI3, keys::licenses_of_assignee(&filter.org, email), true)
        }
        (LicenseOrder::Created, Some(bank), None) => (GSI2, keys::licenses_of_bank(bank), true),
        (LicenseOrder::Created, None, None) => (GSI1, keys::licenses_of(&filter.org), true),
        (LicenseOrder::ExpirySoonest, ..) => (GSI4, keys::licenses_by_expiry(&filter.org), false),
        (LicenseOrder::ExpiryLatest, ..) => (GSI4, keys::licenses_by_expiry(&filter.org), true),
    };
    let mut q = Query::page(Some(index), partition, newest_first, cursor, limit);
    if let (GSI4, Some((status, today))) = (index, filter.status) {
        // By expiry, a status is a range of the sort key: a list of unexpired licences never
        // reads the expired ones (the filter below still tells pending from active).
        let boundary = keys::license_expiry_after(today);
        match status {
            Lifecycle::Expired => q.until = Some(boundary),
            Lifecycle::Pending | Lifecycle::Active => q.from = Some(boundary),
        }
    }
    let mut conditions = Vec::new();
    let mut values = Vec::new();
    if index == GSI2 {
        // A bank's partition is not the organisation's: never list another's licences.
        conditions.push("#org = :org");
        values.push((":org", s(filter.org.as_str())));
    }
    if let Some(bank) = filter.bank.as_ref().filter(|_| index != GSI2) {
        conditions.push("#bank.#id = :bank");
        values.push((":bank", s(bank.as_str())));
    }
    if let Some(email) = filter.assignee.as_ref().filter(|_| index != GSI3) {
        conditions.push("#gsi3pk = :assignee");
        values.push((
            ":assignee",
            s(keys::licenses_of_assignee(&filter.org, email)),
        ));
    }
    if let Some(product) = &filter.product {
        conditions.push("#product = :product");
        values.push((":product", s(product.as_str())));
    }
    if let Some(search) = &filter.search {
        if search.code_part == search.mail_part {
            conditions.push("contains(#search, :q)");
        } else {
            conditions.push("(contains(#search, :q) OR contains(#search, :q_mail))");
            values.push((":q_mail", s(search.mail_part.as_str())));
        }
        values.push((":q", s(search.code_part.as_str())));
    }
    if let Some((status, today)) = filter.status {
        conditions.push(match status {
            Lifecycle::Pending => "#start > :today",
            Lifecycle::Active => "#start <= :today AND #expiry > :today",
            Lifecycle::Expired => "#expiry <= :today",
        });
        values.push((":today", s(today.to_string())));
    }
    if !conditions.is_empty() {
        let mut expr = Expr::new(conditions.join(" AND "));
        expr.values = values;
        q.filter = Some(expr);
    }
    q
}

impl Store {
    pub async fn write_licenses(&self, w: LicenseWrite<'_>) -> Result<(), StoreError> {
        let mut tx = self.tx_for(w.idempotency)?;
        if let Some(draw) = &w.draw {
            self.draw_into(&mut tx, draw)?;
        }
        self.license_change_into(&mut tx, &w)?;
        self.mails_into(&mut tx, w.mails)?;
        // Every licence change is the organisation's own: none while it is suspended.
        self.org_open_into(&mut tx, &w.audit.org, super::OrgGuard::Open)?;
        self.commit(tx).await
    }

    /// Takes `draw`'s credits from its bank: only if it still holds them, has not expired, and
    /// its expiry is still the one read.
    pub(crate) fn draw_into(&self, tx: &mut Tx, draw: &Draw<'_>) -> Result<(), StoreError> {
        tx.update(
            &self.table,
            keys::bank(&draw.bank.id),
            Expr::new("SET #used = #used + :c, #remaining = #remaining - :c").value(":c", n(draw.cost.get())),
            // The expiry as read: the licences remember it, and an extension moves it.
            Expr::new(
                "attribute_exists(#pk) AND #org = :org AND #remaining >= :c AND #expiry > :today AND attribute_not_exists(#forfeited) AND #expiry = :expiry",
            )
            .value(":org", s(draw.bank.org.as_str()))
            .value(":today", s(draw.today.to_string()))
            .value(":expiry", s(draw.bank.expiry.to_string())),
            draw_refusal(draw.bank.org.clone(), draw.cost, draw.today),
        )
    }

    /// A licence change's items but the draw, the mail, the organisation's check and the
    /// idempotency record: the licences, the recipient's membership and the audit event.
    pub(crate) fn license_change_into(
        &self,
        tx: &mut Tx,
        w: &LicenseWrite<'_>,
    ) -> Result<(), StoreError> {
        for license in w.licenses {
            match w.previous {
                // 75 random bits make a collision practically impossible (and harmless: refused).
                None => tx.create(&self.table, license_item(license)?, |_| {
                    StoreError::Internal("activation code collision".into())
                })?,
                Some(previous) => self.replace_license_into(tx, license, previous)?,
            }
        }
        match w.recipient {
            Recipient::Unchanged => {}
            Recipient::Joins(member, held) => self.new_membership_into(tx, member, held)?,
            Recipient::Member(email, org, delta) => self.held_into(tx, email, org, delta)?,
        }
        self.audit_into(tx, w.audit)?;
        // A return releases the licence's machines: its activation epoch moves on (decision 111).
        if let (Some(event), [license]) = (w.releases_machines, w.licenses) {
            self.epoch_into(tx, &license.code)?;
            self.audit_into(tx, event)?;
        }
        Ok(())
    }

    /// How many items of a transaction [`Store::license_change_into`] writes for `w`, with its
    /// mails (but the organisation's outbox marker, one per transaction).
    pub fn license_change_items(w: &LicenseWrite<'_>) -> usize {
        let recipient = usize::from(!matches!(w.recipient, Recipient::Unchanged));
        let vendor = usize::from(w.audit.by_operator());
        // The audit event, and its bank ledger's entry when it moves credits (decision 94).
        let audit = 1 + usize::from(w.audit.ledger_bank().is_some());
        // A return's epoch and its event.
        let releases = 2 * usize::from(w.releases_machines.is_some());
        w.licenses.len() + recipient + audit + vendor + releases + w.mails.len()
    }

    /// Replaces a licence only if its terms and assignees are still those that were read.
    fn replace_license_into(
        &self,
        tx: &mut Tx,
        license: &License,
        previous: &License,
    ) -> Result<(), StoreError> {
        tx.put_if(
            &self.table,
            license_item(license)?,
            // What it remembers of its bank too: an extension of the bank rewrites it meanwhile.
            Expr::new("attribute_exists(#pk) AND size(#terms) = :terms AND size(#assignments) = :assignments AND #bank.#expiry = :bank_expiry")
                .value(":terms", n(previous.terms.len()))
                .value(":assignments", n(previous.assignments.len()))
                .value(":bank_expiry", s(previous.bank.expiry.to_string())),
            |_| {
                StoreError::Refused(Refusal::Conflict(elp_core::Message::new(
                    "conflict-licence-changed",
                )))
            },
        )
    }

    /// Puts a licence's item again as it was read (its derived attributes and index keys as this
    /// version writes them), unless it changed since: `false` then (the change rewrote it).
    pub async fn rewrite_license(&self, license: &License) -> Result<bool, StoreError> {
        let mut tx = Tx::new();
        self.replace_license_into(&mut tx, license, license)?;
        match self.commit(tx).await {
            Ok(()) => Ok(true),
            Err(StoreError::Refused(Refusal::Conflict(_))) => Ok(false),
            Err(e) => Err(e),
        }
    }

    pub async fn get_license(&self, code: &ActivationCode) -> Result<Option<License>, StoreError> {
        self.get_item(keys::license(code), true)
            .await?
            .map(from_item)
            .transpose()
    }

    /// One page of licences, newest first. A status filter is applied to each page read, so a
    /// page can hold fewer than `limit` items while more follow.
    ///
    /// A whole activation code in `q` is one GetItem instead: the licence, if the other
    /// filters admit it, on a single page.
    pub async fn list_licenses(
        &self,
        filter: &LicenseFilter,
        cursor: Option<&str>,
        limit: i32,
    ) -> Result<Page<License>, StoreError> {
        if let Some(code) = filter.search.as_ref().and_then(|q| q.code.as_ref()) {
            // That list has one page: no cursor belongs to it.
            if cursor.is_some() {
                return Err(StoreError::BadCursor);
            }
            let found = self.get_license(code).await?;
            return Ok(Page {
                items: found.into_iter().filter(|l| filter.admits(l)).collect(),
                next: None,
            });
        }
        self.list(licenses_query(filter, cursor, limit)).await
    }

    /// Every licence of `org` (of `bank`, when named) still unexpired on `today`: what a
    /// forecast reads. One Query of `gsi4` from today's place by expiry on, so expired licences
    /// are never read (1 MB, about 2,000 licences, a page).
    pub async fn unexpired_licenses(
        &self,
        org: &OrgId,
        bank: Option<&BankId>,
        today: Date,
    ) -> Result<Vec<License>, StoreError> {
        let filter = LicenseFilter {
            bank: bank.cloned(),
            order: LicenseOrder::ExpirySoonest,
            ..LicenseFilter::of_org(org.clone())
        };
        let mut q = licenses_query(&filter, None, 1000);
        q.from = Some(keys::license_expiry_after(today));
        let mut found = Vec::new();
        self.drain(q, |page| {
            found.extend(page);
            Ok(ControlFlow::Continue(()))
        })
        .await?;
        Ok(found)
    }

    /// Every licence `filter` names, newest first, `page` at a time: each page is handed to
    /// `each` as it is read (never collected first), and `each` may stop the walk.
    pub async fn each_license_page(
        &self,
        filter: &LicenseFilter,
        page: i32,
        each: impl FnMut(Vec<License>) -> Result<ControlFlow<()>, StoreError>,
    ) -> Result<(), StoreError> {
        self.drain(licenses_query(filter, None, page), each).await
    }

    /// The same walk as [`Store::each_license_page`], a page each time the caller asks: for a
    /// caller that waits on other I/O between pages (an export's upload, A140).
    pub fn license_pages(&self, filter: &LicenseFilter, page: i32) -> LicensePages<'_> {
        LicensePages {
            store: self,
            query: Some(licenses_query(filter, None, page)),
        }
    }
}

/// Pages of a licence walk, read one at a time (`Store::license_pages`).
pub struct LicensePages<'a> {
    store: &'a Store,
    /// The next page's query; `None` once the last page was read.
    query: Option<Query>,
}

impl LicensePages<'_> {
    /// The next page, or `None` after the last.
    pub async fn next(&mut self) -> Result<Option<Vec<License>>, StoreError> {
        let Some(mut q) = self.query.take() else {
            return Ok(None);
        };
        let page = self.store.query(q.clone()).await?;
        if let Some(next) = page.next {
            q.cursor = Some(next);
            self.query = Some(q);
        }
        let licenses = page
            .items
            .into_iter()
            .map(from_item)
            .collect::<Result<_, _>>()?;
        Ok(Some(licenses))
    }
}
