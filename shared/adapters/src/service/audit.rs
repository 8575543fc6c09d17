//! The audit trail, for admins: who did what, when, and how credits moved; newest first.

use elp_core::Email;

use super::access::admin;
use super::app::App;
use super::error::Error;
use super::reply::{reply_page, PageRequest, Reply};

pub async fn list(app: &App, caller: &Email, page: PageRequest) -> Result<Reply, Error> {
    let me = admin(app.store.get_membership(caller).await?)?;
    let found = app
        .store
        .list_audit(&me.org, page.cursor(), page.limit)
        .await?;
    reply_page("events", &found.items, found.next.as_deref())
}
