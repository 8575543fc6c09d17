// The computers using a licence (GET /v1/licenses/{code}/machines for admins,
// GET /v1/me/licenses/{code}/machines for the licence's holder): each seat in use with its
// hostname, platform, first and last seen and kind; "N of M computers in use"; a Release button
// reviewed in a dialog that says what releasing means and how many releases remain this period.
// Releasing a computer frees its seat for another one: it does not deactivate the licence.

import { api, newKey, seg } from "./api.js";
import { h, dataTable, formErrors, busy, notice, openDialog } from "./dom.js";
import { formatDate, formatDateTime, formatNumber, t } from "./i18n.js";

const when = (at) => (at ? h("time", { datetime: String(at), title: formatDateTime(at) }, formatDate(at, "medium")) : "");
const whenExactly = (at) => (at ? h("time", { datetime: String(at) }, formatDateTime(at)) : "");

function base(code, admin) {
  return admin ? `/licenses/${seg(code)}/machines` : `/me/licenses/${seg(code)}/machines`;
}

function kindOf(m) {
  if (m.kind === "lease") {
    return h(
      "span",
      { testid: "machine-kind", "data-kind": "lease" },
      t("mach-kind-lease"),
      m.borrowed_until ? h("span", { class: "sub", testid: "machine-borrowed" }, t("mach-borrowed-until", { date: formatDateTime(m.borrowed_until) })) : null,
    );
  }
  return h("span", { testid: "machine-kind", "data-kind": "machine" }, t("mach-kind-machine"));
}

/** The review before a release: what it means, how many releases remain. */
function openRelease(code, admin, machines, m, onDone) {
  const dialog = openDialog({ title: t("mach-release-title", { hostname: m.hostname }), testid: "release-dialog" });
  dialog.dialog.querySelector("[data-testid=dialog-close]")?.setAttribute("aria-label", t("lic-close"));
  const confirm = h("button", { type: "submit", class: "button danger", testid: "release-confirm" }, t("mach-release-confirm"));
  const cancel = h("button", { type: "button", class: "button secondary", testid: "release-cancel", onclick: () => dialog.close() }, t("lic-cancel"));
  const r = machines.releases;
  const counts = m.release_counts
    ? h("p", { testid: "release-left" }, t("mach-release-counts", { left: r.left, leftN: formatNumber(r.left), max: r.max, maxN: formatNumber(r.max), days: r.days, daysN: formatNumber(r.days) }))
    : h("p", { testid: "release-left" }, t("mach-release-lease-free"));
  const form = h(
    "form",
    null,
    h(
      "dl",
      { class: "quote" },
      h("div", null, h("dt", null, t("mach-hostname")), h("dd", { testid: "release-hostname" }, m.hostname)),
      h("div", null, h("dt", null, t("mach-platform")), h("dd", null, m.platform)),
      h("div", null, h("dt", null, t("mach-last-seen")), h("dd", null, whenExactly(m.last_seen))),
    ),
    h("p", { testid: "release-meaning" }, t("mach-release-meaning", { hostname: m.hostname })),
    h("p", { class: "muted" }, t("mach-release-not-deactivate")),
    counts,
    h("div", { class: "actions" }, cancel, confirm),
  );
  const errs = formErrors(form, { testid: "release-error" });
  // One key for this dialog's release: a retry after a lost answer answers what the release
  // did, instead of "not found" for the seat it freed.
  const idempotencyKey = newKey();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errs.clear();
    try {
      const after = await busy([confirm, cancel], () => api(`${base(code, admin)}/${seg(m.seat)}/release`, { method: "POST", query: { machine: m.machine }, idempotencyKey }));
      dialog.close();
      onDone(after, t("mach-released-notice", { hostname: m.hostname }));
    } catch (error) {
      if (error?.code !== "unauthenticated") errs.show(error);
    }
  });
  dialog.body.append(form);
  cancel.focus();
}

/**
 * The licence's computers as a card: `license` ({ code, type }), `admin` (which route). The
 * card re-renders itself after a release.
 */
export async function machinesCard(license, { admin, named = false }) {
  const headingId = `machines-heading-${license.code}`;
  const card = h("section", { class: "card", "aria-labelledby": headingId, testid: "machines", "data-code": license.code });
  const fill = (machines, message) => {
    const floating = machines.type === "floating";
    const summary = floating
      ? t("mach-leases-in-use", { used: machines.in_use, usedN: formatNumber(machines.in_use), seats: machines.seats, seatsN: formatNumber(machines.seats) })
      : t("mach-in-use", { used: machines.in_use, usedN: formatNumber(machines.in_use), seats: machines.seats, seatsN: formatNumber(machines.seats) });
    const r = machines.releases;
    const parts = [
      h(named ? "h3" : "h2", { id: headingId }, named ? t("mach-heading-of", { code: license.code, product: license.product_name ?? license.product ?? "" }) : t(floating ? "mach-heading-floating" : "mach-heading")),
      h("p", { testid: "machines-in-use", "data-used": String(machines.in_use), "data-seats": String(machines.seats) }, h("strong", null, summary)),
    ];
    if (message) parts.push(notice(message, "machines-notice"));
    if (!machines.machines.length) parts.push(h("p", { class: "muted", testid: "machines-empty" }, t(floating ? "mach-none-floating" : "mach-none")));
    else {
      const table = dataTable({
        caption: t("mach-caption", { code: license.code }),
        testid: "machines-table",
        rowAttrs: (m) => ({ testid: "machine-row", "data-seat": String(m.seat), "data-hostname": m.hostname }),
        columns: [
          { label: t("mach-hostname"), cell: (m) => h("span", { class: "break", testid: "machine-hostname" }, m.hostname) },
          { label: t("mach-platform"), cell: (m) => h("span", { testid: "machine-platform" }, m.platform) },
          { label: t("mach-first-seen"), cell: (m) => h("span", { testid: "machine-first-seen" }, when(m.first_seen)), className: "date" },
          { label: t("mach-last-seen"), cell: (m) => h("span", { testid: "machine-last-seen" }, whenExactly(m.last_seen)), className: "date" },
          { label: t("mach-kind"), cell: kindOf },
          {
            label: t("mach-actions"),
            cell: (m) =>
              h(
                "button",
                {
                  type: "button",
                  class: "button small secondary",
                  testid: "machine-release",
                  "aria-label": t("mach-release-aria", { hostname: m.hostname }),
                  onclick: () => openRelease(license.code, admin, machines, m, (after, text) => fill(after, text)),
                },
                t("mach-release"),
              ),
          },
        ],
        rows: machines.machines,
      });
      parts.push(table.element);
    }
    parts.push(
      h(
        "p",
        { class: "muted", testid: "machines-releases" },
        t("mach-releases-left", { left: r.left, leftN: formatNumber(r.left), max: r.max, maxN: formatNumber(r.max), days: r.days, daysN: formatNumber(r.days) }),
        " ",
        t("mach-release-not-deactivate"),
      ),
    );
    card.replaceChildren(...parts);
  };
  try {
    fill(await api(base(license.code, admin)));
  } catch (error) {
    if (error?.status === 404) return null;
    throw error;
  }
  return card;
}
