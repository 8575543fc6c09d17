// Users of the organisation: invite (or invite again), change role or status, remove
// (GET/POST /v1/users, PATCH/DELETE /v1/users/{email}).

import { api, apiWithStatus, keyKeeper, newKey, seg } from "../api.js";
import { h, badge, busy, count, dataTable, empty, errorBox, field, formErrors, messageOf, moreRows, notice, openDialog, roleLabel, timeEl, typeLabel } from "../dom.js";
import { formatDate, formatNumber, t, tParts } from "../i18n.js";
import { productNames, productName } from "../products.js";
import { whyNot } from "../licence-view.js";

/** The licences a person holds today that are not expired (GET /v1/licenses?assignee=). */
async function heldBy(email) {
  const held = [];
  let cursor = null;
  let pages = 0;
  do {
    const page = await api("/licenses", { query: { assignee: email, limit: 100, cursor } });
    held.push(...page.licenses.filter((l) => l.status !== "expired"));
    cursor = page.next;
  } while (cursor && ++pages < 10);
  return held;
}

const PAGE = 50;

/** A person's status in words ("Active", "Invited", "Inactive"). */
const personStatus = (status) => t(`ui-person-${status}`);

export async function render(view, ctx) {
  const noticeSlot = h("div", { "aria-live": "polite" });

  // Invite
  const email = h("input", { type: "email", name: "email", autocomplete: "off", spellcheck: "false", required: true, testid: "invite-email" });
  const role = h("select", { name: "role", testid: "invite-role" }, h("option", { value: "member" }, roleLabel("member")), h("option", { value: "admin" }, roleLabel("admin")));
  const invite = h("button", { type: "submit", class: "button", testid: "invite-submit" }, t("users-invite-submit"));
  const inviteHeading = h("h2", { id: "invite-heading" }, t("users-invite-heading"));
  const inviteForm = h(
    "form",
    { class: "card invite", "aria-labelledby": "invite-heading", novalidate: true, testid: "invite-form" },
    inviteHeading,
    h("div", { class: "inline-fields" }, field({ label: t("users-email"), input: email }), field({ label: t("users-role"), input: role }), h("div", { class: "field field-button" }, invite)),
  );
  const inviteErrs = formErrors(inviteForm, { labels: { email: t("users-email"), role: t("users-role") }, testid: "invite-error" });
  const inviteKey = keyKeeper();
  inviteForm.addEventListener("submit", (event) => {
    event.preventDefault();
    inviteErrs.clear();
    const body = { email: email.value.trim(), role: role.value };
    busy(invite, async () => {
      try {
        const { status, body: answer } = await apiWithStatus("/users", { method: "POST", body, idempotencyKey: inviteKey(body) });
        const who = answer?.user?.email ?? body.email;
        noticeSlot.replaceChildren(
          notice(status === 201 ? t("users-invited", { email: who, role: answer?.user?.role ?? body.role }) : t("users-invited-again", { email: who }), "invite-message"),
        );
        email.value = "";
        loadList();
      } catch (error) {
        if (error?.code !== "unauthenticated") inviteErrs.show(error);
      }
    });
  });

  const results = h("div", { testid: "users-results" });
  view.append(h("p", { class: "lead" }, t("users-lead")), inviteForm, noticeSlot, h("h2", null, t("users-people")), results);

  const rowError = (row, error) => {
    const slot = row.querySelector("[data-row-error]");
    slot.replaceChildren(h("span", { role: "alert" }, messageOf(error)));
  };

  /** A role or status change, reviewed and confirmed in a dialog before it is sent. */
  const change = (user, patch, button) => {
    const row = button.closest("tr");
    row.querySelector("[data-row-error]").replaceChildren();
    const who = user.email === ctx.me.email ? t("users-who-you", { email: user.email }) : user.email;
    const args = { who, org: ctx.me.org?.name ?? t("users-the-organisation"), licences: count(user.licenses_held, "licence") };
    // Each change: its title, question, consequences and confirm button (users-<kind>-*).
    const kind = patch.role === "admin" ? "make-admin" : patch.role === "member" ? "make-member" : patch.status === "inactive" ? "deactivate" : "reactivate";
    const title = t(`users-${kind}`);
    const what = t(`users-${kind}-what`, args);
    const then = t(`users-${kind}-then`, args);
    const confirmText = t(`users-${kind}-confirm`);
    const dialog = openDialog({ title, testid: "user-change-dialog" });
    const confirm = h("button", { type: "submit", class: patch.status === "inactive" ? "button danger" : "button", testid: "user-change-confirm" }, confirmText);
    const cancel = h("button", { type: "button", class: "button secondary", testid: "user-change-cancel", onclick: () => dialog.close() }, t("users-cancel"));
    const form = h(
      "form",
      null,
      h("p", { testid: "user-change-what" }, what),
      h(
        "dl",
        { class: "quote" },
        h("div", null, h("dt", null, t("users-role")), h("dd", null, patch.role ? t("users-from-to", { from: roleLabel(user.role), to: roleLabel(patch.role) }) : roleLabel(user.role))),
        h("div", null, h("dt", null, t("users-status")), h("dd", null, patch.status ? t("users-from-to", { from: personStatus(user.status), to: personStatus(patch.status) }) : personStatus(user.status))),
      ),
      h("p", { class: "muted" }, then),
      h("div", { class: "actions" }, cancel, confirm),
    );
    const errs = formErrors(form, { testid: "user-change-error" });
    const key = newKey();
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      errs.clear();
      try {
        const updated = await busy([confirm, cancel], () => api(`/users/${seg(user.email)}`, { method: "PATCH", body: patch, idempotencyKey: key }));
        const fresh = table.rowOf(updated);
        row.replaceWith(fresh);
        noticeSlot.replaceChildren(notice(t("users-changed", { email: updated.email, role: updated.role, status: updated.status }), "users-notice"));
        // Keyboard focus goes back to the same control, in the new row.
        const same = fresh.querySelector(`[data-testid="${button.dataset.testid}"]`);
        if (same) dialog.returnFocusTo(same);
        dialog.close();
      } catch (error) {
        if (error?.code !== "unauthenticated") errs.show(error);
      }
    });
    dialog.body.append(form);
    cancel.focus();
  };

  /** Under a refused removal: each licence they hold, and whether and how it can be returned. */
  const heldList = async (user) => {
    const [held, names] = await Promise.all([heldBy(user.email), productNames()]);
    if (!held.length) return null;
    return h(
      "div",
      { testid: "remove-held" },
      h("p", null, t("users-holds", { email: user.email, count: held.length, n: formatNumber(held.length) })),
      h(
        "ul",
        { class: "held-list" },
        held.map((l) => {
          const reason = whyNot(l, "return");
          return h(
            "li",
            { testid: "remove-held-license", "data-code": l.code, "data-returnable": reason ? "no" : "yes" },
            h("a", { href: `#/licences/${encodeURIComponent(l.code)}` }, h("code", null, l.code)),
            " ",
            t("users-held-licence", { product: productName(names, l.product), version: l.version, type: typeLabel(l.type), expiry: formatDate(l.current_term.expiry) }),
            " ",
            reason
              ? h("span", { testid: "remove-held-reason" }, t("users-held-not-returnable", { reason: [messageOf(reason), reason.hint].filter(Boolean).join(" ") }))
              : h("span", { testid: "remove-held-reason" }, t("users-held-returnable")),
          );
        }),
      ),
    );
  };

  const remove = (user, button) => {
    const dialog = openDialog({ title: t("users-remove-title"), testid: "remove-dialog" });
    const confirm = h("button", { type: "submit", class: "button danger", testid: "remove-confirm" }, t("users-remove"));
    const cancel = h("button", { type: "button", class: "button secondary", testid: "remove-cancel", onclick: () => dialog.close() }, t("users-cancel"));
    let question = null;
    let caveat = null;
    const form = h(
      "form",
      null,
      question = h("p", null, tParts("users-remove-what", { role: user.role, org: ctx.me.org?.name ?? t("users-the-organisation") }, { email: h("strong", { testid: "remove-email" }, user.email) })),
      caveat = h("p", { class: "muted" }, user.licenses_held ? t("users-remove-holds", { licences: count(user.licenses_held, "licence") }) : t("users-remove-note")),
      h("div", { class: "actions" }, cancel, confirm),
    );
    const errs = formErrors(form, { testid: "remove-error" });
    const key = newKey();
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      errs.clear();
      try {
        await busy([confirm, cancel], () => api(`/users/${seg(user.email)}`, { method: "DELETE", idempotencyKey: key }));
        const row = button.closest("tr");
        dialog.close();
        noticeSlot.replaceChildren(notice(t("users-removed", { email: user.email }), "users-notice"));
        const next = row?.nextElementSibling ?? row?.previousElementSibling;
        row?.remove();
        (next?.querySelector("button") ?? document.querySelector("main h1"))?.focus();
      } catch (error) {
        if (error?.code === "unauthenticated") return;
        // The count in the refusal's details, said with the catalogue's plural.
        const held = error?.code === "holds_licenses" && typeof error.details?.licenses === "number" ? error.details.licenses : null;
        errs.show(held === null ? error : { code: error.code, message: t("users-still-holds", { email: user.email, licences: count(held, "unexpired licence") }) });
        if (error?.code === "holds_licenses") {
          try {
            const list = await heldList(user);
            if (list) errs.area.after(list);
          } catch {
            // The refusal's sentence stands on its own.
          }
          question.hidden = true;
          caveat.hidden = true;
          confirm.hidden = true;
          cancel.textContent = t("users-close");
          cancel.focus();
        }
      }
    });
    dialog.body.append(form);
    cancel.focus();
  };

  const reinvite = (user, button) => {
    const row = button.closest("tr");
    row.querySelector("[data-row-error]").replaceChildren();
    return busy(button, async () => {
      try {
        await api("/users", { method: "POST", body: { email: user.email, role: user.role }, idempotencyKey: newKey() });
        noticeSlot.replaceChildren(notice(t("users-reinvited", { email: user.email }), "users-notice"));
      } catch (error) {
        if (error?.code !== "unauthenticated") rowError(row, error);
      }
    });
  };

  const table = dataTable({
    caption: t("users-people"),
    testid: "users-table",
    rowAttrs: (u) => ({ testid: "user-row", "data-email": u.email }),
    columns: [
      { label: t("users-email"), cell: (u) => h("span", { testid: "user-email-cell" }, u.email, u.email === ctx.me.email ? h("span", { class: "tag" }, t("users-you")) : null) },
      { label: t("users-role"), cell: (u) => h("span", { testid: "user-role-cell" }, roleLabel(u.role)) },
      { label: t("users-status"), cell: (u) => badge(u.status, "user-status-cell", "ui-person") },
      {
        label: t("users-licences-held"),
        cell: (u) => {
          const n = u.licenses_held;
          const number = h("span", { testid: "user-licenses-held" }, formatNumber(n));
          return n > 0 ? h("a", { href: `#/licences?q=${encodeURIComponent(u.email)}`, "aria-label": t("users-held-by", { count: n, licences: count(n, "licence"), email: u.email }) }, number) : number;
        },
        className: "num",
      },
      {
        label: t("users-last-sign-in"),
        cell: (u) =>
          h(
            "span",
            { testid: "user-last-sign-in" },
            u.last_sign_in ? timeEl(u.last_sign_in) : u.status === "invited" ? h("span", { class: "muted" }, t("users-never-invited")) : h("span", { class: "muted" }, t("users-not-recorded")),
          ),
      },
      { label: t("users-invited-on"), cell: (u) => formatDate(u.invited_on, "medium"), className: "date" },
      {
        label: t("users-actions"),
        cell: (u) => {
          const roleButton = h(
            "button",
            { type: "button", class: "button small secondary", testid: "user-role-toggle", "aria-label": t(u.role === "admin" ? "users-make-member-aria" : "users-make-admin-aria", { email: u.email }) },
            t(u.role === "admin" ? "users-make-member" : "users-make-admin"),
          );
          roleButton.addEventListener("click", () => change(u, { role: u.role === "admin" ? "member" : "admin" }, roleButton));
          const inactive = u.status === "inactive";
          const statusButton = h(
            "button",
            { type: "button", class: "button small secondary", testid: "user-status-toggle", "aria-label": t(inactive ? "users-reactivate-aria" : "users-deactivate-aria", { email: u.email }) },
            t(inactive ? "users-reactivate" : "users-deactivate"),
          );
          statusButton.addEventListener("click", () => change(u, { status: inactive ? "active" : "inactive" }, statusButton));
          const removeButton = h("button", { type: "button", class: "button small danger-outline", testid: "user-remove", "aria-label": t("users-remove-aria", { email: u.email }) }, t("users-remove"));
          removeButton.addEventListener("click", () => remove(u, removeButton));
          let again = null;
          if (u.status === "invited") {
            again = h("button", { type: "button", class: "button small secondary", testid: "user-reinvite", "aria-label": t("users-reinvite-aria", { email: u.email }) }, t("users-reinvite"));
            again.addEventListener("click", () => reinvite(u, again));
          }
          return h("span", { class: "row-actions" }, roleButton, statusButton, again, removeButton, h("span", { class: "row-error", "data-row-error": "", testid: "user-error" }));
        },
      },
    ],
  });

  async function loadList() {
    results.replaceChildren();
    let first;
    try {
      first = await api("/users", { query: { limit: PAGE } });
    } catch (error) {
      if (error?.code !== "unauthenticated") results.append(errorBox(error));
      return;
    }
    if (!ctx.current()) return;
    table.tbody.replaceChildren();
    if (!first.users.length) {
      results.append(empty(t("users-empty"), "users-empty"));
      return;
    }
    table.add(first.users);
    results.append(table.element);
    results.append(...moreRows(first.next, (cursor) => api("/users", { query: { limit: PAGE, cursor } }), table, "users"));
  }
  await loadList();
}
