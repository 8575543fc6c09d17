//! What a request needs before it decides, read in one BatchGetItem: the caller's membership,
//! the idempotency record of a retry, and the bank, licence, credit request and other person it
//! names. The keys are global, so none of this waits for the caller's organisation to be known.

use elp_core::{
    ActivationCode, Bank, BankId, CreditRequest, CreditRequestId, Email, License, Membership,
    OrgId, ProductId, VersionPolicy,
};

use super::error::StoreError;
use super::idempotency::Stored;
use super::keys::{self, Key};
use super::orgs::{org_record, OrgRecord};
use super::{from_item, Store};

#[derive(Debug, Default)]
pub struct Prefetch {
    pub caller: Option<Membership>,
    pub replay: Option<Stored>,
    pub bank: Option<Bank>,
    pub license: Option<License>,
    /// The recipient or new assignee the request names.
    pub other: Option<Membership>,
    pub catalog: Option<elp_core::Catalog>,
    pub credit_request: Option<CreditRequest>,
}

/// Which items to read besides the caller.
#[derive(Debug, Default, Clone, Copy)]
pub struct Wanted<'a> {
    pub replay: Option<&'a Key>,
    pub bank: Option<&'a BankId>,
    pub license: Option<&'a ActivationCode>,
    pub other: Option<&'a Email>,
    pub catalog: bool,
    pub credit_request: Option<&'a CreditRequestId>,
}

impl Store {
    pub async fn prefetch(
        &self,
        caller: &Email,
        wanted: Wanted<'_>,
    ) -> Result<Prefetch, StoreError> {
        let mut keys_wanted = vec![keys::user(caller)];
        let slot = |list: &mut Vec<Key>, key: Option<Key>| {
            key.map(|k| {
                list.push(k);
                list.len() - 1
            })
        };
        let replay = slot(&mut keys_wanted, wanted.replay.cloned());
        let bank = slot(&mut keys_wanted, wanted.bank.map(keys::bank));
        let license = slot(&mut keys_wanted, wanted.license.map(keys::license));
        let other = slot(&mut keys_wanted, wanted.other.map(keys::user));
        let catalog = slot(&mut keys_wanted, wanted.catalog.then(keys::catalog));
        let credit_request = slot(
            &mut keys_wanted,
            wanted.credit_request.map(keys::credit_request),
        );
        let mut found = self.get_items(&keys_wanted).await?;
        let mut take = |i: Option<usize>| i.and_then(|i| found[i].take());
        fn decode<T: serde::de::DeserializeOwned>(
            item: Option<super::Item>,
        ) -> Result<Option<T>, StoreError> {
            item.map(from_item).transpose()
        }
        #[derive(serde::Deserialize)]
        struct CatalogItem {
            catalog: elp_core::Catalog,
        }
        Ok(Prefetch {
            caller: decode(take(Some(0)))?,
            replay: decode(take(replay))?,
            bank: decode(take(bank))?,
            license: decode(take(license))?,
            other: decode(take(other))?,
            catalog: decode::<CatalogItem>(take(catalog))?.map(|c| c.catalog),
            credit_request: decode(take(credit_request))?,
        })
    }
}

/// What the outbox sender reads to render one mail, in one BatchGetItem: its recipient's
/// membership (their language; for an export, whether they are still an admin), the
/// organisation whose change wrote it (its name, language and mail budget), and when the mail
/// needs them the catalogue (product names, downloads) and that organisation's version policy
/// for a product (the downloads a licence mail lists).
#[derive(Debug, Default)]
pub struct MailContext {
    pub recipient: Option<Membership>,
    pub org: Option<OrgRecord>,
    /// Empty when not asked for, or before the operator has set it.
    pub catalog: elp_core::Catalog,
    pub policy: Option<VersionPolicy>,
}

impl Store {
    pub async fn mail_context(
        &self,
        to: &Email,
        org: &OrgId,
        catalog: bool,
        policy: Option<&ProductId>,
    ) -> Result<MailContext, StoreError> {
        let mut keys_wanted = vec![keys::user(to), keys::org(org)];
        if catalog {
            keys_wanted.push(keys::catalog());
        }
        if let Some(product) = policy {
            keys_wanted.push(keys::policy(org, product));
        }
        let mut found = self.get_items(&keys_wanted).await?.into_iter();
        #[derive(serde::Deserialize)]
        struct CatalogItem {
            catalog: elp_core::Catalog,
        }
        let recipient = found.next().flatten().map(from_item).transpose()?;
        let org = found.next().flatten().map(org_record).transpose()?;
        let catalog = match catalog {
            true => found
                .next()
                .flatten()
                .map(from_item::<CatalogItem>)
                .transpose()?
                .map(|c| c.catalog)
                .unwrap_or_default(),
            false => elp_core::Catalog::default(),
        };
        let policy = match policy {
            Some(_) => found.next().flatten().map(from_item).transpose()?,
            None => None,
        };
        Ok(MailContext {
            recipient,
            org,
            catalog,
            policy,
        })
    }
}
