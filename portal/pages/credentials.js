// API credentials of the organisation: create one with a name and a role (its key is shown
// once, with a copy button), list them, revoke one after confirming
// (GET/POST /v1/credentials, DELETE /v1/credentials/{id}).

import { api, keyKeeper, newKey, seg } from "../api.js";
import { h, busy, dataTable, empty, errorBox, field, formErrors, moreRows, notice, openDialog, timeEl } from "../dom.js";
import { t } from "../i18n.js";

const PAGE = 50;

/** A credential's role in words ("Read only", "Admin"). */
const roleWord = (role) => t(`cred-role-${role}`);

/** Copies `text`, saying in `status` whether it worked. */
function copyButton(text) {
  const status = h("span", { class: "copy-status", role: "status", testid: "credential-copy-status" });
  const button = h("button", { type: "button", class: "button secondary small", testid: "credential-copy" }, t("cred-copy"));
  button.addEventListener("click", async () => {
    let ok = false;
    try {
      await navigator.clipboard.writeText(text);
      ok = true;
    } catch {
      ok = false;
    }
    status.textContent = t(ok ? "cred-copied" : "cred-copy-failed");
  });
  return h("span", { class: "copy" }, button, status);
}

export async function render(view, ctx) {
  const noticeSlot = h("div", { "aria-live": "polite" });
  const keySlot = h("div", { testid: "credential-key-slot" });

  // Create
  const name = h("input", { type: "text", name: "name", maxlength: 64, autocomplete: "off", required: true, testid: "credential-name" });
  const role = h(
    "select",
    { name: "role", testid: "credential-role" },
    h("option", { value: "read_only" }, roleWord("read_only")),
    h("option", { value: "admin" }, roleWord("admin")),
  );
  const create = h("button", { type: "submit", class: "button", testid: "credential-create" }, t("cred-create"));
  const createForm = h(
    "form",
    { class: "card invite", "aria-labelledby": "cred-create-heading", novalidate: true, testid: "credential-form" },
    h("h2", { id: "cred-create-heading" }, t("cred-create-heading")),
    h("p", { class: "muted" }, t("cred-roles-explained")),
    h(
      "div",
      { class: "inline-fields" },
      field({ label: t("cred-name"), input: name }),
      field({ label: t("cred-role"), input: role }),
      h("div", { class: "field field-button" }, create),
    ),
  );
  const createErrs = formErrors(createForm, { labels: { name: t("cred-name"), role: t("cred-role") }, testid: "credential-error" });
  const createKey = keyKeeper();
  createForm.addEventListener("submit", (event) => {
    event.preventDefault();
    createErrs.clear();
    const body = { name: name.value.trim(), role: role.value };
    busy(create, async () => {
      try {
        const made = await api("/credentials", { method: "POST", body, idempotencyKey: createKey(body) });
        noticeSlot.replaceChildren(notice(t("cred-created", { name: made.credential.name }), "credential-notice"));
        keySlot.replaceChildren();
        if (made.key) {
          const code = h("code", { testid: "credential-key" }, made.key);
          keySlot.append(
            h(
              "div",
              { class: "card", testid: "credential-key-card" },
              h("h2", null, t("cred-key-heading", { name: made.credential.name })),
              h("p", null, t("cred-key-once")),
              h("p", { class: "key" }, code, " ", copyButton(made.key)),
              h("p", { class: "muted" }, t("cred-key-use")),
            ),
          );
        }
        name.value = "";
        loadList();
      } catch (error) {
        if (error?.code !== "unauthenticated") createErrs.show(error);
      }
    });
  });

  const results = h("div", { testid: "credentials-results" });
  view.append(h("p", { class: "lead" }, t("cred-lead")), createForm, noticeSlot, keySlot, h("h2", null, t("cred-list-heading")), results);

  const revoke = (c, button) => {
    const dialog = openDialog({ title: t("cred-revoke-title"), testid: "credential-revoke-dialog" });
    const confirm = h("button", { type: "submit", class: "button danger", testid: "credential-revoke-confirm" }, t("cred-revoke"));
    const cancel = h("button", { type: "button", class: "button secondary", testid: "credential-revoke-cancel", onclick: () => dialog.close() }, t("cred-cancel"));
    const form = h(
      "form",
      null,
      h("p", { testid: "credential-revoke-what" }, t("cred-revoke-what", { name: c.name })),
      h("p", { class: "muted" }, t("cred-revoke-then")),
      h("div", { class: "actions" }, cancel, confirm),
    );
    const errs = formErrors(form, { testid: "credential-revoke-error" });
    const key = newKey();
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      errs.clear();
      try {
        const revoked = await busy([confirm, cancel], () => api(`/credentials/${seg(c.id)}`, { method: "DELETE", idempotencyKey: key }));
        const row = button.closest("tr");
        const fresh = table.rowOf(revoked);
        row?.replaceWith(fresh);
        noticeSlot.replaceChildren(notice(t("cred-revoked", { name: revoked.name }), "credential-notice"));
        dialog.returnFocusTo?.(document.querySelector("main h1"));
        dialog.close();
      } catch (error) {
        if (error?.code !== "unauthenticated") errs.show(error);
      }
    });
    dialog.body.append(form);
    cancel.focus();
  };

  const table = dataTable({
    caption: t("cred-list-heading"),
    testid: "credentials-table",
    rowAttrs: (c) => ({ testid: "credential-row", "data-id": c.id, "data-revoked": c.revoked_at ? "yes" : "no" }),
    columns: [
      { label: t("cred-name"), cell: (c) => h("span", { testid: "credential-name-cell" }, c.name) },
      { label: t("cred-role"), cell: (c) => h("span", { testid: "credential-role-cell" }, roleWord(c.role)) },
      { label: t("cred-key-hint"), cell: (c) => h("code", null, c.key_hint) },
      { label: t("cred-created-col"), cell: (c) => h("span", null, timeEl(c.created_at), " ", t("cred-by", { who: c.created_by })) },
      { label: t("cred-last-used"), cell: (c) => (c.last_used ? timeEl(c.last_used) : h("span", { class: "muted" }, t("cred-never-used"))) },
      {
        label: t("cred-state"),
        cell: (c) =>
          c.revoked_at
            ? h("span", { testid: "credential-state" }, t("cred-revoked-on"), " ", timeEl(c.revoked_at), " ", t("cred-by", { who: c.revoked_by ?? "" }))
            : h("span", { testid: "credential-state" }, t("cred-active")),
      },
      {
        label: t("cred-actions"),
        cell: (c) => {
          if (c.revoked_at) return null;
          const button = h("button", { type: "button", class: "button small danger-outline", testid: "credential-revoke", "aria-label": t("cred-revoke-aria", { name: c.name }) }, t("cred-revoke"));
          button.addEventListener("click", () => revoke(c, button));
          return button;
        },
      },
    ],
  });

  async function loadList() {
    results.replaceChildren();
    let first;
    try {
      first = await api("/credentials", { query: { limit: PAGE } });
    } catch (error) {
      if (error?.code !== "unauthenticated") results.append(errorBox(error));
      return;
    }
    if (!ctx.current()) return;
    table.tbody.replaceChildren();
    if (!first.credentials.length) {
      results.append(empty(t("cred-empty"), "credentials-empty"));
      return;
    }
    table.add(first.credentials);
    results.append(table.element);
    results.append(...moreRows(first.next, (cursor) => api("/credentials", { query: { limit: PAGE, cursor } }), table, "credentials"));
  }
  await loadList();
}
