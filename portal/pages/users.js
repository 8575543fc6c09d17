// Users of the organisation: invite (or invite again), change role or status, remove
// (GET/POST /v1/users, PATCH/DELETE /v1/users/{email}).

import { api, apiWithStatus, keyKeeper, newKey, seg } from "../api.js";
import { h, badge, busy, dataTable, empty, errorBox, field, formErrors, messageOf, moreRows, notice, openDialog, roleLabel } from "../dom.js";

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

  const change = (user, patch, button) => {
    const row = button.closest("tr");
    row.querySelector("[data-row-error]").replaceChildren();
    return busy(button, async () => {
      try {
        const updated = await api(`/users/${seg(user.email)}`, { method: "PATCH", body: patch, idempotencyKey: newKey() });
        const fresh = table.rowOf(updated);
        row.replaceWith(fresh);
        noticeSlot.replaceChildren(notice(`${updated.email} is now ${roleLabel(updated.role).toLowerCase()}, ${updated.status}.`, "users-notice"));
        // Keep keyboard focus on the same control in the new row.
        fresh.querySelector(`[data-testid="${button.dataset.testid}"]`)?.focus();
      } catch (error) {
        if (error?.code !== "unauthenticated") rowError(row, error);
      }
    });
  };

  const remove = (user, button) => {
    const dialog = openDialog({ title: "Remove from the organisation", testid: "remove-dialog" });
    const confirm = h("button", { type: "submit", class: "button danger", testid: "remove-confirm" }, "Remove");
    const cancel = h("button", { type: "button", class: "button secondary", testid: "remove-cancel", onclick: () => dialog.close() }, "Cancel");
    const form = h(
      "form",
      null,
      h("p", null, "Remove ", h("strong", { testid: "remove-email" }, user.email), ` (${roleLabel(user.role).toLowerCase()}) from ${ctx.me.org?.name ?? "the organisation"}?`),
      h("p", { class: "muted" }, "They can no longer sign in to the portal. People who still hold unexpired licences cannot be removed; return their licences first."),
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
        if (error?.code !== "unauthenticated") errs.show(error);
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
      { label: "Invited on", cell: (u) => u.invited_on, className: "date" },
      {
        label: "Actions",
        cell: (u) => {
          const roleButton = h(
            "button",
            { type: "button", class: "button small secondary", testid: "user-role-toggle", "aria-label": u.role === "admin" ? `Make ${u.email} a member` : `Make ${u.email} an admin` },
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
            again = h("button", { type: "button", class: "button small secondary", testid: "user-reinvite", "aria-label": `Send the invitation to ${u.email} again` }, "Resend invitation");
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
      results.append(empty("Nobody yet.", "users-empty"));
      return;
    }
    table.add(first.users);
    results.append(table.element);
    results.append(...moreRows(first.next, (cursor) => api("/users", { query: { limit: PAGE, cursor } }), table, "users"));
  }
  await loadList();
}
