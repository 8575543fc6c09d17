// The licence provider's queue of credit requests (GET /v1/operator/credit-requests: pending
// ones oldest first by default; granted, declined or withdrawn ones most recently decided
// first; of every organisation or of one), granting one into a bank (a top-up of one of the
// organisation's banks of that product, or a new bank) or declining it with a reason, each
// reviewed before it is confirmed.

import { api, seg } from "../api.js";
import { h, checkbox, clear, dataTable, empty, errorBox, field, formErrors, loading, moreRows, notice, todayIso } from "../dom.js";
import { t } from "../i18n.js";
import { actionDialog, catalogProducts, day, knowOrg, num, orgHref, orgLink, productLabel, required, statusBadge, text, when, wholeNumber, yearAfter } from "./console-kit.js";

const PAGE = 25;
const STATUSES = ["pending", "granted", "declined", "withdrawn"];


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

const bankWords = (products, b) => t("req-bank-words", { bank: `${productLabel(products, b.product)} ${b.version}`, start: day(b.start, "medium"), expiry: day(b.expiry, "medium") });

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
    usable.map((b) => h("option", { value: b.id, selected: b.id === request.bank }, t("req-bank-option", { bank: bankWords(products, b), remaining: num(b.remaining) }))),
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
    h("legend", null, t("req-new-bank-legend")),
    h(
      "div",
      { class: "form-grid" },
      field({ label: t("org-version"), input: version }),
      h("div", { class: "field" }, checkbox({ label: t("req-portable-check"), input: portable })),
      field({ label: t("org-start"), input: start, hint: request.start ? t("req-wished", { date: day(request.start) }) : t("req-no-date") }),
      field({ label: t("org-expiry"), input: expiry, hint: t("req-expiry-hint") }),
    ),
  );
  const bankField = field({ label: t("req-bank-to-top-up"), input: bank });
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
    title: t("req-grant-title", { org: org.name }),
    wide: true,
    intro: h(
      "p",
      null,
      t(asked ? "req-asked-top-up" : "req-asked-new", {
        who: request.requested_by,
        on: day(request.requested_at),
        count: request.credits,
        n: num(request.credits),
        product: productLabel(products, request.product),
        version: asked?.version ?? "",
        start: asked ? day(asked.start) : "",
        expiry: asked ? day(asked.expiry) : "",
        from: request.start ? day(request.start) : "",
        dated: request.start ? "yes" : "no",
      }),
      request.note ? [h("br"), h("span", { class: "request-note" }, t("req-quoted", { text: request.note }))] : null,
    ),
    fields: [
      field({ label: t("org-grant-label"), input: credits, hint: t("req-credits-hint") }),
      h(
        "fieldset",
        { class: "full" },
        h("legend", null, t("req-into")),
        h("div", { class: "field field-check" }, topUp, h("label", { for: "grant-target-bank" }, t(usable.length ? "req-existing-bank" : "req-existing-bank-none"))),
        h("div", { class: "field field-check" }, fresh, h("label", { for: "grant-target-new" }, t("req-a-new-bank"))),
      ),
      h("div", { class: "full" }, bankField),
      newBankFields,
    ],
    labels: { credits: t("org-grant-label"), bank: t("req-bank-to-top-up"), version: t("org-version"), start: t("org-start"), expiry: t("org-expiry"), "new_bank.version": t("org-version"), "new_bank.start": t("org-start"), "new_bank.expiry": t("org-expiry") },
    read: (form) => {
      const c = wholeNumber(form, "credits", t("org-grant-label"));
      if (c.error) return c;
      if (topUp.checked) return { body: { credits: c.value, bank: bank.value } };
      const v = required(form, "version", t("org-version"));
      if (v.error) return v;
      const s = text(form, "start");
      const e = text(form, "expiry");
      if (!/^\d{4}-\d{2}-\d{2}$/.test(e)) return { error: { field: "expiry", message: t("org-invalid-date", { label: t("org-expiry") }) } };
      if (s && e <= s) return { error: { field: "expiry", message: t("org-expiry-after-start") } };
      const newBank = { version: v.value, portable: portable.checked, expiry: e };
      if (s) newBank.start = s;
      return { body: { credits: c.value, new_bank: newBank } };
    },
    review: (body) => {
      const target = body.bank ? detail.banks.find((b) => b.id === body.bank) : null;
      const counted = { count: body.credits, n: num(body.credits), org: org.name };
      return {
        summary: target
          ? t("req-grant-summary-top-up", { ...counted, bank: bankWords(products, target) })
          : t("req-grant-summary-new", {
              ...counted,
              bank: `${productLabel(products, request.product)} ${body.new_bank.version}`,
              portable: body.new_bank.portable ? "yes" : "no",
              start: body.new_bank.start ? day(body.new_bank.start) : "",
              dated: body.new_bank.start ? "yes" : "no",
              expiry: day(body.new_bank.expiry),
            }),
        rows: target
          ? [
              [t("org-granted"), `${num(target.granted)} \u2192 ${num(target.granted + body.credits)}`, "grant-request-review-granted"],
              [t("org-remaining"), `${num(target.remaining)} \u2192 ${num(target.remaining + body.credits)}`, "grant-request-review-remaining"],
              [t("req-expires"), day(target.expiry)],
            ]
          : [
              [t("org-credits"), num(body.credits), "grant-request-review-credits"],
              [t("org-start"), body.new_bank.start ? day(body.new_bank.start) : t("req-today")],
              [t("org-expiry"), day(body.new_bank.expiry)],
            ],
        notes: [
          body.credits !== request.credits ? t("req-other-number", { count: request.credits, n: num(request.credits), granted: num(body.credits) }) : null,
          t("req-grant-mailed", { who: request.requested_by }),
        ].filter(Boolean),
        confirm: t("org-grant-confirm", { count: body.credits, n: num(body.credits) }),
      };
    },
    send: (body, key) => api(`/operator/credit-requests/${seg(request.id)}/grant`, { method: "POST", body, idempotencyKey: key }),
    result: (answer) => ({
      heading: t("req-granted"),
      text: t("req-granted-text", {
        count: answer.request.granted ?? 0,
        n: num(answer.request.granted ?? 0),
        org: org.name,
        bank: bankWords(products, answer.bank),
        granted: num(answer.bank.granted),
        remaining: num(answer.bank.remaining),
      }),
      extra: h("p", null, h("a", { href: orgHref(org.id), testid: "grant-request-org" }, t("req-banks-of", { org: org.name }))),
    }),
    onDone,
  });
}

function openDecline({ request, detail, products, onDone }) {
  const reason = h("input", { type: "text", name: "reason", maxlength: "500", autocomplete: "off", testid: "decline-request-reason" });
  actionDialog({
    name: "decline-request",
    title: t("req-decline-title", { org: detail.org.name }),
    intro: h("p", null, t("req-decline-intro", { who: request.requested_by, count: request.credits, n: num(request.credits), product: productLabel(products, request.product) })),
    fields: [field({ label: t("org-reason"), input: reason, hint: t("req-reason-hint") })],
    labels: { reason: t("org-reason") },
    read: (form) => {
      const r = required(form, "reason", t("org-reason"));
      return r.error ? r : { body: { reason: r.value } };
    },
    review: (body) => ({
      summary: t("req-decline-summary", { org: detail.org.name, count: request.credits, n: num(request.credits), product: productLabel(products, request.product), reason: body.reason }),
      notes: [t("req-decline-note", { who: request.requested_by })],
      confirm: t("req-decline-confirm"),
      danger: true,
    }),
    send: (body, key) => api(`/operator/credit-requests/${seg(request.id)}/decline`, { method: "POST", body, idempotencyKey: key }),
    result: (answer) => ({ heading: t("req-declined"), text: t("req-declined-text", { org: detail.org.name, reason: answer.reason }) }),
    onDone,
  });
}

export async function render(view, ctx) {
  const status = STATUSES.includes(ctx.params.get("status")) ? ctx.params.get("status") : "pending";
  const org = ctx.params.get("org") ?? "";
  const products = await catalogProducts();
  const detailOf = orgReader();
  const noticeSlot = h("div", { "aria-live": "polite", testid: "requests-notice-area" });
  const statusSelect = h("select", { name: "status", testid: "requests-status" }, STATUSES.map((v) => h("option", { value: v, selected: v === status }, t(`con-status-${v}`))));
  const form = h(
    "form",
    { class: "filters", role: "search", "aria-label": t("req-filter"), novalidate: true, testid: "requests-filters" },
    field({ label: t("org-status"), input: statusSelect }),
    org ? h("div", { class: "field" }, h("span", { class: "label" }, t("req-organisation")), h("span", { class: "filter-chip" }, orgLink(org), " ", h("a", { href: `#/console/requests?${new URLSearchParams({ status })}`, testid: "requests-all-orgs" }, t("req-all-orgs")))) : null,
    h("div", { class: "filter-actions" }, h("button", { type: "submit", class: "button secondary", testid: "requests-apply" }, t("req-show"))),
  );
  const errs = formErrors(form, { labels: { status: t("org-status"), org: t("req-organisation") }, testid: "requests-filter-error" });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const q = new URLSearchParams({ status: statusSelect.value });
    if (org) q.set("org", org);
    ctx.go(`#/console/requests?${q}`);
  });
  const results = h("div", { testid: "requests-results" });
  view.append(
    h("p", { class: "lead" }, t(status === "pending" ? "req-lead-pending" : "req-lead-decided")),
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
    { label: t("req-asked"), cell: (r) => h("span", null, when(r.requested_at), h("span", { class: "sub break" }, r.requested_by)) },
    { label: t("req-organisation"), cell: (r) => orgLink(r.org, { testid: "request-org" }), className: "subject" },
    { label: t("org-credits"), cell: (r) => h("span", null, h("strong", { testid: "queue-request-credits" }, num(r.credits)), h("span", { class: "sub" }, productLabel(products, r.product))), className: "num" },
    {
      label: t("req-into"),
      cell: (r) => {
        const slot = h("span", { testid: "queue-request-target" }, t(r.bank ? "req-a-bank" : "req-a-new-bank"));
        if (r.bank) {
          detailOf(r.org)
            .then((d) => {
              const b = d.banks.find((x) => x.id === r.bank);
              if (b) slot.textContent = t("req-top-up", { version: b.version, start: day(b.start, "medium"), expiry: day(b.expiry, "medium") });
            })
            .catch(() => {});
        }
        return h("span", null, slot, r.start ? h("span", { class: "sub" }, t("req-from", { date: day(r.start, "medium") })) : null);
      },
    },
    { label: t("req-note"), cell: (r) => (r.note ? h("span", { class: "request-note" }, r.note) : ""), className: "wide" },
    {
      label: t("org-status"),
      cell: (r) =>
        h(
          "span",
          null,
          statusBadge(r.status, "queue-request-status"),
          r.status === "granted" ? h("span", { class: "sub" }, t("req-n-granted", { count: r.granted, n: num(r.granted) })) : null,
          r.status === "declined" && r.reason ? h("span", { class: "sub break" }, r.reason) : null,
          r.decided_at ? h("span", { class: "sub" }, when(r.decided_at)) : null,
        ),
    },
    {
      label: t("org-actions"),
      cell: (r) => {
        if (r.status !== "pending") return h("span", { class: "muted" }, t("req-none-action"));
        const grant = h("button", { type: "button", class: "button small", testid: "queue-grant-open", "aria-label": t("req-grant-aria", { who: r.requested_by, count: r.credits, n: num(r.credits) }) }, t("org-grant"));
        const decline = h("button", { type: "button", class: "button small danger-outline", testid: "queue-decline-open", "aria-label": t("req-decline-aria", { who: r.requested_by, count: r.credits, n: num(r.credits) }) }, t("req-decline"));
        grant.addEventListener("click", () => act(openGrant, r, grant));
        decline.addEventListener("click", () => act(openDecline, r, decline));
        return h("span", { class: "row-actions row-actions-stack" }, grant, decline);
      },
    },
  ];

  async function load() {
    clear(results).append(loading(t("req-loading")));
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
      results.append(empty(t(status === "pending" ? "req-empty-pending" : "req-empty"), "requests-empty"));
      return;
    }
    const table = dataTable({
      caption: t("title-console-requests"),
      testid: "queue-table",
      rowAttrs: (r) => ({ testid: "queue-request-row", "data-request": r.id, "data-org": r.org }),
      columns,
      rows: first.credit_requests,
    });
    results.append(table.element, ...moreRows(first.next, (cursor) => api("/operator/credit-requests", { query: { ...query, cursor } }), table, "credit_requests"));
  }
  await load();
}
