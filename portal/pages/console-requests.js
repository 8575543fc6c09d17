// The licence provider's queue of credit requests (GET /v1/operator/credit-requests: pending
// ones oldest first by default; granted, declined or withdrawn ones most recently decided
// first; of every organisation or of one), granting one into a bank (a top-up of one of the
// organisation's banks of that product, or a new bank) or declining it with a reason, each
// reviewed before it is confirmed.

import { api, seg } from "../api.js";
import { h, badge, checkbox, clear, dataTable, empty, errorBox, field, formErrors, loading, moreRows, notice, timeEl, todayIso } from "../dom.js";
import { actionDialog, catalogProducts, knowOrg, orgHref, orgLink, plural, productLabel, required, text, wholeNumber, yearAfter } from "./console-kit.js";

const PAGE = 25;
const STATUSES = [
  ["pending", "Pending"],
  ["granted", "Granted"],
  ["declined", "Declined"],
  ["withdrawn", "Withdrawn"],
];


/** Each organisation's page data (name and banks), read once per render. */
function orgReader() {
  const read = new Map();
  return (id) => {
    if (!read.has(id)) {
      read.set(
        id,
        api(`/operator/orgs/${seg(id)}`).then((d) => {
          knowOrg(d.org.id, d.org.name);
          return d;
        }),
      );
    }
    return read.get(id);
  };
}

const bankWords = (products, b) => `${productLabel(products, b.product)} ${b.version}, ${b.start} to ${b.expiry}`;

function openGrant({ request, detail, products, onDone }) {
  const org = detail.org;
  const usable = detail.banks.filter((b) => b.product === request.product && b.status !== "expired");
  const today = todayIso();
  const wished = request.start && request.start > today ? request.start : today;
  const credits = h("input", { type: "number", name: "credits", min: "1", step: "1", inputmode: "numeric", value: String(request.credits), testid: "grant-request-credits" });
  const topUp = h("input", { type: "radio", name: "target", value: "bank", id: "grant-target-bank", testid: "grant-request-target-bank", checked: usable.length > 0, disabled: usable.length === 0 });
  const fresh = h("input", { type: "radio", name: "target", value: "new", id: "grant-target-new", testid: "grant-request-target-new", checked: usable.length === 0 });
  const bank = h(
    "select",
    { name: "bank", testid: "grant-request-bank", disabled: usable.length === 0 },
    usable.map((b) => h("option", { value: b.id, selected: b.id === request.bank }, `${bankWords(products, b)} (${b.remaining} remaining)`)),
  );
  const versions = products?.find((p) => p.id === request.product)?.versions ?? [];
  const version = versions.length
    ? h("select", { name: "version", testid: "grant-request-version" }, [...versions].sort((a, b) => Number(b) - Number(a)).map((v) => h("option", { value: v }, v)))
    : h("input", { type: "text", name: "version", inputmode: "decimal", autocomplete: "off", testid: "grant-request-version" });
  const portable = h("input", { type: "checkbox", name: "portable", testid: "grant-request-portable" });
  const start = h("input", { type: "date", name: "start", value: wished, testid: "grant-request-start" });
  const expiry = h("input", { type: "date", name: "expiry", value: yearAfter(wished), testid: "grant-request-expiry" });
  const newBankFields = h(
    "fieldset",
    { class: "full", testid: "grant-request-new-bank" },
    h("legend", null, "The new bank"),
    h(
      "div",
      { class: "form-grid" },
      field({ label: "Version", input: version }),
      h("div", { class: "field" }, checkbox({ label: "Portable (25.1 or later: licences can be returned and reassigned)", input: portable })),
      field({ label: "Start", input: start, hint: request.start ? `They wished ${request.start}.` : "They named no date." }),
      field({ label: "Expiry", input: expiry, hint: "Unused credits are forfeited on this date." }),
    ),
  );
  const bankField = field({ label: "Bank to top up", input: bank });
  const sync = () => {
    const toBank = topUp.checked;
    bankField.hidden = !toBank;
    newBankFields.hidden = toBank;
  };
  topUp.addEventListener("change", sync);
  fresh.addEventListener("change", sync);
  sync();
  const asked = request.bank ? detail.banks.find((b) => b.id === request.bank) : null;
  actionDialog({
    name: "grant-request",
    title: `Grant credits to ${org.name}`,
    wide: true,
    intro: h(
      "p",
      null,
      `${request.requested_by} asked on ${String(request.requested_at).slice(0, 10)} for ${plural(request.credits, "credit")} of ${productLabel(products, request.product)}`,
      asked ? `, to top up the ${asked.version} bank (${asked.start} to ${asked.expiry})` : ", in a new bank",
      request.start ? `, from ${request.start}` : "",
      ".",
      request.note ? [h("br"), h("span", { class: "request-note" }, `\u201c${request.note}\u201d`)] : null,
    ),
    fields: [
      field({ label: "Credits to grant", input: credits, hint: "The credits asked for, unless you grant another number." }),
      h(
        "fieldset",
        { class: "full" },
        h("legend", null, "Into"),
        h("div", { class: "field field-check" }, topUp, h("label", { for: "grant-target-bank" }, usable.length ? "An existing bank of this product" : "An existing bank (none usable: all expired or none yet)")),
        h("div", { class: "field field-check" }, fresh, h("label", { for: "grant-target-new" }, "A new bank")),
      ),
      h("div", { class: "full" }, bankField),
      newBankFields,
    ],
    labels: { credits: "Credits to grant", bank: "Bank to top up", version: "Version", start: "Start", expiry: "Expiry", "new_bank.version": "Version", "new_bank.start": "Start", "new_bank.expiry": "Expiry" },
    read: (form) => {
      const c = wholeNumber(form, "credits", "Credits to grant");
      if (c.error) return c;
      if (topUp.checked) return { body: { credits: c.value, bank: bank.value } };
      const v = required(form, "version", "Version");
      if (v.error) return v;
      const s = text(form, "start");
      const e = text(form, "expiry");
      if (!/^\d{4}-\d{2}-\d{2}$/.test(e)) return { error: { field: "expiry", message: "Expiry must be a date (YYYY-MM-DD)" } };
      if (s && e <= s) return { error: { field: "expiry", message: "Expiry must be after the start" } };
      const newBank = { version: v.value, portable: portable.checked, expiry: e };
      if (s) newBank.start = s;
      return { body: { credits: c.value, new_bank: newBank } };
    },
    review: (body) => {
      const target = body.bank ? detail.banks.find((b) => b.id === body.bank) : null;
      const what = target
        ? `top up the ${bankWords(products, target)} bank`
        : `create a ${productLabel(products, request.product)} ${body.new_bank.version} bank${body.new_bank.portable ? " (portable)" : ""} from ${body.new_bank.start ?? "today"} to ${body.new_bank.expiry}`;
      return {
        summary: `Grant ${plural(body.credits, "credit")} to ${org.name}: ${what}.`,
        rows: target
          ? [
              ["Granted", `${target.granted} \u2192 ${target.granted + body.credits}`, "grant-request-review-granted"],
              ["Remaining", `${target.remaining} \u2192 ${target.remaining + body.credits}`, "grant-request-review-remaining"],
              ["Expires", target.expiry],
            ]
          : [
              ["Credits", String(body.credits), "grant-request-review-credits"],
              ["Start", body.new_bank.start ?? "today"],
              ["Expiry", body.new_bank.expiry],
            ],
        notes: [
          body.credits !== request.credits ? `They asked for ${plural(request.credits, "credit")}; you grant ${body.credits}.` : null,
          `${request.requested_by} is mailed that the request was granted.`,
        ].filter(Boolean),
        confirm: `Grant ${plural(body.credits, "credit")}`,
      };
    },
    send: (body, key) => api(`/operator/credit-requests/${seg(request.id)}/grant`, { method: "POST", body, idempotencyKey: key }),
    result: (answer) => ({
      heading: "Request granted",
      text: `${plural(answer.request.granted ?? 0, "credit")} granted to ${org.name}: the ${bankWords(products, answer.bank)} bank now has ${answer.bank.granted} granted and ${answer.bank.remaining} remaining.`,
      extra: h("p", null, h("a", { href: orgHref(org.id), testid: "grant-request-org" }, `The banks of ${org.name}`)),
    }),
    onDone,
  });
}

function openDecline({ request, detail, products, onDone }) {
  const reason = h("input", { type: "text", name: "reason", maxlength: "500", autocomplete: "off", testid: "decline-request-reason" });
  actionDialog({
    name: "decline-request",
    title: `Decline the request of ${detail.org.name}`,
    intro: h("p", null, `${request.requested_by} asked for ${plural(request.credits, "credit")} of ${productLabel(products, request.product)}.`),
    fields: [field({ label: "Reason", input: reason, hint: "Mailed to the admin who asked; one line." })],
    labels: { reason: "Reason" },
    read: (form) => {
      const r = required(form, "reason", "Reason");
      return r.error ? r : { body: { reason: r.value } };
    },
    review: (body) => ({
      summary: `Decline ${detail.org.name}'s request for ${plural(request.credits, "credit")} of ${productLabel(products, request.product)}: \u201c${body.reason}\u201d.`,
      notes: [`${request.requested_by} is mailed the reason. Credits it held as requested on a bank are released.`],
      confirm: "Decline the request",
      danger: true,
    }),
    send: (body, key) => api(`/operator/credit-requests/${seg(request.id)}/decline`, { method: "POST", body, idempotencyKey: key }),
    result: (answer) => ({ heading: "Request declined", text: `The request of ${detail.org.name} is declined: ${answer.reason}.` }),
    onDone,
  });
}

export async function render(view, ctx) {
  const status = STATUSES.some(([s]) => s === ctx.params.get("status")) ? ctx.params.get("status") : "pending";
  const org = ctx.params.get("org") ?? "";
  const products = await catalogProducts();
  const detailOf = orgReader();
  const noticeSlot = h("div", { "aria-live": "polite", testid: "requests-notice-area" });
  const statusSelect = h("select", { name: "status", testid: "requests-status" }, STATUSES.map(([v, t]) => h("option", { value: v, selected: v === status }, t)));
  const form = h(
    "form",
    { class: "filters", role: "search", "aria-label": "Filter credit requests", novalidate: true, testid: "requests-filters" },
    field({ label: "Status", input: statusSelect }),
    org ? h("div", { class: "field" }, h("span", { class: "label" }, "Organisation"), h("span", { class: "filter-chip" }, orgLink(org), " ", h("a", { href: `#/console/requests?${new URLSearchParams({ status })}`, testid: "requests-all-orgs" }, "All organisations"))) : null,
    h("div", { class: "filter-actions" }, h("button", { type: "submit", class: "button secondary", testid: "requests-apply" }, "Show")),
  );
  const errs = formErrors(form, { labels: { status: "Status", org: "Organisation" }, testid: "requests-filter-error" });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const q = new URLSearchParams({ status: statusSelect.value });
    if (org) q.set("org", org);
    ctx.go(`#/console/requests?${q}`);
  });
  const results = h("div", { testid: "requests-results" });
  view.append(
    h("p", { class: "lead" }, status === "pending" ? "What organisations asked for and wait for, oldest first: grant each into a bank, or decline it with a reason." : "Requests already answered or withdrawn, most recently decided first."),
    noticeSlot,
    form,
    results,
  );

  const done = (answer, text) => {
    noticeSlot.replaceChildren(notice(text, "requests-notice"));
    load();
  };
  const act = (open, r, button) =>
    detailOf(r.org).then(
      (detail) => open({ request: r, detail, products, onDone: done }),
      (error) => {
        if (error?.code !== "unauthenticated") button.closest("td").append(errorBox(error, "request-row-error"));
      },
    );

  const columns = [
    { label: "Asked", cell: (r) => h("span", null, timeEl(r.requested_at), h("span", { class: "sub break" }, r.requested_by)) },
    { label: "Organisation", cell: (r) => orgLink(r.org, { testid: "request-org" }), className: "subject" },
    { label: "Credits", cell: (r) => h("span", null, h("strong", { testid: "queue-request-credits" }, String(r.credits)), h("span", { class: "sub" }, productLabel(products, r.product))), className: "num" },
    {
      label: "Into",
      cell: (r) => {
        const slot = h("span", { testid: "queue-request-target" }, r.bank ? "A bank" : "A new bank");
        if (r.bank) {
          detailOf(r.org)
            .then((d) => {
              const b = d.banks.find((x) => x.id === r.bank);
              if (b) slot.textContent = `Top up: ${b.version}, ${b.start} to ${b.expiry}`;
            })
            .catch(() => {});
        }
        return h("span", null, slot, r.start ? h("span", { class: "sub" }, `from ${r.start}`) : null);
      },
    },
    { label: "Note", cell: (r) => (r.note ? h("span", { class: "request-note" }, r.note) : ""), className: "wide" },
    {
      label: "Status",
      cell: (r) =>
        h(
          "span",
          null,
          badge(r.status, "queue-request-status"),
          r.status === "granted" ? h("span", { class: "sub" }, `${r.granted} granted`) : null,
          r.status === "declined" && r.reason ? h("span", { class: "sub break" }, r.reason) : null,
          r.decided_at ? h("span", { class: "sub" }, timeEl(r.decided_at)) : null,
        ),
    },
    {
      label: "Actions",
      cell: (r) => {
        if (r.status !== "pending") return h("span", { class: "muted" }, "None");
        const grant = h("button", { type: "button", class: "button small", testid: "queue-grant-open", "aria-label": `Grant the request of ${r.requested_by} for ${r.credits} credits` }, "Grant");
        const decline = h("button", { type: "button", class: "button small danger-outline", testid: "queue-decline-open", "aria-label": `Decline the request of ${r.requested_by} for ${r.credits} credits` }, "Decline");
        grant.addEventListener("click", () => act(openGrant, r, grant));
        decline.addEventListener("click", () => act(openDecline, r, decline));
        return h("span", { class: "row-actions row-actions-stack" }, grant, decline);
      },
    },
  ];

  async function load() {
    clear(results).append(loading("Loading credit requests\u2026"));
    errs.clear();
    const query = { status, org, limit: PAGE };
    let first;
    try {
      first = await api("/operator/credit-requests", { query });
    } catch (error) {
      if (error?.code === "unauthenticated") return;
      clear(results);
      if (!errs.show(error)) results.append(errorBox(error));
      return;
    }
    if (!ctx.current()) return;
    clear(results);
    if (!first.credit_requests.length) {
      results.append(empty(status === "pending" ? "Nothing waits: every request is answered." : "None.", "requests-empty"));
      return;
    }
    const table = dataTable({
      caption: "Credit requests",
      testid: "queue-table",
      rowAttrs: (r) => ({ testid: "queue-request-row", "data-request": r.id, "data-org": r.org }),
      columns,
      rows: first.credit_requests,
    });
    results.append(table.element, ...moreRows(first.next, (cursor) => api("/operator/credit-requests", { query: { ...query, cursor } }), table, "credit_requests"));
  }
  await load();
}
