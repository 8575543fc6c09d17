//! The counters and cooldowns behind what one organisation or caller may take of what all
//! share: a rate limit's window, the time an invitation may next be mailed to an address, the
//! time an organisation may next ask for an export. Each is one item whose condition decides
//! under any concurrency; TTL forgets them.

use chrono::{DateTime, Utc};
use elp_core::limits::{seconds_until, Window};

use super::error::StoreError;
use super::keys::{self, Key};
use super::tx::{n, s, Expr, Tx};
use super::{from_item, Item, Store};

/// A cooldown a change must respect: the item that keeps it, until when this change sets it,
/// and what to answer (code and sentence) when an earlier change's cooldown still runs.
pub struct Cooldown {
    pub key: Key,
    pub until: DateTime<Utc>,
    pub code: &'static str,
    pub refusal: elp_core::Message,
}

#[derive(serde::Deserialize)]
struct Until {
    until: DateTime<Utc>,
}

impl Store {
    /// Adds the cooldown to `tx`: it commits only if no earlier cooldown of the same key runs
    /// at `now`, and then starts this one.
    pub(crate) fn cooldown_into(
        &self,
        tx: &mut Tx,
        cooldown: &Cooldown,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut item: Item = keys::attributes(cooldown.key.clone())
            .into_iter()
            .map(|(name, value)| (name.to_string(), s(value)))
            .collect();
        item.insert(keys::UNTIL.into(), s(keys::timestamp(cooldown.until)));
        item.insert(
            keys::EXPIRES_AT.into(),
            n(cooldown.until.timestamp() + 3600),
        );
        let (code, refusal) = (cooldown.code, cooldown.refusal.clone());
        tx.put_if(
            &self.table,
            item,
            Expr::new("attribute_not_exists(#pk) OR #until <= :now")
                .value(":now", s(keys::timestamp(now))),
            move |old| {
                let retry_after = old
                    .and_then(|item| from_item::<Until>(item.clone()).ok())
                    .map_or(60, |u| seconds_until(now, u.until));
                StoreError::Limited {
                    code,
                    message: refusal,
                    retry_after,
                }
            },
        )
    }

    /// Counts one request of `who` in `scope` for `window`: `false` once `limit` were counted.
    pub async fn admit(
        &self,
        scope: &str,
        who: &str,
        window: &Window,
        limit: u32,
    ) -> Result<bool, StoreError> {
        let (pk, sk) = keys::rate(scope, who, window.id);
        self.counter(pk, sk, limit, window.ends.timestamp() + 60)
            .await
    }
}
