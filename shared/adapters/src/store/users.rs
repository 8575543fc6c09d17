//! Memberships: one item per email (`USER#<email>`), so "one organisation per email" is that
//! item's existence, decided by DynamoDB under any concurrency.

use elp_core::{Email, Membership, OrgId, Refusal};

use super::cursor::Item;
use super::error::StoreError;
use super::keys::{self, GSI1};
use super::tx::Tx;
use super::{from_item, to_item, ListQuery, Page, Store};

pub(crate) fn membership_item(m: &Membership) -> Result<Item, StoreError> {
    let (pk, sk) = keys::user(&m.email);
    to_item(
        m,
        [
            (keys::PK, pk),
            (keys::SK, sk),
            ("gsi1pk", keys::users_of(&m.org)),
            ("gsi1sk", m.email.to_string()),
        ],
    )
}

/// The refusal when an email's item already exists: the same organisation is not a refusal for
/// the caller to show, another organisation is.
fn already_member(email: Email, org: OrgId) -> impl FnOnce(Option<&Item>) -> StoreError + Send {
    move |old| {
        let theirs = old
            .and_then(|item| item.get("org"))
            .and_then(|v| v.as_s().ok())
            .cloned();
        if theirs.as_deref() == Some(org.as_str()) {
            StoreError::Refused(Refusal::Conflict(format!(
                "{email} is already a member of this organisation"
            )))
        } else {
            StoreError::Refused(Refusal::MemberOfAnotherOrganisation {
                email: email.to_string(),
            })
        }
    }
}

impl Store {
    /// The membership of an email (strongly consistent: it decides what a request may do).
    pub async fn get_membership(&self, email: &Email) -> Result<Option<Membership>, StoreError> {
        self.get_item(keys::user(email), true)
            .await?
            .map(from_item)
            .transpose()
    }

    /// Adds a new membership to `tx`; fails if the email already belongs to an organisation.
    pub(crate) fn new_membership_into(
        &self,
        tx: &mut Tx,
        m: &Membership,
    ) -> Result<(), StoreError> {
        tx.create(
            &self.table,
            membership_item(m)?,
            already_member(m.email.clone(), m.org.clone()),
        )
    }

    pub async fn list_users(
        &self,
        org: &OrgId,
        cursor: Option<&str>,
        limit: i32,
    ) -> Result<Page<Membership>, StoreError> {
        self.list(ListQuery::page(
            Some(GSI1),
            keys::users_of(org),
            false,
            cursor,
            limit,
        ))
        .await
    }
}
