//! The audit trail, for admins: who did what, when, and how credits moved; newest first.

use super::access::{admin_by_read, Caller};
use super::app::App;
use super::error::Error;
use super::reply::{reply_page, PageRequest, Reply};
use super::views::event_views;

pub async fn list(app: &App, caller: &Caller, page: PageRequest) -> Result<Reply, Error> {
    let me = admin_by_read(app, caller).await?;
    let found = app
        .store
        .list_audit(&me.org, page.cursor(), page.limit)
        .await?;
    reply_page(
        "events",
        &event_views(&found.items, caller.lang),
        found.next.as_deref(),
    )
}
