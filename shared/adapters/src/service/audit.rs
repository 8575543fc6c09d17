//! The audit trail, for admins: who did what, when, and how credits moved; newest first.

use elp_core::Email;

use super::access::admin;
use crate::app::App;
use crate::error::Error;
use crate::http::{reply_page, Reply};

pub async fn list(
    app: &App,
    caller: &Email,
    cursor: Option<&str>,
    limit: i32,
) -> Result<Reply, Error> {
    let me = admin(app.store.get_membership(caller).await?)?;
    let page = app.store.list_audit(&me.org, cursor, limit).await?;
    reply_page("events", &page.items, page.next.as_deref())
}
