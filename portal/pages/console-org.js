// One organisation in the console (`#/console/orgs/<id>`): its summary and banks
// (GET /v1/operator/orgs/{org}), its licences, people and trail in sections of their own, and
// the licence provider's actions on it, each reviewed before it is confirmed: banks (create,
// grant, extend, void), the organisation (rename, suspend, resume, daily mail budget), its
// people (invite an admin, change a role or status, release an invitation, release or bind a
// sign-in account).

import { api, seg } from "../api.js";
import { h, append, checkbox, clear, dataTable, empty, errorBox, field, formErrors, loading, moreRows, notice, todayIso } from "../dom.js";
import { t, tParts } from "../i18n.js";
import { actionLabel, credits as creditsCell, subject as subjectCell } from "./audit.js";
import { actionDialog, catalogProducts, day, knowOrg, num, orgHref, productLabel, required, roleWord, statusBadge, text, typeWord, when, wholeNumber, yearAfter, yesNoWord } from "./console-kit.js";
import { adminsCell, orgState } from "./console-orgs.js";

const PAGE = 25;

const SECTIONS = ["banks", "licences", "people", "trail"];
const sectionLabel = (key) => t(`org-section-${key}`);

const DATE = /^\d{4}-\d{2}-\d{2}$/;
function date(form, name, label) {
  const value = text(form, name);
  if (!DATE.test(value)) return { error: { field: name, message: t("org-invalid-date", { label }) } };
  return { value };
}

/** "100 → 140", with the language's grouping. */
const change = (from, to) => `${num(from)} \u2192 ${num(to)}`;

// ---- banks ----

function bankName(products, b) {
  return `${productLabel(products, b.product)} ${b.version}`;
}

/** The product and version fields: selects from the catalogue, else plain fields. */
function productFields(products, banks) {
  if (products?.length) {
    const product = h("select", { name: "product", testid: "bank-product" }, products.map((p) => h("option", { value: p.id }, p.name)));
    const version = h("select", { name: "version", testid: "bank-version" });
    const fill = () => {
      const p = products.find((x) => x.id === product.value);
      const versions = [...(p?.versions ?? [])].sort((a, b) => Number(b) - Number(a));
      version.replaceChildren(...versions.map((v) => h("option", { value: v }, v)));
    };
    product.addEventListener("change", fill);
    fill();
    return [field({ label: t("org-product"), input: product }), field({ label: t("org-version"), input: version, hint: t("org-version-hint") })];
  }
  // The catalogue could not be read: the products and versions the organisation's banks have.
  const known = [...new Set(banks.map((b) => b.product))];
  const list = h("datalist", { id: "bank-product-list" }, known.map((p) => h("option", { value: p })));
  const product = h("input", { type: "text", name: "product", list: "bank-product-list", autocomplete: "off", spellcheck: "false", testid: "bank-product" });
  const version = h("input", { type: "text", name: "version", inputmode: "decimal", autocomplete: "off", testid: "bank-version" });
  return [
    field({ label: t("org-product-id"), input: product, hint: t("org-product-id-hint") }),
    list,
    field({ label: t("org-version"), input: version, hint: t("org-version-text-hint") }),
  ];
}

function openNewBank({ org, banks, products, onDone }) {
  const today = todayIso();
  const start = h("input", { type: "date", name: "start", value: today, testid: "bank-start" });
  const expiry = h("input", { type: "date", name: "expiry", value: yearAfter(today), testid: "bank-expiry" });
  const purchased = h("input", { type: "number", name: "purchased", min: "0", step: "1", inputmode: "numeric", testid: "bank-purchased" });
  const granted = h("input", { type: "number", name: "granted", min: "0", step: "1", inputmode: "numeric", testid: "bank-granted" });
  const portable = h("input", { type: "checkbox", name: "portable", testid: "bank-portable" });
  actionDialog({
    name: "new-bank",
    title: t("org-new-bank-title", { org: org.name }),
    wide: true,
    intro: h("p", null, t("org-new-bank-intro")),
    fields: [
      productFields(products, banks),
      field({ label: t("org-purchased-label"), input: purchased, hint: t("org-purchased-hint") }),
      field({ label: t("org-granted-label"), input: granted, hint: t("org-granted-hint") }),
      field({ label: t("org-start"), input: start }),
      field({ label: t("org-expiry"), input: expiry, hint: t("org-expiry-hint") }),
      h("div", { class: "full" }, checkbox({ label: t("org-portable-check"), input: portable })),
    ],
    labels: { product: t("org-product"), version: t("org-version"), purchased: t("org-purchased-label"), granted: t("org-granted-label"), start: t("org-start"), expiry: t("org-expiry"), portable: t("org-portable") },
    read: (form) => {
      const product = required(form, "product", t("org-product"));
      if (product.error) return product;
      const version = required(form, "version", t("org-version"));
      if (version.error) return version;
      const p = wholeNumber(form, "purchased", t("org-purchased-label"), { min: 0 });
      if (p.error) return p;
      let g = { value: null };
      if (text(form, "granted") !== "") {
        g = wholeNumber(form, "granted", t("org-granted-label"), { min: 0 });
        if (g.error) return g;
      }
      const s = date(form, "start", t("org-start"));
      if (s.error) return s;
      const e = date(form, "expiry", t("org-expiry"));
      if (e.error) return e;
      if (e.value <= s.value) return { error: { field: "expiry", message: t("org-expiry-after-start") } };
      const body = { product: product.value, version: version.value, portable: portable.checked, purchased: p.value, start: s.value, expiry: e.value };
      if (g.value !== null) body.granted = g.value;
      return { body };
    },
    review: (body) => {
      const granted = body.granted ?? body.purchased;
      const bank = `${productLabel(products, body.product)} ${body.version}`;
      return {
        summary: t("org-new-bank-summary", {
          bank,
          org: org.name,
          count: body.purchased,
          purchased: num(body.purchased),
          granted: num(granted),
          start: day(body.start),
          expiry: day(body.expiry),
          portable: body.portable ? "yes" : "no",
        }),
        rows: [
          [t("org-product"), bank, "new-bank-review-product"],
          [t("org-purchased"), num(body.purchased), "new-bank-review-purchased"],
          [t("org-granted-spendable"), num(granted), "new-bank-review-granted"],
          [t("org-start"), day(body.start)],
          [t("org-expiry"), day(body.expiry), "new-bank-review-expiry"],
          [t("org-portable"), yesNoWord(body.portable)],
        ],
        notes: [t("org-new-bank-note", { date: day(body.expiry) })],
        confirm: t("org-create-bank"),
      };
    },
    send: (body, key) => api(`/operator/orgs/${seg(org.id)}/banks`, { method: "POST", body, idempotencyKey: key }),
    result: (bank) => ({
      heading: t("org-bank-created"),
      text: t("org-bank-created-text", { bank: bankName(products, bank), org: org.name, count: bank.granted, n: num(bank.granted), start: day(bank.start), expiry: day(bank.expiry) }),
      rows: [
        [t("org-bank"), bank.id, "new-bank-id"],
        [t("org-remaining"), num(bank.remaining), "new-bank-remaining"],
        [t("org-status"), statusBadge(bank.status)],
      ],
    }),
    onDone,
  });
}

const figures = (bank) => ({ granted: num(bank.granted), used: num(bank.used), remaining: num(bank.remaining) });

function openGrant({ bank, products, onDone }) {
  const credits = h("input", { type: "number", name: "credits", min: "1", step: "1", inputmode: "numeric", testid: "grant-credits" });
  actionDialog({
    name: "grant",
    title: t("org-grant-title", { bank: bankName(products, bank) }),
    intro: h("p", null, t("org-bank-figures", { ...figures(bank), expiry: day(bank.expiry) })),
    fields: [field({ label: t("org-grant-label"), input: credits, hint: t("org-grant-hint") })],
    labels: { credits: t("org-grant-label") },
    read: (form) => {
      const c = wholeNumber(form, "credits", t("org-grant-label"));
      return c.error ? c : { body: { credits: c.value } };
    },
    review: (body) => ({
      summary: t("org-grant-summary", { count: body.credits, n: num(body.credits), bank: bankName(products, bank), start: day(bank.start), expiry: day(bank.expiry) }),
      rows: [
        [t("org-granted"), change(bank.granted, bank.granted + body.credits), "grant-review-granted"],
        [t("org-remaining"), change(bank.remaining, bank.remaining + body.credits), "grant-review-remaining"],
      ],
      notes: [t("org-grant-note", { date: day(bank.expiry) })],
      confirm: t("org-grant-confirm", { count: body.credits, n: num(body.credits) }),
    }),
    send: (body, key) => api(`/operator/banks/${seg(bank.id)}/grant`, { method: "POST", body, idempotencyKey: key }),
    result: (after, body) => ({
      heading: t("org-granted-heading"),
      text: t("org-grant-result", { count: body.credits, n: num(body.credits), granted: num(after.granted), remaining: num(after.remaining) }),
    }),
    onDone,
  });
}

function openExtend({ bank, products, onDone }) {
  const expiry = h("input", { type: "date", name: "expiry", value: yearAfter(bank.expiry), testid: "extend-expiry" });
  const reason = h("input", { type: "text", name: "reason", maxlength: "500", autocomplete: "off", testid: "extend-reason" });
  actionDialog({
    name: "extend",
    title: t("org-extend-title", { bank: bankName(products, bank) }),
    intro: h("p", null, t("org-extend-intro", { date: day(bank.expiry) })),
    fields: [field({ label: t("org-new-expiry"), input: expiry, hint: t("org-new-expiry-hint", { date: day(bank.expiry) }) }), field({ label: t("org-reason"), input: reason, hint: t("org-extend-reason-hint") })],
    labels: { expiry: t("org-new-expiry"), reason: t("org-reason") },
    read: (form) => {
      const e = date(form, "expiry", t("org-new-expiry"));
      if (e.error) return e;
      if (e.value <= bank.expiry) return { error: { field: "expiry", message: t("org-new-expiry-later", { date: day(bank.expiry) }) } };
      const r = required(form, "reason", t("org-reason"));
      return r.error ? r : { body: { expiry: e.value, reason: r.value } };
    },
    review: (body) => ({
      summary: t("org-extend-summary", { bank: bankName(products, bank), from: day(bank.expiry), to: day(body.expiry) }),
      rows: [
        [t("org-expiry"), `${day(bank.expiry)} \u2192 ${day(body.expiry)}`, "extend-review-expiry"],
        [t("org-reason"), body.reason],
      ],
      notes: [t("org-extend-note-licences"), t("org-extend-note-jobs")],
      confirm: t("org-extend-confirm"),
    }),
    send: (body, key) => api(`/operator/banks/${seg(bank.id)}/extend`, { method: "POST", body, idempotencyKey: key }),
    result: (after) => ({ heading: t("org-extended"), text: t("org-extended-text", { bank: bankName(products, after), date: day(after.expiry) }) }),
    onDone,
  });
}

function openVoid({ bank, products, onDone }) {
  const credits = h("input", { type: "number", name: "credits", min: "1", max: String(bank.remaining), step: "1", inputmode: "numeric", testid: "void-credits" });
  const reason = h("input", { type: "text", name: "reason", maxlength: "500", autocomplete: "off", testid: "void-reason" });
  actionDialog({
    name: "void",
    title: t("org-void-title", { bank: bankName(products, bank) }),
    intro: h("p", null, t("org-void-intro", figures(bank))),
    fields: [
      field({ label: t("org-void-label"), input: credits, hint: t("org-void-hint", { count: bank.remaining, n: num(bank.remaining) }) }),
      field({ label: t("org-reason"), input: reason, hint: t("org-void-reason-hint") }),
    ],
    labels: { credits: t("org-void-label"), reason: t("org-reason") },
    read: (form) => {
      const c = wholeNumber(form, "credits", t("org-void-label"), { max: Math.max(1, bank.remaining) });
      if (c.error) return c;
      if (c.value > bank.remaining) return { error: { field: "credits", message: t("org-void-too-many", { count: bank.remaining, n: num(bank.remaining) }) } };
      const r = required(form, "reason", t("org-reason"));
      return r.error ? r : { body: { credits: c.value, reason: r.value } };
    },
    review: (body) => ({
      summary: t("org-void-summary", { count: body.credits, n: num(body.credits), bank: bankName(products, bank) }),
      rows: [
        [t("org-granted"), change(bank.granted, bank.granted - body.credits), "void-review-granted"],
        [t("org-remaining"), change(bank.remaining, bank.remaining - body.credits), "void-review-remaining"],
        [t("org-voided"), change(bank.voided, bank.voided + body.credits)],
        [t("org-purchased"), t("org-purchased-kept", { n: num(bank.purchased) })],
        [t("org-reason"), body.reason],
      ],
      notes: [t("org-void-note", { used: num(bank.used) })],
      confirm: t("org-void-confirm", { count: body.credits, n: num(body.credits) }),
      danger: true,
    }),
    send: (body, key) => api(`/operator/banks/${seg(bank.id)}/void`, { method: "POST", body, idempotencyKey: key }),
    result: (after, body) => ({
      heading: t("org-voided-heading"),
      text: t("org-void-result", { count: body.credits, n: num(body.credits), granted: num(after.granted), remaining: num(after.remaining) }),
    }),
    onDone,
  });
}

/** A start and an expiry, one above the other, read as "start to expiry". */
function span(start, expiry, ids = {}) {
  return h(
    "span",
    null,
    h("span", { class: "nowrap", testid: ids.start }, day(start, "medium")),
    " ",
    h("span", { class: "visually-hidden" }, t("org-to")),
    " ",
    h("span", { class: "nowrap sub-line", testid: ids.expiry }, day(expiry, "medium")),
  );
}

function banksSection(slot, { org, banks, products, say, reload }) {
  const create = h("button", { type: "button", class: "button", testid: "new-bank-open" }, t("org-new-bank"));
  const done = (answer, text) => {
    say(text);
    reload();
  };
  create.addEventListener("click", () => openNewBank({ org, banks, products, onDone: done }));
  slot.append(h("div", { class: "toolbar" }, h("p", { class: "lead" }, t("org-banks-lead")), h("div", { class: "toolbar-actions" }, create)));
  if (!banks.length) {
    slot.append(empty(t("org-banks-empty"), "org-banks-empty"));
    return;
  }
  const table = dataTable({
    caption: t("org-banks-caption", { org: org.name }),
    testid: "org-banks-table",
    rowAttrs: (b) => ({ testid: "org-bank-row", "data-bank-id": b.id }),
    columns: [
      {
        label: t("org-product"),
        cell: (b) =>
          h(
            "span",
            null,
            h("strong", { testid: "org-bank-product" }, bankName(products, b)),
            h("span", { class: "sub" }, t(b.portable ? "org-portable" : "org-not-portable")),
            h("a", { class: "sub", href: orgHref(org.id, "licences", { bank: b.id }), testid: "org-bank-licences" }, t("org-its-licences")),
            h("a", { class: "sub", href: `#/console/ledger?org=${encodeURIComponent(org.id)}&bank=${encodeURIComponent(b.id)}`, testid: "org-bank-ledger" }, t("org-its-ledger")),
          ),
      },
      { label: t("org-purchased"), cell: (b) => num(b.purchased), className: "num" },
      { label: t("org-requested"), cell: (b) => h("span", { testid: "org-bank-requested" }, num(b.requested)), className: "num" },
      { label: t("org-granted"), cell: (b) => h("span", { testid: "org-bank-granted" }, num(b.granted)), className: "num" },
      { label: t("org-used"), cell: (b) => num(b.used), className: "num" },
      { label: t("org-remaining"), cell: (b) => h("strong", { testid: "org-bank-remaining" }, num(b.remaining)), className: "num" },
      { label: t("org-voided"), cell: (b) => num(b.voided), className: "num" },
      { label: t("org-start-expiry"), cell: (b) => span(b.start, b.expiry, { start: "org-bank-start", expiry: "org-bank-expiry" }) },
      { label: t("org-status"), cell: (b) => h("span", null, statusBadge(b.status, "org-bank-status"), b.forfeited ? h("span", { class: "sub" }, t("org-forfeited", { count: b.forfeited, n: num(b.forfeited) })) : null) },
      {
        label: t("org-actions"),
        cell: (b) => {
          if (b.status === "expired") return h("span", { class: "muted" }, t("org-no-action-expired"));
          const name = bankName(products, b);
          const button = (label, testid, open, cls = "secondary") =>
            h(
              "button",
              { type: "button", class: `button small ${cls}`, testid, "aria-label": t("org-bank-action-aria", { action: label, bank: name, start: day(b.start), expiry: day(b.expiry) }), onclick: () => open({ bank: b, products, onDone: done }) },
              label,
            );
          return h(
            "span",
            { class: "row-actions row-actions-stack" },
            button(t("org-grant"), "grant-open", openGrant),
            button(t("org-extend"), "extend-open", openExtend),
            b.remaining > 0 ? button(t("org-void"), "void-open", openVoid, "danger-outline") : null,
          );
        },
      },
    ],
    rows: banks,
  });
  slot.append(table.element);
}

// ---- licences ----

async function licencesSection(slot, { org, banks, products, params, go }) {
  const filters = { bank: params.get("bank") ?? "", status: params.get("status") ?? "", assignee: params.get("assignee") ?? "" };
  const bankSelect = h(
    "select",
    { name: "bank", testid: "org-filter-bank" },
    h("option", { value: "" }, t("org-all-banks")),
    banks.map((b) =>
      h("option", { value: b.id, selected: b.id === filters.bank }, t(b.status === "expired" ? "org-bank-option-expired" : "org-bank-option", { bank: bankName(products, b), start: day(b.start, "medium"), expiry: day(b.expiry, "medium") })),
    ),
  );
  const statusSelect = h(
    "select",
    { name: "status", testid: "org-filter-status" },
    [["", t("org-any-status")], ...["pending", "active", "expired"].map((s) => [s, t(`con-status-${s}`)])].map(([v, label]) => h("option", { value: v, selected: v === filters.status }, label)),
  );
  const assignee = h("input", { type: "email", name: "assignee", value: filters.assignee, autocomplete: "off", spellcheck: "false", testid: "org-filter-assignee" });
  const filtered = filters.bank || filters.status || filters.assignee;
  const form = h(
    "form",
    { class: "filters", role: "search", "aria-label": t("org-licences-filter", { org: org.name }), novalidate: true, testid: "org-licences-filters" },
    field({ label: t("org-bank"), input: bankSelect }),
    field({ label: t("org-status"), input: statusSelect }),
    field({ label: t("org-assignee-email"), input: assignee }),
    h(
      "div",
      { class: "filter-actions" },
      h("button", { type: "submit", class: "button secondary", testid: "org-filter-apply" }, t("org-apply-filters")),
      filtered ? h("a", { href: orgHref(org.id, "licences"), testid: "org-filter-clear" }, t("org-clear-filters")) : null,
    ),
  );
  const errs = formErrors(form, { labels: { bank: t("org-bank"), status: t("org-status"), assignee: t("org-assignee-email") }, testid: "org-filter-error" });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const q = {};
    if (bankSelect.value) q.bank = bankSelect.value;
    if (statusSelect.value) q.status = statusSelect.value;
    if (assignee.value.trim()) q.assignee = assignee.value.trim();
    go(orgHref(org.id, "licences", q));
  });
  const results = h("div", { testid: "org-licences-results" });
  slot.append(h("p", { class: "lead" }, t("org-licences-lead")), form, results);
  const path = `/operator/orgs/${seg(org.id)}/licenses`;
  const query = { ...filters, limit: PAGE };
  let first;
  results.append(loading(t("org-licences-loading")));
  try {
    first = await api(path, { query });
  } catch (error) {
    if (error?.code === "unauthenticated") return;
    clear(results);
    if (!errs.show(error)) results.append(errorBox(error));
    return;
  }
  clear(results);
  if (!first.licenses.length) {
    results.append(empty(t(filtered ? "org-licences-none-match" : "org-licences-none"), "org-licences-empty"));
    return;
  }
  const table = licenceTable({ products, testid: "org-licences-table", caption: t("org-licences-caption", { org: org.name }) });
  table.add(first.licenses);
  results.append(table.element, ...moreRows(first.next, (cursor) => api(path, { query: { ...query, cursor } }), table, "licenses"));
}

/** A table of licences (the organisation's page and the find page). */
export function licenceTable({ products, testid, caption, assignee = true }) {
  return dataTable({
    caption,
    testid,
    rowAttrs: (l) => ({ testid: "console-license-row", "data-code": l.code }),
    columns: [
      { label: t("org-activation-code"), cell: (l) => h("span", null, h("code", { class: "activation-code", testid: "console-license-code" }, l.code), h("span", { class: "sub" }, productLabel(products, l.product))) },
      { label: t("org-start-expiry"), cell: (l) => span(l.start, l.expiry) },
      { label: t("org-computers"), cell: (l) => num(l.computers), className: "num" },
      { label: t("org-type"), cell: (l) => typeWord(l.type), className: "keep" },
      assignee ? { label: t("org-assignee"), cell: (l) => h("span", { class: "break", testid: "console-license-assignee" }, l.assignee ?? h("span", { class: "muted" }, t("org-unassigned"))) } : null,
      { label: t("org-credits-used"), cell: (l) => num(l.credits_used), className: "num" },
      {
        label: t("org-bank"),
        cell: (l) =>
          h(
            "span",
            null,
            t("org-bank-cell", { version: l.bank.version, portable: l.bank.portable ? "yes" : "no" }),
            h("span", { class: "sub nowrap" }, t("org-from-to", { start: day(l.bank.start, "medium"), expiry: day(l.bank.expiry, "medium") })),
          ),
      },
      { label: t("org-status"), cell: (l) => statusBadge(l.status, "console-license-status") },
    ].filter(Boolean),
  });
}

// ---- people ----

const lastAdminWords = (error) => {
  if (error?.code === "last_admin") {
    error.message = t("org-last-admin", { message: error.message.replace(/\.$/, "") });
  }
  throw error;
};

/** What a change of a person does: its message ids' middle part. */
function changeKind(patch) {
  if (patch.role) return patch.role === "admin" ? "make-admin" : "make-member";
  return patch.status === "inactive" ? "deactivate" : "reactivate";
}

function openChange({ org, user, patch, onDone }) {
  const kind = changeKind(patch);
  const args = { email: user.email, org: org.name };
  const losesAdmin = user.role === "admin" && user.status === "active" && (patch.role === "member" || patch.status === "inactive");
  const leavesNoAdmin = user.role === "admin" && user.status === "invited" && patch.role === "member" && org.active_admins === 0;
  const personWord = (status) => t(`con-person-${status}`);
  actionDialog({
    name: "person-change",
    title: t(`org-${kind}-title`, args),
    review: () => ({
      summary: t(`org-${kind}-summary`, args),
      rows: [
        [t("org-role"), patch.role ? `${roleWord(user.role)} \u2192 ${roleWord(patch.role)}` : roleWord(user.role)],
        [t("org-status"), patch.status ? `${personWord(user.status)} \u2192 ${personWord(patch.status)}` : personWord(user.status)],
      ],
      notes: [
        patch.status === "inactive" ? t("org-inactive-note") : null,
        losesAdmin && org.active_admins <= 1 ? t("org-only-admin-note", args) : null,
        leavesNoAdmin ? t("org-no-admin-note", args) : null,
      ].filter(Boolean),
      confirm: t(`org-${kind}`),
    }),
    send: (body, key) => api(`/operator/orgs/${seg(org.id)}/users/${seg(user.email)}`, { method: "PATCH", body: patch, idempotencyKey: key }).catch(lastAdminWords),
    result: (after) => ({ heading: t("org-changed"), text: t("org-changed-text", { email: after.email, role: after.role, status: after.status }) }),
    onDone,
  });
}

function openInviteAdmin({ org, onDone }) {
  const email = h("input", { type: "email", name: "email", autocomplete: "off", spellcheck: "false", required: true, testid: "invite-admin-email" });
  actionDialog({
    name: "invite-admin",
    title: t("org-invite-title", { org: org.name }),
    fields: [field({ label: t("org-email"), input: email, hint: t("org-invite-hint") })],
    labels: { email: t("org-email") },
    read: (form) => {
      const e = required(form, "email", t("org-email"));
      return e.error ? e : { body: { email: e.value } };
    },
    review: (body) => ({
      summary: t("org-invite-summary", { email: body.email, org: org.name }),
      notes: [t("org-invite-note")],
      confirm: t("org-send-invitation"),
    }),
    send: (body, key) => api(`/operator/orgs/${seg(org.id)}/admins`, { method: "POST", body, idempotencyKey: key }),
    result: (answer) => ({
      heading: t("org-invitation-sent"),
      text: answer.user.invitation_expires
        ? t("org-invited-text", { email: answer.user.email, role: answer.user.role, org: org.name, date: day(answer.user.invitation_expires) })
        : t("org-invited-text-undated", { email: answer.user.email, role: answer.user.role, org: org.name }),
    }),
    onDone,
  });
}

function openReleaseInvitation({ org, user, onDone }) {
  actionDialog({
    name: "release-invitation",
    title: t("org-release-invitation-title"),
    review: () => ({
      summary: t("org-release-invitation-summary", { email: user.email, org: org.name }),
      notes: [t("org-release-invitation-note")],
      confirm: t("org-release-invitation-title"),
      danger: true,
    }),
    idempotent: false,
    send: () => api(`/operator/invitations/${seg(user.email)}`, { method: "DELETE" }),
    result: (answer) => ({ heading: t("org-invitation-released"), text: t("org-invitation-released-text", { email: answer.released, org: org.name }) }),
    onDone,
  });
}

function openReleaseAccount({ org, user, onDone }) {
  actionDialog({
    name: "release-account",
    title: t("org-release-account-title"),
    review: () => ({
      summary: t("org-release-account-summary", { subject: user.account.subject, issuer: user.account.issuer, email: user.email, org: org.name }),
      notes: [t("org-release-account-note")],
      confirm: t("org-release-account-confirm"),
      danger: true,
    }),
    idempotent: false,
    send: () => api(`/operator/users/${seg(user.email)}/identity`, { method: "DELETE" }),
    result: (m) => ({ heading: t("org-account-released"), text: t("org-account-released-text", { email: m.email }) }),
    onDone,
  });
}

function openBindAccount({ org, user, onDone }) {
  const issuer = h("input", { type: "text", inputmode: "url", name: "issuer", autocomplete: "off", spellcheck: "false", value: user.account?.issuer ?? "", testid: "bind-issuer" });
  const subject = h("input", { type: "text", name: "subject", autocomplete: "off", spellcheck: "false", testid: "bind-subject" });
  actionDialog({
    name: "bind-account",
    title: t("org-bind-title", { email: user.email }),
    intro: h("p", null, t("org-bind-intro")),
    fields: [
      field({ label: t("org-issuer"), input: issuer, hint: t("org-issuer-hint") }),
      field({ label: t("org-subject"), input: subject, hint: t("org-subject-hint") }),
    ],
    labels: { issuer: t("org-issuer"), subject: t("org-subject") },
    read: (form) => {
      const i = required(form, "issuer", t("org-issuer"));
      if (i.error) return i;
      const s = required(form, "subject", t("org-subject"));
      return s.error ? s : { body: { issuer: i.value, subject: s.value } };
    },
    review: (body) => ({
      summary: t("org-bind-summary", { subject: body.subject, issuer: body.issuer, email: user.email, org: org.name }),
      rows: [
        [t("org-now"), user.account ? `${user.account.subject} (${user.account.issuer})` : t("org-no-account")],
        [t("org-after"), `${body.subject} (${body.issuer})`],
      ],
      confirm: t("org-bind-confirm"),
    }),
    send: (body, key) => api(`/operator/users/${seg(user.email)}/identity`, { method: "PUT", body, idempotencyKey: key }),
    result: (p) => ({ heading: t("org-account-bound"), text: t("org-account-bound-text", { email: p.email, subject: p.account?.subject ?? "", issuer: p.account?.issuer ?? "" }) }),
    onDone,
  });
}

function accountCell(u) {
  if (!u.account) return h("span", { class: "muted", testid: "person-account" }, t(u.status === "invited" ? "org-account-none-invited" : "org-account-none"));
  return h("span", { class: "break", testid: "person-account" }, h("code", null, u.account.subject), h("span", { class: "sub break" }, u.account.issuer));
}

async function peopleSection(slot, { org, say, reload }) {
  const invite = h("button", { type: "button", class: "button", testid: "invite-admin-open" }, t("org-invite-admin"));
  const results = h("div", { testid: "org-people-results" });
  slot.append(h("div", { class: "toolbar" }, h("p", { class: "lead" }, t("org-people-lead")), h("div", { class: "toolbar-actions" }, invite)), results);
  const done = (answer, text) => {
    say(text);
    reload();
  };
  invite.addEventListener("click", () => openInviteAdmin({ org, onDone: done }));
  const path = `/operator/orgs/${seg(org.id)}/users`;
  results.append(loading(t("org-people-loading")));
  const first = await api(path, { query: { limit: 50 } });
  clear(results);
  if (!first.users.length) {
    results.append(empty(t("org-people-empty"), "org-people-empty"));
    return;
  }
  const button = (label, testid, aria, onclick, cls = "secondary") => h("button", { type: "button", class: `button small ${cls}`, testid, "aria-label": aria, onclick }, label);
  const table = dataTable({
    caption: t("org-people-caption", { org: org.name }),
    testid: "org-people-table",
    rowAttrs: (u) => ({ testid: "person-row", "data-email": u.email }),
    columns: [
      { label: t("org-email"), cell: (u) => h("span", { class: "break", testid: "person-email" }, u.email) },
      { label: t("org-role"), cell: (u) => h("span", { testid: "person-role" }, roleWord(u.role)) },
      {
        label: t("org-status"),
        cell: (u) => h("span", null, statusBadge(u.status, "person-status", "con-person"), u.invitation_expires ? h("span", { class: "sub" }, t("org-invitation-until", { date: day(u.invitation_expires, "medium") })) : null),
      },
      { label: t("org-invited-on"), cell: (u) => day(u.invited_on, "medium"), className: "date" },
      { label: t("org-account"), cell: accountCell },
      {
        label: t("org-actions"),
        cell: (u) => {
          const open = (fn, extra = {}) => () => fn({ org, user: u, onDone: done, ...extra });
          const inactive = u.status === "inactive";
          const role = u.role === "admin" ? "make-member" : "make-admin";
          const status = inactive ? "reactivate" : "deactivate";
          const who = { email: u.email };
          return h(
            "span",
            { class: "row-actions" },
            button(t(`org-${role}`), "person-role-toggle", t(`org-${role}-aria`, who), open(openChange, { patch: { role: u.role === "admin" ? "member" : "admin" } })),
            button(t(`org-${status}`), "person-status-toggle", t(`org-${status}-aria`, who), open(openChange, { patch: { status: inactive ? "active" : "inactive" } })),
            u.status === "invited" ? button(t("org-release-invitation"), "person-release-invitation", t("org-release-invitation-aria", who), open(openReleaseInvitation), "danger-outline") : null,
            u.account ? button(t("org-release-account"), "person-release-account", t("org-release-account-aria", who), open(openReleaseAccount), "danger-outline") : null,
            u.status !== "invited" ? button(t("org-bind-account"), "person-bind-account", t("org-bind-account-aria", who), open(openBindAccount)) : null,
          );
        },
      },
    ],
    rows: first.users,
  });
  results.append(table.element, ...moreRows(first.next, (cursor) => api(path, { query: { limit: 50, cursor } }), table, "users"));
}

// ---- trail ----

async function trailSection(slot, { org }) {
  const path = `/operator/orgs/${seg(org.id)}/audit`;
  slot.append(h("p", { class: "lead" }, t("org-trail-lead")));
  const first = await api(path, { query: { limit: 50 } });
  if (!first.events.length) {
    slot.append(empty(t("org-trail-empty"), "org-trail-empty"));
    return;
  }
  const table = dataTable({
    caption: t("org-trail-caption", { org: org.name }),
    testid: "org-trail-table",
    rowAttrs: (e) => ({ testid: "org-trail-row", "data-action": e.action }),
    columns: [
      { label: t("org-time"), cell: (e) => when(e.at) },
      { label: t("org-actor"), cell: (e) => h("span", { class: "break" }, e.actor_label), className: "actor" },
      { label: t("org-action"), cell: (e) => actionLabel(e.action) },
      { label: t("org-subject-col"), cell: (e) => subjectCell(e.subject), className: "subject" },
      { label: t("org-credits"), cell: (e) => creditsCell(e.credits), className: "num" },
      { label: t("org-detail"), cell: (e) => h("span", { class: "detail" }, e.detail), className: "wide detail-col" },
    ],
    rows: first.events,
  });
  slot.append(table.element, ...moreRows(first.next, (cursor) => api(path, { query: { limit: 50, cursor } }), table, "events"));
}

// ---- the organisation ----

function openRename({ org, onDone }) {
  const name = h("input", { type: "text", name: "name", value: org.name, maxlength: "100", autocomplete: "off", testid: "rename-name" });
  actionDialog({
    name: "rename",
    title: t("org-rename-title", { org: org.name }),
    fields: [field({ label: t("org-new-name"), input: name, hint: t("org-new-name-hint") })],
    labels: { name: t("org-new-name") },
    read: (form) => {
      const n = required(form, "name", t("org-new-name"));
      if (n.error) return n;
      if (n.value === org.name) return { error: { field: "name", message: t("org-same-name") } };
      return { body: { name: n.value } };
    },
    review: (body) => ({
      summary: t("org-rename-summary", { from: org.name, to: body.name }),
      notes: [t("org-rename-note")],
      confirm: t("org-rename"),
    }),
    send: (body, key) => api(`/operator/orgs/${seg(org.id)}`, { method: "PATCH", body, idempotencyKey: key }),
    result: (after) => {
      knowOrg(after.id, after.name);
      return { heading: t("org-renamed"), text: t("org-renamed-text", { org: after.name }) };
    },
    onDone,
  });
}

function openSuspend({ org, onDone }) {
  const reason = h("input", { type: "text", name: "reason", maxlength: "500", autocomplete: "off", testid: "suspend-reason" });
  actionDialog({
    name: "suspend",
    title: t("org-suspend-title", { org: org.name }),
    intro: h("p", null, t("org-suspend-intro")),
    fields: [field({ label: t("org-reason"), input: reason, hint: t("org-suspend-reason-hint") })],
    labels: { reason: t("org-reason") },
    read: (form) => {
      const r = required(form, "reason", t("org-reason"));
      return r.error ? r : { body: { reason: r.value } };
    },
    review: (body) => ({
      summary: t("org-suspend-summary", { org: org.name, reason: body.reason }),
      notes: [t("org-suspend-note-read"), t("org-suspend-note-refused")],
      confirm: t("org-suspend"),
      danger: true,
    }),
    send: (body, key) => api(`/operator/orgs/${seg(org.id)}/suspend`, { method: "POST", body, idempotencyKey: key }),
    result: (after) => ({ heading: t("org-suspended"), text: t("org-suspended-text", { org: after.name }) }),
    onDone,
  });
}

function openResume({ org, onDone }) {
  actionDialog({
    name: "resume",
    title: t("org-resume-title", { org: org.name }),
    review: () => ({
      summary: t("org-resume-summary", { org: org.name }),
      rows: [
        [t("org-suspended-since"), when(org.suspended.since)],
        [t("org-by"), org.suspended.by],
        [t("org-reason"), org.suspended.reason],
      ],
      confirm: t("org-resume"),
    }),
    send: (body, key) => api(`/operator/orgs/${seg(org.id)}/resume`, { method: "POST", idempotencyKey: key }),
    result: (after) => ({ heading: t("org-resumed"), text: t("org-resumed-text", { org: after.name }) }),
    onDone,
  });
}

function openMailBudget({ org, onDone }) {
  const perDay = h("input", { type: "number", name: "per_day", min: "1", max: "1000000", step: "1", inputmode: "numeric", value: String(org.mail_budget), testid: "mail-budget-per-day" });
  actionDialog({
    name: "mail-budget",
    title: t("org-mail-budget-title", { org: org.name }),
    intro: h("p", null, t(org.mail_budget_set ? "org-mail-budget-intro" : "org-mail-budget-intro-default", { count: org.mail_budget, n: num(org.mail_budget) })),
    fields: [field({ label: t("org-mails-a-day"), input: perDay, hint: t("org-mails-a-day-hint", { max: num(1_000_000) }) })],
    labels: { per_day: t("org-mails-a-day") },
    read: (form) => {
      const n = wholeNumber(form, "per_day", t("org-mails-a-day"), { max: 1_000_000 });
      return n.error ? n : { body: { per_day: n.value } };
    },
    review: (body) => ({
      summary: t("org-mail-budget-summary", { org: org.name, from: num(org.mail_budget), to: num(body.per_day) }),
      notes: [t("org-mail-budget-note")],
      confirm: t("org-set-budget"),
    }),
    idempotent: false,
    send: (body) => api(`/operator/orgs/${seg(org.id)}/mail-budget`, { method: "PUT", body }),
    result: (answer) => ({ heading: t("org-budget-set"), text: t("org-budget-set-text", { org: org.name, count: answer.per_day, n: num(answer.per_day) }) }),
    onDone,
  });
}

/** The four numbers of an organisation's activation policy, in the order the form shows them. */
const POLICY = [
  ["max_releases", { min: 0, max: 100 }],
  ["release_days", { min: 1, max: 365 }],
  ["lease_minutes", { min: 5, max: 1440 }],
  ["max_borrow_days", { min: 1, max: 90 }],
];

function openActivationPolicy({ org, onDone }) {
  const now = org.activation;
  const inputs = Object.fromEntries(
    POLICY.map(([name, { min, max }]) => [name, h("input", { type: "number", name, min: String(min), max: String(max), step: "1", inputmode: "numeric", value: String(now[name]), testid: `policy-${name}` })]),
  );
  const label = (name) => t(`org-policy-${name}`);
  actionDialog({
    name: "activation-policy",
    title: t("org-policy-title", { org: org.name }),
    intro: h("p", null, t(org.activation_set ? "org-policy-intro" : "org-policy-intro-default")),
    fields: POLICY.map(([name, { min, max }]) => field({ label: label(name), input: inputs[name], hint: t("org-policy-hint", { min: num(min), max: num(max) }) })),
    labels: Object.fromEntries(POLICY.map(([name]) => [name, label(name)])),
    read: (form) => {
      const body = {};
      for (const [name, bounds] of POLICY) {
        const n = wholeNumber(form, name, label(name), bounds);
        if (n.error) return n;
        body[name] = n.value;
      }
      return { body };
    },
    review: (body) => ({
      summary: t("org-policy-summary", { org: org.name }),
      rows: POLICY.map(([name]) => [label(name), t("org-policy-change", { from: num(now[name]), to: num(body[name]) })]),
      notes: [t("org-policy-note")],
      confirm: t("org-policy-set"),
    }),
    idempotent: false,
    send: (body) => api(`/operator/orgs/${seg(org.id)}/activation-policy`, { method: "PUT", body }),
    result: (answer) => ({
      heading: t("org-policy-done"),
      text: t("org-policy-done-text", { org: org.name, releases: num(answer.activation.max_releases), days: num(answer.activation.release_days) }),
    }),
    onDone,
  });
}

function header(slot, { org, say, reload }) {
  const done = (answer, text) => {
    say(text);
    reload();
  };
  const button = (label, testid, open, cls = "secondary") => h("button", { type: "button", class: `button ${cls}`, testid, onclick: () => open({ org, onDone: done }) }, label);
  append(slot, [
    org.suspended
      ? h(
          "div",
          { class: "alert alert-warning", role: "note", testid: "console-org-suspended" },
          h("p", null, tParts("org-suspended-banner", { by: org.suspended.by, reason: org.suspended.reason }, { state: h("strong", null, t("con-status-suspended")), since: when(org.suspended.since) })),
          h("p", null, t("org-suspended-banner-note")),
        )
      : null,
    h(
      "section",
      { class: "card org-summary", "aria-label": t("org-summary"), testid: "console-org-summary" },
      h(
        "dl",
        { class: "stats" },
        h("div", null, h("dt", null, t("org-status")), h("dd", null, orgState(org))),
        h("div", null, h("dt", null, t("orgs-created-on")), h("dd", null, day(org.created_on))),
        h("div", null, h("dt", null, t("orgs-active-admins")), h("dd", null, adminsCell(org))),
        h("div", null, h("dt", null, t("orgs-mail-budget")), h("dd", { testid: "console-org-mail-budget" }, num(org.mail_budget), org.mail_budget_set ? null : h("span", { class: "sub" }, t("orgs-default")))),
        org.activation
          ? h(
              "div",
              null,
              h("dt", null, t("org-policy")),
              h(
                "dd",
                { testid: "console-org-activation" },
                t("org-policy-shown", { releases: num(org.activation.max_releases), days: num(org.activation.release_days), lease: num(org.activation.lease_minutes), borrow: num(org.activation.max_borrow_days) }),
                org.activation_set ? null : h("span", { class: "sub" }, t("orgs-default")),
              ),
            )
          : null,
        h("div", null, h("dt", null, t("org-id")), h("dd", null, h("code", { class: "break", testid: "console-org-id" }, org.id))),
      ),
      h(
        "div",
        { class: "toolbar-actions" },
        button(t("org-rename"), "rename-open", openRename),
        org.suspended ? button(t("org-resume"), "resume-open", openResume) : button(t("org-suspend"), "suspend-open", openSuspend, "danger-outline"),
        button(t("org-mail-budget"), "mail-budget-open", openMailBudget),
        button(t("org-policy"), "activation-policy-open", openActivationPolicy),
      ),
    ),
  ]);
}

export async function render(view, ctx) {
  const id = ctx.id;
  const section = SECTIONS.includes(ctx.params.get("section")) ? ctx.params.get("section") : "banks";
  const [detail, products] = await Promise.all([api(`/operator/orgs/${seg(id)}`), catalogProducts()]);
  if (!ctx.current()) return;
  const headerSlot = h("div", { testid: "console-org-header" });
  const noticeSlot = h("div", { "aria-live": "polite", testid: "console-org-notice-area" });
  const sectionNav = h(
    "nav",
    { class: "section-nav", "aria-label": t("org-sections"), testid: "console-org-sections" },
    h(
      "ul",
      null,
      SECTIONS.map((key) => h("li", null, h("a", { href: orgHref(id, key), testid: `console-org-section-${key}`, "aria-current": key === section ? "page" : null }, sectionLabel(key)))),
    ),
  );
  const sectionSlot = h("section", { class: "org-section", "aria-labelledby": "org-section-heading", testid: `console-org-${section}` });
  view.append(
    h("p", { class: "crumbs" }, h("a", { href: "#/console/orgs", testid: "console-org-back" }, t("org-all-orgs"))),
    headerSlot,
    noticeSlot,
    sectionNav,
    sectionSlot,
  );
  const say = (text) => noticeSlot.replaceChildren(notice(text, "console-org-notice"));

  let state = detail;
  const show = async () => {
    const org = state.org;
    knowOrg(org.id, org.name);
    ctx.setTitle(org.name);
    clear(headerSlot);
    header(headerSlot, { org, say, reload });
    clear(sectionSlot).append(h("h2", { id: "org-section-heading", class: "visually-hidden" }, sectionLabel(section)));
    const args = { org, banks: state.banks, products, params: ctx.params, go: ctx.go, say, reload };
    try {
      if (section === "banks") banksSection(sectionSlot, args);
      else if (section === "licences") await licencesSection(sectionSlot, args);
      else if (section === "people") await peopleSection(sectionSlot, args);
      else await trailSection(sectionSlot, args);
    } catch (error) {
      if (error?.code === "unauthenticated") return;
      for (const el of sectionSlot.querySelectorAll("[data-testid=loading]")) el.remove();
      sectionSlot.append(errorBox(error));
    }
  };
  async function reload() {
    try {
      state = await api(`/operator/orgs/${seg(id)}`);
    } catch (error) {
      if (error?.code !== "unauthenticated") noticeSlot.append(errorBox(error));
      return;
    }
    if (ctx.current()) await show();
  }
  await show();
}
