// Users of the organisation: invite (or invite again), change role or status, remove
// (GET/POST /v1/users, PATCH/DELETE /v1/users/{email}).

import { api, apiWithStatus, keyKeeper, newKey, seg } from "../api.js";
import { h, badge, busy, cap, count, dataTable, empty, errorBox, field, formErrors, messageOf, moreRows, notice, openDialog, roleLabel, timeEl, typeLabel } from "../dom.js";
import { productNames, productName } from "../products.js";
import { currentTerm, whyNot } from "../licence-view.js";

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

/**
 * Licences held per person, counted from the licence list: for an API whose users do not say
 * `licenses_held` yet. A Map email -> count, or null when the list is long or unreadable.
 */
async function heldCounts() {
  const counts = new Map();
  let cursor = null;
  let pages = 0;
  try {
    do {
      const page = await api("/licenses", { query: { limit: 100, cursor } });
      for (const l of page.licenses) if (l.assignee && l.status !== "expired") counts.set(l.assignee, (counts.get(l.assignee) ?? 0) + 1);
      cursor = page.next;
    } while (cursor && ++pages < 5);
  } catch (error) {
    if (error?.code === "unauthenticated") throw error;
    return null;
  }
  return cursor ? null : counts;
}

const PAGE = 50;

export async function render(view, ctx) {
  const noticeSlot = h("div", { "aria-live": "polite" });

  // Invite
  const email = h("input", { type: "email", name: "email", autocomplete: "off", spellcheck: "false", required: true, testid: "invite-email" });
  const role = h("select", { name: "role", testid: "invite-role" }, h("option", { value: "member" }, "Member"), h("option", { value: "admin" }, "Admin"));
  const invite = h("button", { type: "submit", class: "button", testid: "invite-submit" }, "Send invitation");
  const inviteHeading = h("h2", { id: "invite-heading" }, "Invite someone");
  const inviteForm = h(
    "form",
    { class: "card invite", "aria-labelledby": "invite-heading", novalidate: true, testid: "invite-form" },
    inviteHeading,
    h("div", { class: "inline-fields" }, field({ label: "Email", input: email }), field({ label: "Role", input: role }), h("div", { class: "field field-button" }, invite)),
  );
  const inviteErrs = formErrors(inviteForm, { labels: { email: "Email", role: "Role" }, testid: "invite-error" });
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
          notice(status === 201 ? `Invitation sent to ${who} as ${roleLabel(answer?.user?.role ?? body.role).toLowerCase()}.` : `${who} is already a member; the invitation was sent again.`, "invite-message"),
        );
        email.value = "";
        loadList();
      } catch (error) {
        if (error?.code !== "unauthenticated") inviteErrs.show(error);
      }
    });
  });

  const results = h("div", { testid: "users-results" });
  view.append(h("p", { class: "lead" }, "People of your organisation. Members see their own licences; admins manage the organisation."), inviteForm, noticeSlot, h("h2", null, "People"), results);

  const rowError = (row, error) => {
    const slot = row.querySelector("[data-row-error]");
    slot.replaceChildren(h("span", { role: "alert" }, messageOf(error)));
  };

  /** A role or status change, reviewed and confirmed in a dialog before it is sent. */
  const change = (user, patch, button) => {
    const row = button.closest("tr");
    row.querySelector("[data-row-error]").replaceChildren();
    const who = user.email === ctx.me.email ? `${user.email} (you)` : user.email;
    const org = ctx.me.org?.name ?? "the organisation";
    let title;
    let what;
    let then;
    let confirmText;
    if (patch.role === "admin") {
      title = "Make admin";
      what = `Make ${who} an admin of ${org}?`;
      then = "Admins have the same rights as the first admin: banks, licences, product versions, users and the audit trail. They are told by email.";
      confirmText = "Confirm: make admin";
    } else if (patch.role === "member") {
      title = "Make member";
      what = `Make ${who} a member of ${org}, no longer an admin?`;
      then = "Members see only their own licences and downloads. The organisation keeps at least one active admin. They are told by email.";
      confirmText = "Confirm: make member";
    } else if (patch.status === "inactive") {
      title = "Deactivate";
      what = `Deactivate ${who}?`;
      then = `They can no longer use the portal; they keep ${user.licenses_held !== undefined ? count(user.licenses_held, "licence") : "their licences"}, and can be reactivated later. They are told by email.`;
      confirmText = "Confirm: deactivate";
    } else {
      title = "Reactivate";
      what = `Reactivate ${who}?`;
      then = "They can use the portal again with their role. They are told by email.";
      confirmText = "Confirm: reactivate";
    }
    const dialog = openDialog({ title, testid: "user-change-dialog" });
    const confirm = h("button", { type: "submit", class: patch.status === "inactive" ? "button danger" : "button", testid: "user-change-confirm" }, confirmText);
    const cancel = h("button", { type: "button", class: "button secondary", testid: "user-change-cancel", onclick: () => dialog.close() }, "Cancel");
    const form = h(
      "form",
      null,
      h("p", { testid: "user-change-what" }, what),
      h(
        "dl",
        { class: "quote" },
        h("div", null, h("dt", null, "Role"), h("dd", null, patch.role ? `${roleLabel(user.role)} \u2192 ${roleLabel(patch.role)}` : roleLabel(user.role))),
        h("div", null, h("dt", null, "Status"), h("dd", null, patch.status ? `${cap(user.status)} \u2192 ${cap(patch.status)}` : cap(user.status))),
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
        const fresh = table.rowOf({ ...user, ...updated, licenses_held: updated.licenses_held ?? user.licenses_held });
        row.replaceWith(fresh);
        noticeSlot.replaceChildren(notice(`${updated.email} is now ${roleLabel(updated.role).toLowerCase()}, ${updated.status}.`, "users-notice"));
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
      h("p", null, `${user.email} holds ${count(held.length, "licence")} that ${held.length === 1 ? "has" : "have"} not expired:`),
      h(
        "ul",
        { class: "held-list" },
        held.map((l) => {
          const reason = whyNot(l, "return");
          const term = currentTerm(l);
          return h(
            "li",
            { testid: "remove-held-license", "data-code": l.code, "data-returnable": reason ? "no" : "yes" },
            h("a", { href: `#/licences/${encodeURIComponent(l.code)}` }, h("code", null, l.code)),
            ` ${productName(names, l.product)} ${l.bank?.version ?? ""}, ${typeLabel(l.type)}, until ${term.expiry}: `,
            reason
              ? h("span", { testid: "remove-held-reason" }, `cannot be returned. ${reason.message}${reason.hint ? ` ${reason.hint}` : ""} They can be removed once it expires.`)
              : h("span", { testid: "remove-held-reason" }, "can be returned from its page; then they can be removed."),
          );
        }),
      ),
    );
  };

  const remove = (user, button) => {
    const dialog = openDialog({ title: "Remove from the organisation", testid: "remove-dialog" });
    const confirm = h("button", { type: "submit", class: "button danger", testid: "remove-confirm" }, "Remove");
    const cancel = h("button", { type: "button", class: "button secondary", testid: "remove-cancel", onclick: () => dialog.close() }, "Cancel");
    let question = null;
    let caveat = null;
    const form = h(
      "form",
      null,
      question = h("p", null, "Remove ", h("strong", { testid: "remove-email" }, user.email), ` (${roleLabel(user.role).toLowerCase()}) from ${ctx.me.org?.name ?? "the organisation"}?`),
      caveat = h(
        "p",
        { class: "muted" },
        user.licenses_held
          ? `They hold ${count(user.licenses_held, "licence")}: people who hold unexpired licences cannot be removed.`
          : "They can no longer sign in to the portal. People who still hold unexpired licences cannot be removed.",
      ),
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
        noticeSlot.replaceChildren(notice(`${user.email} was removed from the organisation.`, "users-notice"));
        const next = row?.nextElementSibling ?? row?.previousElementSibling;
        row?.remove();
        (next?.querySelector("button") ?? document.querySelector("main h1"))?.focus();
      } catch (error) {
        if (error?.code === "unauthenticated") return;
        errs.show(error);
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
          cancel.textContent = "Close";
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
        noticeSlot.replaceChildren(notice(`The invitation was sent to ${user.email} again.`, "users-notice"));
      } catch (error) {
        if (error?.code !== "unauthenticated") rowError(row, error);
      }
    });
  };

  const table = dataTable({
    caption: "People",
    testid: "users-table",
    rowAttrs: (u) => ({ testid: "user-row", "data-email": u.email }),
    columns: [
      { label: "Email", cell: (u) => h("span", { testid: "user-email-cell" }, u.email, u.email === ctx.me.email ? h("span", { class: "tag" }, "you") : null) },
      { label: "Role", cell: (u) => h("span", { testid: "user-role-cell" }, roleLabel(u.role)) },
      { label: "Status", cell: (u) => badge(u.status, "user-status-cell") },
      {
        label: "Licences held",
        cell: (u) => {
          const n = u.licenses_held ?? (held ? held.get(u.email) ?? 0 : null);
          if (n === null) return "";
          const number = h("span", { testid: "user-licenses-held" }, String(n));
          return n > 0 ? h("a", { href: `#/licences?q=${encodeURIComponent(u.email)}`, "aria-label": `${count(n, "licence")} held by ${u.email}` }, number) : number;
        },
        className: "num",
      },
      {
        label: "Last sign-in",
        cell: (u) =>
          h(
            "span",
            { testid: "user-last-sign-in" },
            u.last_sign_in ? timeEl(u.last_sign_in) : u.status === "invited" ? h("span", { class: "muted" }, "Never (invited)") : h("span", { class: "muted" }, "Not recorded"),
          ),
      },
      { label: "Invited on", cell: (u) => u.invited_on, className: "date" },
      {
        label: "Actions",
        cell: (u) => {
          const roleButton = h(
            "button",
            { type: "button", class: "button small secondary", testid: "user-role-toggle", "aria-label": u.role === "admin" ? `Make member: ${u.email}` : `Make admin: ${u.email}` },
            u.role === "admin" ? "Make member" : "Make admin",
          );
          roleButton.addEventListener("click", () => change(u, { role: u.role === "admin" ? "member" : "admin" }, roleButton));
          const inactive = u.status === "inactive";
          const statusButton = h(
            "button",
            { type: "button", class: "button small secondary", testid: "user-status-toggle", "aria-label": inactive ? `Reactivate ${u.email}` : `Deactivate ${u.email}` },
            inactive ? "Reactivate" : "Deactivate",
          );
          statusButton.addEventListener("click", () => change(u, { status: inactive ? "active" : "inactive" }, statusButton));
          const removeButton = h("button", { type: "button", class: "button small danger-outline", testid: "user-remove", "aria-label": `Remove ${u.email}` }, "Remove");
          removeButton.addEventListener("click", () => remove(u, removeButton));
          let again = null;
          if (u.status === "invited") {
            again = h("button", { type: "button", class: "button small secondary", testid: "user-reinvite", "aria-label": `Resend invitation to ${u.email}` }, "Resend invitation");
            again.addEventListener("click", () => reinvite(u, again));
          }
          return h("span", { class: "row-actions" }, roleButton, statusButton, again, removeButton, h("span", { class: "row-error", "data-row-error": "", testid: "user-error" }));
        },
      },
    ],
  });

  let held = null;
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
      results.append(empty("Nobody yet.", "users-empty"));
      return;
    }
    held = first.users.some((u) => u.licenses_held === undefined) ? await heldCounts() : null;
    if (!ctx.current()) return;
    table.add(first.users);
    results.append(table.element);
    results.append(...moreRows(first.next, (cursor) => api("/users", { query: { limit: PAGE, cursor } }), table, "users"));
  }
  await loadList();
}
