// Webhooks of the organisation: register an endpoint for the event types chosen (its signing
// secret shown once), enable or disable it, rotate its secret, delete it, and read its recent
// deliveries (GET/POST /v1/webhooks, PATCH/DELETE /v1/webhooks/{id},
// POST /v1/webhooks/{id}/rotate-secret, GET /v1/webhooks/{id}/deliveries). docs/webhooks.md.

import { api, keyKeeper, newKey, seg } from "../api.js";
import { h, badge, busy, checkbox, dataTable, empty, errorBox, field, formErrors, moreRows, notice, openDialog, timeEl } from "../dom.js";
import { formatNumber, t } from "../i18n.js";

const PAGE = 20;

/** An event type in words (`webhooks-event-licence-generated`). */
const eventLabel = (type) => t(`webhooks-event-${String(type).replace(/\./g, "-")}`);

/** An endpoint's state: enabled, disabled by an admin, or disabled for failing. */
const stateOf = (w) => (w.enabled ? "enabled" : w.disabled_reason === "failing" ? "failing" : "disabled");

/** The secret, shown once in a dialog with what to do with it. */
function showSecret(secret, url) {
  const dialog = openDialog({ title: t("webhooks-secret-title"), testid: "webhook-secret-dialog" });
  const done = h("button", { type: "button", class: "button", testid: "webhook-secret-done", onclick: () => dialog.close() }, t("webhooks-secret-done"));
  dialog.body.append(
    h("p", null, t("webhooks-secret-what", { url })),
    h("p", null, h("code", { class: "break", testid: "webhook-secret" }, secret)),
    h("p", { class: "muted" }, t("webhooks-secret-once")),
    h("div", { class: "actions" }, done),
  );
  done.focus();
}

export async function render(view, ctx) {
  const noticeSlot = h("div", { "aria-live": "polite" });
  let listed;
  try {
    listed = await api("/webhooks");
  } catch (error) {
    if (error?.code !== "unauthenticated") view.append(errorBox(error));
    return;
  }
  const types = listed.event_types;

  // Register an endpoint.
  const url = h("input", { type: "url", name: "url", autocomplete: "off", spellcheck: "false", required: true, placeholder: t("webhooks-url-placeholder"), testid: "webhook-url" });
  const description = h("input", { type: "text", name: "description", autocomplete: "off", maxlength: "200", testid: "webhook-description" });
  const boxes = types.map((type) => ({ type, input: h("input", { type: "checkbox", name: "events", value: type, testid: `webhook-event-${type}` }) }));
  const submit = h("button", { type: "submit", class: "button", testid: "webhook-submit" }, t("webhooks-add-submit"));
  const events = h(
    "fieldset",
    { class: "field checks", testid: "webhook-events" },
    h("legend", null, t("webhooks-events")),
    boxes.map(({ type, input }) => checkbox({ label: eventLabel(type), input })),
  );
  const form = h(
    "form",
    { class: "card", "aria-labelledby": "webhook-add-heading", novalidate: true, testid: "webhook-form" },
    h("h2", { id: "webhook-add-heading" }, t("webhooks-add-heading")),
    field({ label: t("webhooks-url"), input: url, hint: t("webhooks-url-hint") }),
    field({ label: t("webhooks-description"), input: description }),
    events,
    h("div", { class: "actions" }, submit),
  );
  const errs = formErrors(form, { labels: { url: t("webhooks-url"), events: t("webhooks-events"), description: t("webhooks-description") }, testid: "webhook-error" });
  const addKey = keyKeeper();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    errs.clear();
    const body = { url: url.value.trim(), events: boxes.filter((b) => b.input.checked).map((b) => b.type), description: description.value.trim() };
    busy(submit, async () => {
      try {
        const made = await api("/webhooks", { method: "POST", body, idempotencyKey: addKey(body) });
        url.value = "";
        description.value = "";
        for (const b of boxes) b.input.checked = false;
        noticeSlot.replaceChildren(notice(t("webhooks-added", { url: made.webhook.url }), "webhooks-notice"));
        await loadList();
        if (made.secret) showSecret(made.secret, made.webhook.url);
      } catch (error) {
        if (error?.code !== "unauthenticated") errs.show(error);
      }
    });
  });

  const results = h("div", { testid: "webhooks-results" });
  const log = h("div", { testid: "webhook-deliveries", "aria-live": "polite" });
  view.append(h("p", { class: "lead" }, t("webhooks-lead", { max: formatNumber(listed.max) })), form, noticeSlot, h("h2", null, t("webhooks-endpoints")), results, log);

  const rowError = (row, error) => row.querySelector("[data-row-error]").replaceChildren(h("span", { role: "alert" }, error?.message ?? String(error)));

  /** A change or a deletion, confirmed in a dialog first. */
  const confirmThen = (w, kind, button, work) => {
    const dialog = openDialog({ title: t(`webhooks-${kind}-title`), testid: "webhook-confirm-dialog" });
    const confirm = h("button", { type: "submit", class: kind === "delete" ? "button danger" : "button", testid: "webhook-confirm" }, t(`webhooks-${kind}-confirm`));
    const cancel = h("button", { type: "button", class: "button secondary", testid: "webhook-cancel", onclick: () => dialog.close() }, t("webhooks-cancel"));
    const confirmForm = h("form", null, h("p", null, t(`webhooks-${kind}-what`, { url: w.url })), h("div", { class: "actions" }, cancel, confirm));
    const dialogErrs = formErrors(confirmForm, { testid: "webhook-confirm-error" });
    confirmForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      dialogErrs.clear();
      try {
        await busy([confirm, cancel], work);
        dialog.returnFocusTo(view.querySelector("h2") ?? button);
        dialog.close();
      } catch (error) {
        if (error?.code !== "unauthenticated") dialogErrs.show(error);
      }
    });
    dialog.body.append(confirmForm);
    cancel.focus();
  };

  async function showDeliveries(w) {
    log.replaceChildren(h("h2", { id: "webhook-log-heading" }, t("webhooks-deliveries-heading", { url: w.url })));
    let first;
    try {
      first = await api(`/webhooks/${seg(w.id)}/deliveries`, { query: { limit: PAGE } });
    } catch (error) {
      if (error?.code !== "unauthenticated") log.append(errorBox(error));
      return;
    }
    if (!first.deliveries.length) {
      log.append(empty(t("webhooks-deliveries-empty"), "webhook-deliveries-empty"));
      return;
    }
    const table = dataTable({
      caption: t("webhooks-deliveries-caption"),
      testid: "webhook-deliveries-table",
      rowAttrs: (d) => ({ testid: "webhook-delivery-row", "data-status": d.status }),
      columns: [
        { label: t("webhooks-col-time"), cell: (d) => timeEl(d.last_attempt_at ?? d.created_at) },
        { label: t("webhooks-col-event"), cell: (d) => eventLabel(d.event_type) },
        { label: t("webhooks-col-status"), cell: (d) => badge(d.status, "webhook-delivery-status", "webhooks-delivery") },
        { label: t("webhooks-col-code"), cell: (d) => (d.status_code == null ? t("webhooks-no-answer") : String(d.status_code)), className: "num" },
        { label: t("webhooks-col-latency"), cell: (d) => (d.latency_ms == null ? "" : t("webhooks-ms", { ms: formatNumber(d.latency_ms) })), className: "num" },
        { label: t("webhooks-col-attempts"), cell: (d) => formatNumber(d.attempts), className: "num" },
        { label: t("webhooks-col-next"), cell: (d) => (d.next_attempt_at ? timeEl(d.next_attempt_at) : "") },
        { label: t("webhooks-col-error"), cell: (d) => h("span", { class: "break" }, d.error ?? ""), className: "wide" },
      ],
      rows: first.deliveries,
    });
    log.append(table.element, ...moreRows(first.next, (cursor) => api(`/webhooks/${seg(w.id)}/deliveries`, { query: { limit: PAGE, cursor } }), table, "deliveries"));
  }

  const table = dataTable({
    caption: t("webhooks-endpoints"),
    testid: "webhooks-table",
    rowAttrs: (w) => ({ testid: "webhook-row", "data-id": w.id }),
    columns: [
      { label: t("webhooks-url"), cell: (w) => h("div", { class: "break", testid: "webhook-url-cell" }, h("div", null, w.url), w.description ? h("div", { class: "muted" }, w.description) : null) },
      { label: t("webhooks-events"), cell: (w) => h("span", { testid: "webhook-events-cell" }, w.events.map(eventLabel).join(", ")) },
      { label: t("webhooks-state"), cell: (w) => badge(stateOf(w), "webhook-state", "webhooks-state") },
      { label: t("webhooks-last-success"), cell: (w) => (w.last_success ? timeEl(w.last_success) : h("span", { class: "muted" }, t("webhooks-never"))) },
      {
        label: t("webhooks-actions"),
        cell: (w) => {
          const toggle = h("button", { type: "button", class: "button small secondary", testid: "webhook-toggle", "aria-label": t(w.enabled ? "webhooks-disable-aria" : "webhooks-enable-aria", { url: w.url }) }, t(w.enabled ? "webhooks-disable" : "webhooks-enable"));
          toggle.addEventListener("click", () =>
            confirmThen(w, w.enabled ? "disable" : "enable", toggle, async () => {
              await api(`/webhooks/${seg(w.id)}`, { method: "PATCH", body: { enabled: !w.enabled }, idempotencyKey: newKey() });
              noticeSlot.replaceChildren(notice(t(w.enabled ? "webhooks-disabled" : "webhooks-enabled", { url: w.url }), "webhooks-notice"));
              await loadList();
            }),
          );
          const deliveries = h("button", { type: "button", class: "button small secondary", testid: "webhook-show-deliveries", "aria-label": t("webhooks-show-deliveries-aria", { url: w.url }) }, t("webhooks-show-deliveries"));
          deliveries.addEventListener("click", () => showDeliveries(w));
          const rotate = h("button", { type: "button", class: "button small secondary", testid: "webhook-rotate", "aria-label": t("webhooks-rotate-aria", { url: w.url }) }, t("webhooks-rotate"));
          rotate.addEventListener("click", () =>
            confirmThen(w, "rotate", rotate, async () => {
              const rotated = await api(`/webhooks/${seg(w.id)}/rotate-secret`, { method: "POST", idempotencyKey: newKey() });
              if (rotated.secret) setTimeout(() => showSecret(rotated.secret, w.url), 0);
            }),
          );
          const remove = h("button", { type: "button", class: "button small danger-outline", testid: "webhook-delete", "aria-label": t("webhooks-delete-aria", { url: w.url }) }, t("webhooks-delete"));
          remove.addEventListener("click", () =>
            confirmThen(w, "delete", remove, async () => {
              await api(`/webhooks/${seg(w.id)}`, { method: "DELETE", idempotencyKey: newKey() });
              noticeSlot.replaceChildren(notice(t("webhooks-deleted", { url: w.url }), "webhooks-notice"));
              log.replaceChildren();
              await loadList();
            }),
          );
          const row = h("span", { class: "row-actions" }, deliveries, toggle, rotate, remove, h("span", { class: "row-error", "data-row-error": "", testid: "webhook-row-error" }));
          row.rowError = (error) => rowError(row.closest("tr"), error);
          return row;
        },
      },
    ],
  });

  function show(webhooks) {
    results.replaceChildren();
    table.tbody.replaceChildren();
    if (!webhooks.length) {
      results.append(empty(t("webhooks-empty"), "webhooks-empty"));
      return;
    }
    table.add(webhooks);
    results.append(table.element);
  }

  async function loadList() {
    try {
      listed = await api("/webhooks");
    } catch (error) {
      if (error?.code !== "unauthenticated") results.replaceChildren(errorBox(error));
      return;
    }
    if (!ctx.current()) return;
    show(listed.webhooks);
  }
  show(listed.webhooks);
}
