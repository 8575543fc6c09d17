//! Organisations: created by the operator together with their first admin.

use elp_core::{AuditEvent, Membership, OrgId, Organisation, Refusal, Suspension};

use super::cursor::Item;
use super::error::StoreError;
use super::keys::{self, GSI1};
use super::outbox::OutboxMail;
use super::tx::{n, s, Expr, Tx};
use super::{from_item, to_item, IdempotencyRecord, Page, Query, Store};

/// Whether a change needs its organisation open: the organisation's own requests do (nothing
/// changes while the vendor has it suspended); the vendor's staff and the invitee's own answers
/// (a first sign-in, a decline) do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgGuard {
    Open,
    Any,
}

/// The organisation's item, with its place among all organisations (`gsi1` `ORGS`, by name)
/// and the words the operator's search matches.
fn org_item(org: &Organisation) -> Result<Item, StoreError> {
    let mut item = to_item(
        org,
        keys::attributes(keys::org(&org.id))
            .into_iter()
            .chain(keys::in_index(
                GSI1,
                keys::ORGS.into(),
                keys::org_order(&org.name, &org.id),
            ))
            .chain([(keys::SEARCH, elp_core::org::search_words(&org.name))]),
    )?;
    // The first admin is invited, not yet active.
    item.insert(keys::ACTIVE_ADMINS.into(), n(0));
    Ok(item)
}

/// What a failed condition on the organisation's item means when it is missing or, under
/// [`OrgGuard::Open`], suspended; `None` when neither is why.
pub(crate) fn closed(old: Option<&Item>, guard: OrgGuard) -> Option<StoreError> {
    let Some(item) = old else {
        return Some(StoreError::NotFound("organisation"));
    };
    if guard == OrgGuard::Any {
        return None;
    }
    let suspension = item.get(keys::SUSPENDED)?;
    let reason = serde_dynamo::from_attribute_value::<_, Suspension>(suspension.clone())
        .map(|s| s.reason)
        .unwrap_or_default();
    Some(StoreError::Refused(Refusal::Suspended { reason }))
}

/// An organisation as the operator's lists show it, with its counters.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgRecord {
    pub org: Organisation,
    pub active_admins: u32,
    pub mail_budget: Option<u32>,
}

fn number(item: &Item, name: &str) -> Option<u32> {
    item.get(name)
        .and_then(|v| v.as_n().ok())
        .and_then(|n| n.parse().ok())
}

pub(super) fn org_record(item: Item) -> Result<OrgRecord, StoreError> {
    let active_admins = number(&item, keys::ACTIVE_ADMINS).unwrap_or(0);
    let mail_budget = number(&item, keys::MAIL_BUDGET);
    Ok(OrgRecord {
        org: from_item(item)?,
        active_admins,
        mail_budget,
    })
}

// Active admins of an organisation are kept on its item (`keys::ACTIVE_ADMINS`) so that "the
// last active admin stays" is one condition (`active_admins >= 2`) that no interleaving of
// changes can get around.

impl Store {
    /// Creates the organisation, its first admin (who must not belong to another organisation),
    /// the audit event and the invitation mail, all or nothing.
    pub async fn create_org(
        &self,
        org: &Organisation,
        admin: &Membership,
        audit: &AuditEvent,
        mail: &OutboxMail,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        let mut tx = self.tx_for(idempotency)?;
        tx.create(&self.table, org_item(org)?, |_| {
            StoreError::Internal("organisation id collision".into())
        })?;
        self.new_membership_into(&mut tx, admin, 0)?;
        self.audit_into(&mut tx, audit)?;
        self.mails_into(&mut tx, std::slice::from_ref(mail))?;
        self.commit(tx).await
    }

    pub async fn get_org(&self, id: &OrgId) -> Result<Option<Organisation>, StoreError> {
        self.get_item(keys::org(id), true)
            .await?
            .map(from_item)
            .transpose()
    }

    /// The organisation with its counters (strongly consistent).
    pub async fn get_org_record(&self, id: &OrgId) -> Result<Option<OrgRecord>, StoreError> {
        self.get_item(keys::org(id), true)
            .await?
            .map(org_record)
            .transpose()
    }

    /// Every organisation by name, or those whose name has a word starting with each word of
    /// `words` (`elp_core::org::search_query`; the first eight count), one page.
    pub async fn list_orgs(
        &self,
        words: Option<&str>,
        cursor: Option<&str>,
        limit: i32,
    ) -> Result<Page<OrgRecord>, StoreError> {
        let mut q = Query::page(Some(GSI1), keys::ORGS.into(), false, cursor, limit);
        if let Some(words) = words {
            // Each word searched must start a word of the name (" nor" in " studio nord").
            const NAMES: [&str; 8] = [":w0", ":w1", ":w2", ":w3", ":w4", ":w5", ":w6", ":w7"];
            let wanted: Vec<String> = words
                .split(' ')
                .filter(|w| !w.is_empty())
                .take(NAMES.len())
                .map(|w| format!(" {w}"))
                .collect();
            let text: Vec<String> = NAMES[..wanted.len()]
                .iter()
                .map(|n| format!("contains(#search, {n})"))
                .collect();
            let mut filter = Expr::new(text.join(" AND "));
            for (name, word) in NAMES.iter().zip(wanted) {
                filter = filter.value(name, s(word));
            }
            q.filter = Some(filter);
        }
        let page = self.query(q).await?;
        Ok(Page {
            items: page
                .items
                .into_iter()
                .map(org_record)
                .collect::<Result<_, _>>()?,
            next: page.next,
        })
    }

    /// Renames the organisation (its place in the list and its search words follow).
    pub async fn rename_org(
        &self,
        org: &Organisation,
        audit: &AuditEvent,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        let mut tx = self.tx_for(idempotency)?;
        tx.update(
            &self.table,
            keys::org(&org.id),
            Expr::new("SET #name = :name, #gsi1sk = :order, #search = :search")
                .value(":name", s(org.name.as_str()))
                .value(":order", s(keys::org_order(&org.name, &org.id)))
                .value(":search", s(elp_core::org::search_words(&org.name))),
            Expr::new("attribute_exists(#pk)"),
            |_| StoreError::NotFound("organisation"),
        )?;
        self.audit_into(&mut tx, audit)?;
        self.commit(tx).await
    }

    /// Suspends (`Some`) or resumes (`None`) the organisation; `was` is what the operator saw,
    /// so that two operators acting at once do not both succeed.
    pub async fn suspend_org(
        &self,
        org: &OrgId,
        suspension: Option<&Suspension>,
        audit: &AuditEvent,
        idempotency: Option<&IdempotencyRecord>,
    ) -> Result<(), StoreError> {
        let mut tx = self.tx_for(idempotency)?;
        let (update, condition, refused): (Expr, Expr, &'static str) = match suspension {
            Some(how) => (
                Expr::new("SET #suspended = :how").value(
                    ":how",
                    serde_dynamo::to_attribute_value(how)
                        .map_err(|e| StoreError::Internal(e.to_string()))?,
                ),
                Expr::new("attribute_exists(#pk) AND attribute_not_exists(#suspended)"),
                "conflict-already-suspended",
            ),
            None => (
                Expr::new("REMOVE #suspended"),
                Expr::new("attribute_exists(#pk) AND attribute_exists(#suspended)"),
                "conflict-not-suspended",
            ),
        };
        tx.update(
            &self.table,
            keys::org(org),
            update,
            condition,
            move |old| match old {
                None => StoreError::NotFound("organisation"),
                Some(_) => StoreError::Refused(Refusal::Conflict(elp_core::Message::new(refused))),
            },
        )?;
        self.audit_into(&mut tx, audit)?;
        self.commit(tx).await
    }

    /// Sets the organisation's activation policy (the operator's; A78), with its event. The
    /// activation service reads it from the organisation's item, which it reads anyway.
    pub async fn set_activation_policy(
        &self,
        org: &OrgId,
        policy: &elp_core::activation::ActivationPolicy,
        audit: &AuditEvent,
    ) -> Result<(), StoreError> {
        let mut tx = Tx::new();
        tx.update(
            &self.table,
            keys::org(org),
            Expr::new("SET #activation = :policy").value(
                ":policy",
                serde_dynamo::to_attribute_value(policy)
                    .map_err(|e| StoreError::Internal(e.to_string()))?,
            ),
            Expr::new("attribute_exists(#pk)"),
            |_| StoreError::NotFound("organisation"),
        )?;
        self.audit_into(&mut tx, audit)?;
        self.commit(tx).await
    }

    /// Sets the language of the organisation's mail for people who chose none (`None`:
    /// English), with its event; refused while the organisation is suspended.
    pub async fn set_org_language(
        &self,
        org: &Organisation,
        audit: &AuditEvent,
    ) -> Result<(), StoreError> {
        let mut tx = Tx::new();
        let update = match &org.language {
            Some(tag) => Expr::new("SET #language = :language").value(":language", s(tag.as_str())),
            None => Expr::new("REMOVE #language"),
        };
        tx.update(
            &self.table,
            keys::org(&org.id),
            update,
            Expr::new("attribute_exists(#pk) AND attribute_not_exists(#suspended)"),
            |old| closed(old, OrgGuard::Open).unwrap_or(StoreError::NotFound("organisation")),
        )?;
        self.audit_into(&mut tx, audit)?;
        self.commit(tx).await
    }

    /// Adds "the organisation exists and is open" to `tx` (for a transaction that does not
    /// otherwise write the organisation's item).
    pub(crate) fn org_open_into(
        &self,
        tx: &mut Tx,
        org: &OrgId,
        guard: OrgGuard,
    ) -> Result<(), StoreError> {
        if guard == OrgGuard::Any {
            return Ok(());
        }
        tx.check(
            &self.table,
            keys::org(org),
            Expr::new("attribute_exists(#pk) AND attribute_not_exists(#suspended)"),
            |old| closed(old, OrgGuard::Open).unwrap_or(StoreError::NotFound("organisation")),
        )
    }

    /// How many active admins the organisation has (strongly consistent).
    pub async fn active_admins(&self, id: &OrgId) -> Result<u32, StoreError> {
        let item = self.get_item(keys::org(id), true).await?;
        Ok(item
            .as_ref()
            .and_then(|i| i.get(keys::ACTIVE_ADMINS))
            .and_then(|v| v.as_n().ok())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0))
    }

    /// Adds "the organisation exists" to `tx`.
    pub(crate) fn org_exists_into(&self, tx: &mut Tx, org: &OrgId) -> Result<(), StoreError> {
        tx.check(
            &self.table,
            keys::org(org),
            Expr::new("attribute_exists(#pk)"),
            |_| StoreError::NotFound("organisation"),
        )
    }
}

impl Store {
    /// Adds `delta` (+1 or -1) active admins to `tx`; taking the last one away is refused, and
    /// with [`OrgGuard::Open`] so is any change while the organisation is suspended (the same
    /// item, so the same condition).
    pub(crate) fn active_admins_into(
        &self,
        tx: &mut Tx,
        org: &OrgId,
        delta: i64,
        who: &elp_core::Email,
        guard: OrgGuard,
    ) -> Result<(), StoreError> {
        let open = match guard {
            OrgGuard::Open => " AND attribute_not_exists(#suspended)",
            OrgGuard::Any => "",
        };
        if delta >= 0 {
            return tx.update(
                &self.table,
                keys::org(org),
                Expr::new("ADD #active_admins :d").value(":d", n(delta)),
                Expr::new(format!("attribute_exists(#pk){open}")),
                move |old| closed(old, guard).unwrap_or(StoreError::NotFound("organisation")),
            );
        }
        let email = who.to_string();
        tx.update(
            &self.table,
            keys::org(org),
            Expr::new("SET #active_admins = #active_admins - :one").value(":one", n(1)),
            Expr::new(format!("#active_admins >= :two{open}")).value(":two", n(2)),
            move |old| {
                closed(old, guard)
                    .unwrap_or(StoreError::Refused(elp_core::Refusal::LastAdmin { email }))
            },
        )
    }
}
