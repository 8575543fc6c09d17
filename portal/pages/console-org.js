// One organisation in the console (`#/console/orgs/<id>`): its summary and banks
// (GET /v1/operator/orgs/{org}), its licences, people and trail in sections of their own, and
// the licence provider's actions on it, each reviewed before it is confirmed: banks (create,
// grant, extend, void), the organisation (rename, suspend, resume, daily mail budget), its
// people (invite an admin, change a role or status, release an invitation, release or bind a
// sign-in account).

import { api, seg } from "../api.js";
import { h, actorLabel, append, badge, checkbox, clear, dataTable, empty, errorBox, field, formErrors, loading, moreRows, notice, roleLabel, timeEl, todayIso, typeLabel, yesNo } from "../dom.js";
import { actionLabel, credits as creditsCell, inWords, subject as subjectCell } from "./audit.js";
import { actionDialog, catalogProducts, knowOrg, orgHref, plural, productLabel, required, text, wholeNumber, yearAfter } from "./console-kit.js";
import { adminsCell, orgState } from "./console-orgs.js";

const PAGE = 25;

const SECTIONS = [
  ["banks", "Banks"],
  ["licences", "Licences"],
  ["people", "People"],
  ["trail", "Trail"],
];


const DATE = /^\d{4}-\d{2}-\d{2}$/;
function date(form, name, label) {
  const value = text(form, name);
  if (!DATE.test(value)) return { error: { field: name, message: `${label} must be a date (YYYY-MM-DD)` } };
  return { value };
}

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
    return [field({ label: "Product", input: product }), field({ label: "Version", input: version, hint: "Licences can be returned and reassigned from version 25.1, on portable banks." })];
  }
  // The catalogue could not be read: the products and versions the organisation's banks have.
  const known = [...new Set(banks.map((b) => b.product))];
  const list = h("datalist", { id: "bank-product-list" }, known.map((p) => h("option", { value: p })));
  const product = h("input", { type: "text", name: "product", list: "bank-product-list", autocomplete: "off", spellcheck: "false", testid: "bank-product" });
  const version = h("input", { type: "text", name: "version", inputmode: "decimal", autocomplete: "off", testid: "bank-version" });
  return [
    field({ label: "Product id", input: product, hint: "As the catalogue names it, e.g. harmony-premium (the catalogue could not be read)." }),
    list,
    field({ label: "Version", input: version, hint: "A version of that product in the catalogue, e.g. 24 or 25.1." }),
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
    title: `New bank for ${org.name}`,
    wide: true,
    intro: h("p", null, "The credits the studio bought for one product version, usable from the start date until the expiry date."),
    fields: [
      productFields(products, banks),
      field({ label: "Credits purchased", input: purchased, hint: "What the studio bought or asked for." }),
      field({ label: "Credits granted", input: granted, hint: "What it may spend now; empty grants all purchased credits, 0 none yet." }),
      field({ label: "Start", input: start }),
      field({ label: "Expiry", input: expiry, hint: "After the start and after today; unused credits are forfeited on this date." }),
      h("div", { class: "full" }, checkbox({ label: "Portable: its licences can be returned and reassigned (version 25.1 or later)", input: portable })),
    ],
    labels: { product: "Product", version: "Version", purchased: "Credits purchased", granted: "Credits granted", start: "Start", expiry: "Expiry", portable: "Portable" },
    read: (form) => {
      const product = required(form, "product", "Product");
      if (product.error) return product;
      const version = required(form, "version", "Version");
      if (version.error) return version;
      const p = wholeNumber(form, "purchased", "Credits purchased", { min: 0 });
      if (p.error) return p;
      let g = { value: null };
      if (text(form, "granted") !== "") {
        g = wholeNumber(form, "granted", "Credits granted", { min: 0 });
        if (g.error) return g;
      }
      const s = date(form, "start", "Start");
      if (s.error) return s;
      const e = date(form, "expiry", "Expiry");
      if (e.error) return e;
      if (e.value <= s.value) return { error: { field: "expiry", message: "Expiry must be after the start" } };
      const body = { product: product.value, version: version.value, portable: portable.checked, purchased: p.value, start: s.value, expiry: e.value };
      if (g.value !== null) body.granted = g.value;
      return { body };
    },
    review: (body) => {
      const granted = body.granted ?? body.purchased;
      return {
        summary: `Create a ${productLabel(products, body.product)} ${body.version} bank for ${org.name}: ${plural(body.purchased, "credit")} purchased, ${granted} granted, from ${body.start} to ${body.expiry}${body.portable ? ", portable" : ""}.`,
        rows: [
          ["Product", `${productLabel(products, body.product)} ${body.version}`, "new-bank-review-product"],
          ["Purchased", String(body.purchased), "new-bank-review-purchased"],
          ["Granted (can be spent)", String(granted), "new-bank-review-granted"],
          ["Start", body.start],
          ["Expiry", body.expiry, "new-bank-review-expiry"],
          ["Portable", yesNo(body.portable)],
        ],
        notes: [`Unused credits are forfeited on ${body.expiry}; the studio's admins are warned 30, 7 and 1 days before.`],
        confirm: "Create bank",
      };
    },
    send: (body, key) => api(`/operator/orgs/${seg(org.id)}/banks`, { method: "POST", body, idempotencyKey: key }),
    result: (bank) => ({
      heading: "Bank created",
      text: `${bankName(products, bank)} for ${org.name}: ${bank.granted} credits can be spent from ${bank.start} until ${bank.expiry}.`,
      rows: [
        ["Bank", bank.id, "new-bank-id"],
        ["Remaining", String(bank.remaining), "new-bank-remaining"],
        ["Status", badge(bank.status)],
      ],
    }),
    onDone,
  });
}

function openGrant({ bank, products, onDone }) {
  const credits = h("input", { type: "number", name: "credits", min: "1", step: "1", inputmode: "numeric", testid: "grant-credits" });
  actionDialog({
    name: "grant",
    title: `Grant credits: ${bankName(products, bank)}`,
    intro: h("p", null, `${bank.granted} granted, ${bank.used} used, ${bank.remaining} remaining; expires ${bank.expiry}.`),
    fields: [field({ label: "Credits to grant", input: credits, hint: "Added to the granted and remaining credits." })],
    labels: { credits: "Credits to grant" },
    read: (form) => {
      const c = wholeNumber(form, "credits", "Credits to grant");
      return c.error ? c : { body: { credits: c.value } };
    },
    review: (body) => ({
      summary: `Grant ${plural(body.credits, "credit")} to the ${bankName(products, bank)} bank (${bank.start} to ${bank.expiry}).`,
      rows: [
        ["Granted", `${bank.granted} \u2192 ${bank.granted + body.credits}`, "grant-review-granted"],
        ["Remaining", `${bank.remaining} \u2192 ${bank.remaining + body.credits}`, "grant-review-remaining"],
      ],
      notes: [`The credits can be spent until the bank expires on ${bank.expiry}.`],
      confirm: `Grant ${plural(body.credits, "credit")}`,
    }),
    send: (body, key) => api(`/operator/banks/${seg(bank.id)}/grant`, { method: "POST", body, idempotencyKey: key }),
    result: (after, body) => ({
      heading: "Credits granted",
      text: `${plural(body.credits, "credit")} granted: the bank now has ${after.granted} granted and ${after.remaining} remaining.`,
    }),
    onDone,
  });
}

function openExtend({ bank, products, onDone }) {
  const expiry = h("input", { type: "date", name: "expiry", value: yearAfter(bank.expiry), testid: "extend-expiry" });
  const reason = h("input", { type: "text", name: "reason", maxlength: "500", autocomplete: "off", testid: "extend-reason" });
  actionDialog({
    name: "extend",
    title: `Extend: ${bankName(products, bank)}`,
    intro: h("p", null, `The bank expires on ${bank.expiry}. The studio bought an extension: move its expiry later.`),
    fields: [field({ label: "New expiry", input: expiry, hint: `Later than ${bank.expiry}.` }), field({ label: "Reason", input: reason, hint: "For the trail, e.g. the order number; one line." })],
    labels: { expiry: "New expiry", reason: "Reason" },
    read: (form) => {
      const e = date(form, "expiry", "New expiry");
      if (e.error) return e;
      if (e.value <= bank.expiry) return { error: { field: "expiry", message: `New expiry must be later than ${bank.expiry}` } };
      const r = required(form, "reason", "Reason");
      return r.error ? r : { body: { expiry: e.value, reason: r.value } };
    },
    review: (body) => ({
      summary: `Move the expiry of the ${bankName(products, bank)} bank from ${bank.expiry} to ${body.expiry}.`,
      rows: [
        ["Expiry", `${bank.expiry} \u2192 ${body.expiry}`, "extend-review-expiry"],
        ["Reason", body.reason],
      ],
      notes: [
        "Licences drawn from this bank keep their dates; their renewals may now run to the new expiry.",
        "The expiry job and the 30, 7 and 1-day warnings follow the new date.",
      ],
      confirm: "Extend the bank",
    }),
    send: (body, key) => api(`/operator/banks/${seg(bank.id)}/extend`, { method: "POST", body, idempotencyKey: key }),
    result: (after) => ({ heading: "Bank extended", text: `The ${bankName(products, after)} bank now expires on ${after.expiry}.` }),
    onDone,
  });
}

function openVoid({ bank, products, onDone }) {
  const credits = h("input", { type: "number", name: "credits", min: "1", max: String(bank.remaining), step: "1", inputmode: "numeric", testid: "void-credits" });
  const reason = h("input", { type: "text", name: "reason", maxlength: "500", autocomplete: "off", testid: "void-reason" });
  actionDialog({
    name: "void",
    title: `Void credits: ${bankName(products, bank)}`,
    intro: h("p", null, `${bank.granted} granted, ${bank.used} used, ${bank.remaining} remaining. A bank created too large by mistake gives its unused credits back.`),
    fields: [
      field({ label: "Credits to void", input: credits, hint: `At most the ${bank.remaining} remaining: what is used cannot be voided.` }),
      field({ label: "Reason", input: reason, hint: "For the trail; one line." }),
    ],
    labels: { credits: "Credits to void", reason: "Reason" },
    read: (form) => {
      const c = wholeNumber(form, "credits", "Credits to void", { max: Math.max(1, bank.remaining) });
      if (c.error) return c;
      if (c.value > bank.remaining) return { error: { field: "credits", message: `Only ${bank.remaining} credits are unused` } };
      const r = required(form, "reason", "Reason");
      return r.error ? r : { body: { credits: c.value, reason: r.value } };
    },
    review: (body) => ({
      summary: `Take ${plural(body.credits, "unused credit")} back from the ${bankName(products, bank)} bank.`,
      rows: [
        ["Granted", `${bank.granted} \u2192 ${bank.granted - body.credits}`, "void-review-granted"],
        ["Remaining", `${bank.remaining} \u2192 ${bank.remaining - body.credits}`, "void-review-remaining"],
        ["Voided", `${bank.voided} \u2192 ${bank.voided + body.credits}`],
        ["Purchased", `${bank.purchased} (stays on record)`],
        ["Reason", body.reason],
      ],
      notes: [`It cannot go below what is used (${bank.used}): licences already generated keep their credits.`],
      confirm: `Void ${plural(body.credits, "credit")}`,
      danger: true,
    }),
    send: (body, key) => api(`/operator/banks/${seg(bank.id)}/void`, { method: "POST", body, idempotencyKey: key }),
    result: (after, body) => ({ heading: "Credits voided", text: `${plural(body.credits, "credit")} voided: the bank now has ${after.granted} granted and ${after.remaining} remaining.` }),
    onDone,
  });
}

function banksSection(slot, { org, banks, products, say, reload }) {
  const create = h("button", { type: "button", class: "button", testid: "new-bank-open" }, "New bank");
  const done = (answer, text) => {
    say(text);
    reload();
  };
  create.addEventListener("click", () => openNewBank({ org, banks, products, onDone: done }));
  slot.append(h("div", { class: "toolbar" }, h("p", { class: "lead" }, "Credits per product version: what was bought, asked for, granted, used and what is left."), h("div", { class: "toolbar-actions" }, create)));
  if (!banks.length) {
    slot.append(empty("No banks yet: create one when the studio buys credits.", "org-banks-empty"));
    return;
  }
  const table = dataTable({
    caption: `Banks of ${org.name}`,
    testid: "org-banks-table",
    rowAttrs: (b) => ({ testid: "org-bank-row", "data-bank-id": b.id }),
    columns: [
      {
        label: "Product",
        cell: (b) =>
          h(
            "span",
            null,
            h("strong", { testid: "org-bank-product" }, bankName(products, b)),
            h("span", { class: "sub" }, b.portable ? "Portable" : "Not portable"),
            h("a", { class: "sub", href: orgHref(org.id, "licences", { bank: b.id }), testid: "org-bank-licences" }, "Its licences"),
          ),
      },
      { label: "Purchased", cell: (b) => String(b.purchased), className: "num" },
      { label: "Requested", cell: (b) => h("span", { testid: "org-bank-requested" }, String(b.requested)), className: "num" },
      { label: "Granted", cell: (b) => h("span", { testid: "org-bank-granted" }, String(b.granted)), className: "num" },
      { label: "Used", cell: (b) => String(b.used), className: "num" },
      { label: "Remaining", cell: (b) => h("strong", { testid: "org-bank-remaining" }, String(b.remaining)), className: "num" },
      { label: "Voided", cell: (b) => String(b.voided), className: "num" },
      {
        label: "Start / expiry",
        cell: (b) => h("span", null, h("span", { class: "nowrap", testid: "org-bank-start" }, b.start), " ", h("span", { class: "visually-hidden" }, "to"), h("span", { class: "nowrap sub-line", testid: "org-bank-expiry" }, b.expiry)),
      },
      { label: "Status", cell: (b) => h("span", null, badge(b.status, "org-bank-status"), b.forfeited ? h("span", { class: "sub" }, `${b.forfeited} forfeited`) : null) },
      {
        label: "Actions",
        cell: (b) => {
          if (b.status === "expired") return h("span", { class: "muted" }, "None: expired");
          const name = bankName(products, b);
          const button = (label, testid, open, cls = "secondary") =>
            h("button", { type: "button", class: `button small ${cls}`, testid, "aria-label": `${label}: ${name} bank, ${b.start} to ${b.expiry}`, onclick: () => open({ bank: b, products, onDone: done }) }, label);
          return h(
            "span",
            { class: "row-actions row-actions-stack" },
            button("Grant", "grant-open", openGrant),
            button("Extend", "extend-open", openExtend),
            b.remaining > 0 ? button("Void", "void-open", openVoid, "danger-outline") : null,
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
    h("option", { value: "" }, "All banks"),
    banks.map((b) => h("option", { value: b.id, selected: b.id === filters.bank }, `${bankName(products, b)}, ${b.start} to ${b.expiry}${b.status === "expired" ? " (expired)" : ""}`)),
  );
  const statusSelect = h(
    "select",
    { name: "status", testid: "org-filter-status" },
    [["", "Any status"], ["pending", "Pending"], ["active", "Active"], ["expired", "Expired"]].map(([v, t]) => h("option", { value: v, selected: v === filters.status }, t)),
  );
  const assignee = h("input", { type: "email", name: "assignee", value: filters.assignee, autocomplete: "off", spellcheck: "false", testid: "org-filter-assignee" });
  const filtered = filters.bank || filters.status || filters.assignee;
  const form = h(
    "form",
    { class: "filters", role: "search", "aria-label": `Filter the licences of ${org.name}`, novalidate: true, testid: "org-licences-filters" },
    field({ label: "Bank", input: bankSelect }),
    field({ label: "Status", input: statusSelect }),
    field({ label: "Assignee email", input: assignee }),
    h(
      "div",
      { class: "filter-actions" },
      h("button", { type: "submit", class: "button secondary", testid: "org-filter-apply" }, "Apply filters"),
      filtered ? h("a", { href: orgHref(org.id, "licences"), testid: "org-filter-clear" }, "Clear filters") : null,
    ),
  );
  const errs = formErrors(form, { labels: { bank: "Bank", status: "Status", assignee: "Assignee email" }, testid: "org-filter-error" });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const q = {};
    if (bankSelect.value) q.bank = bankSelect.value;
    if (statusSelect.value) q.status = statusSelect.value;
    if (assignee.value.trim()) q.assignee = assignee.value.trim();
    go(orgHref(org.id, "licences", q));
  });
  const results = h("div", { testid: "org-licences-results" });
  slot.append(h("p", { class: "lead" }, "Every licence of the organisation, newest first, as its admins see them."), form, results);
  const path = `/operator/orgs/${seg(org.id)}/licenses`;
  const query = { ...filters, limit: PAGE };
  let first;
  results.append(loading("Loading licences\u2026"));
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
    results.append(empty(filtered ? "No licences match these filters." : "No licences yet.", "org-licences-empty"));
    return;
  }
  const table = licenceTable({ products, testid: "org-licences-table", caption: `Licences of ${org.name}` });
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
      { label: "Activation code", cell: (l) => h("span", null, h("code", { class: "activation-code", testid: "console-license-code" }, l.code), h("span", { class: "sub" }, productLabel(products, l.product))) },
      { label: "Start / expiry", cell: (l) => h("span", null, h("span", { class: "nowrap" }, l.start), " ", h("span", { class: "visually-hidden" }, "to"), h("span", { class: "nowrap sub-line" }, l.expiry)) },
      { label: "Computers", cell: (l) => String(l.computers), className: "num" },
      { label: "Type", cell: (l) => typeLabel(l.type), className: "keep" },
      assignee ? { label: "Assignee", cell: (l) => h("span", { class: "break", testid: "console-license-assignee" }, l.assignee ?? h("span", { class: "muted" }, "Unassigned")) } : null,
      { label: "Credits used", cell: (l) => String(l.credits_used), className: "num" },
      { label: "Bank", cell: (l) => h("span", null, `${l.bank.version}${l.bank.portable ? ", portable" : ""}`, h("span", { class: "sub nowrap" }, `${l.bank.start} to ${l.bank.expiry}`)) },
      { label: "Status", cell: (l) => badge(l.status, "console-license-status") },
    ].filter(Boolean),
  });
}

// ---- people ----

const lastAdminWords = (error) => {
  if (error?.code === "last_admin") {
    error.message = `${error.message.replace(/\.$/, "")}: an organisation always keeps one active admin, for the licence provider too. Invite or promote another admin first (they count once they have signed in), then change this one.`;
  }
  throw error;
};

function openChange({ org, user, patch, onDone }) {
  const words = patch.role ? (patch.role === "admin" ? `Make ${user.email} an admin` : `Make ${user.email} a member`) : patch.status === "inactive" ? `Deactivate ${user.email}` : `Reactivate ${user.email}`;
  const short = patch.role ? (patch.role === "admin" ? "Make admin" : "Make member") : patch.status === "inactive" ? "Deactivate" : "Reactivate";
  const losesAdmin = user.role === "admin" && user.status === "active" && (patch.role === "member" || patch.status === "inactive");
  const leavesNoAdmin = user.role === "admin" && user.status === "invited" && patch.role === "member" && org.active_admins === 0;
  actionDialog({
    name: "person-change",
    title: words,
    review: () => ({
      summary: `${words} of ${org.name}.`,
      rows: [
        ["Role", patch.role ? `${roleLabel(user.role)} \u2192 ${roleLabel(patch.role)}` : roleLabel(user.role)],
        ["Status", patch.status ? `${user.status} \u2192 ${patch.status}` : user.status],
      ],
      notes: [
        patch.status === "inactive" ? "An inactive person cannot use the portal; they keep their licences." : null,
        losesAdmin && org.active_admins <= 1 ? `${user.email} is the only active admin: the service refuses this until another admin is active.` : null,
        leavesNoAdmin ? `${org.name} has no active admin yet: after this nobody can manage it until you invite an admin.` : null,
      ].filter(Boolean),
      confirm: short,
    }),
    send: (body, key) => api(`/operator/orgs/${seg(org.id)}/users/${seg(user.email)}`, { method: "PATCH", body: patch, idempotencyKey: key }).catch(lastAdminWords),
    result: (after) => ({ heading: "Changed", text: `${after.email} is now ${roleLabel(after.role).toLowerCase()}, ${after.status}.` }),
    onDone,
  });
}

function openInviteAdmin({ org, onDone }) {
  const email = h("input", { type: "email", name: "email", autocomplete: "off", spellcheck: "false", required: true, testid: "invite-admin-email" });
  actionDialog({
    name: "invite-admin",
    title: `Invite an admin to ${org.name}`,
    fields: [field({ label: "Email", input: email, hint: "Someone already in the organisation is invited again; someone of another organisation is refused, unless all they have there is a lapsed invitation." })],
    labels: { email: "Email" },
    read: (form) => {
      const e = required(form, "email", "Email");
      return e.error ? e : { body: { email: e.value } };
    },
    review: (body) => ({
      summary: `Invite ${body.email} as an admin of ${org.name}.`,
      notes: ["The invitation mail goes out at once; they become active at their first sign-in."],
      confirm: "Send invitation",
    }),
    send: (body, key) => api(`/operator/orgs/${seg(org.id)}/admins`, { method: "POST", body, idempotencyKey: key }),
    result: (answer) => ({
      heading: "Invitation sent",
      text: `${answer.user.email} is invited as ${roleLabel(answer.user.role).toLowerCase()} of ${org.name}${answer.user.invitation_expires ? `, until ${answer.user.invitation_expires}` : ""}.`,
    }),
    onDone,
  });
}

function openReleaseInvitation({ org, user, onDone }) {
  actionDialog({
    name: "release-invitation",
    title: "Release the invitation",
    review: () => ({
      summary: `Withdraw ${user.email}'s invitation to ${org.name}, which they never accepted.`,
      notes: ["The address is free again: another organisation can invite them. Refused when the invitation came with licences they still hold."],
      confirm: "Release the invitation",
      danger: true,
    }),
    idempotent: false,
    send: () => api(`/operator/invitations/${seg(user.email)}`, { method: "DELETE" }),
    result: (answer) => ({ heading: "Invitation released", text: `${answer.released} is no longer invited to ${org.name}.` }),
    onDone,
  });
}

function openReleaseAccount({ org, user, onDone }) {
  actionDialog({
    name: "release-account",
    title: "Release the sign-in account",
    review: () => ({
      summary: `Release the account ${user.account.subject} (${user.account.issuer}) from ${user.email}'s membership of ${org.name}.`,
      notes: ["On the person's request: their next sign-in binds the account it comes from. Until then, anyone signing in with this address at a trusted provider becomes them."],
      confirm: "Release the account",
      danger: true,
    }),
    idempotent: false,
    send: () => api(`/operator/users/${seg(user.email)}/identity`, { method: "DELETE" }),
    result: (m) => ({ heading: "Account released", text: `${m.email} is bound to no account; their next sign-in binds one.` }),
    onDone,
  });
}

function openBindAccount({ org, user, onDone }) {
  const issuer = h("input", { type: "text", inputmode: "url", name: "issuer", autocomplete: "off", spellcheck: "false", value: user.account?.issuer ?? "", testid: "bind-issuer" });
  const subject = h("input", { type: "text", name: "subject", autocomplete: "off", spellcheck: "false", testid: "bind-subject" });
  actionDialog({
    name: "bind-account",
    title: `Bind another account to ${user.email}`,
    intro: h("p", null, "On the person's request: their account at the identity provider changed, or they move to another trusted provider."),
    fields: [
      field({ label: "Issuer", input: issuer, hint: "The provider's issuer URL, as its tokens write iss (https)." }),
      field({ label: "Subject", input: subject, hint: "What that provider calls the person (sub), without spaces." }),
    ],
    labels: { issuer: "Issuer", subject: "Subject" },
    read: (form) => {
      const i = required(form, "issuer", "Issuer");
      if (i.error) return i;
      const s = required(form, "subject", "Subject");
      return s.error ? s : { body: { issuer: i.value, subject: s.value } };
    },
    review: (body) => ({
      summary: `From now on only the account ${body.subject} of ${body.issuer} acts as ${user.email} in ${org.name}.`,
      rows: [
        ["Now", user.account ? `${user.account.subject} (${user.account.issuer})` : "No account"],
        ["After", `${body.subject} (${body.issuer})`],
      ],
      confirm: "Bind the account",
    }),
    send: (body, key) => api(`/operator/users/${seg(user.email)}/identity`, { method: "PUT", body, idempotencyKey: key }),
    result: (p) => ({ heading: "Account bound", text: `${p.email} is bound to ${p.account?.subject} of ${p.account?.issuer}.` }),
    onDone,
  });
}

function accountCell(u) {
  if (!u.account) return h("span", { class: "muted", testid: "person-account" }, u.status === "invited" ? "None: not signed in yet" : "None: the next sign-in binds one");
  return h("span", { class: "break", testid: "person-account" }, h("code", null, u.account.subject), h("span", { class: "sub break" }, u.account.issuer));
}

async function peopleSection(slot, { org, say, reload }) {
  const invite = h("button", { type: "button", class: "button", testid: "invite-admin-open" }, "Invite an admin");
  const results = h("div", { testid: "org-people-results" });
  slot.append(h("div", { class: "toolbar" }, h("p", { class: "lead" }, "The organisation's people, with the sign-in account each membership is bound to."), h("div", { class: "toolbar-actions" }, invite)), results);
  const done = (answer, text) => {
    say(text);
    reload();
  };
  invite.addEventListener("click", () => openInviteAdmin({ org, onDone: done }));
  const path = `/operator/orgs/${seg(org.id)}/users`;
  results.append(loading("Loading people\u2026"));
  const first = await api(path, { query: { limit: 50 } });
  clear(results);
  if (!first.users.length) {
    results.append(empty("Nobody yet.", "org-people-empty"));
    return;
  }
  const button = (label, testid, aria, onclick, cls = "secondary") => h("button", { type: "button", class: `button small ${cls}`, testid, "aria-label": aria, onclick }, label);
  const table = dataTable({
    caption: `People of ${org.name}`,
    testid: "org-people-table",
    rowAttrs: (u) => ({ testid: "person-row", "data-email": u.email }),
    columns: [
      { label: "Email", cell: (u) => h("span", { class: "break", testid: "person-email" }, u.email) },
      { label: "Role", cell: (u) => h("span", { testid: "person-role" }, roleLabel(u.role)) },
      { label: "Status", cell: (u) => h("span", null, badge(u.status, "person-status"), u.invitation_expires ? h("span", { class: "sub" }, `invitation until ${u.invitation_expires}`) : null) },
      { label: "Invited on", cell: (u) => u.invited_on, className: "date" },
      { label: "Account", cell: accountCell },
      {
        label: "Actions",
        cell: (u) => {
          const open = (fn, extra = {}) => () => fn({ org, user: u, onDone: done, ...extra });
          const inactive = u.status === "inactive";
          return h(
            "span",
            { class: "row-actions" },
            button(u.role === "admin" ? "Make member" : "Make admin", "person-role-toggle", u.role === "admin" ? `Make member: ${u.email}` : `Make admin: ${u.email}`, open(openChange, { patch: { role: u.role === "admin" ? "member" : "admin" } })),
            button(inactive ? "Reactivate" : "Deactivate", "person-status-toggle", inactive ? `Reactivate ${u.email}` : `Deactivate ${u.email}`, open(openChange, { patch: { status: inactive ? "active" : "inactive" } })),
            u.status === "invited" ? button("Release invitation", "person-release-invitation", `Release invitation of ${u.email}`, open(openReleaseInvitation), "danger-outline") : null,
            u.account ? button("Release account", "person-release-account", `Release account: the sign-in account of ${u.email}`, open(openReleaseAccount), "danger-outline") : null,
            u.status !== "invited" ? button("Bind account", "person-bind-account", `Bind account: another sign-in account for ${u.email}`, open(openBindAccount)) : null,
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
  slot.append(h("p", { class: "lead" }, "Everything that changed in the organisation, newest first, as its admins see it."));
  const first = await api(path, { query: { limit: 50 } });
  if (!first.events.length) {
    slot.append(empty("Nothing has happened yet.", "org-trail-empty"));
    return;
  }
  const table = dataTable({
    caption: `Trail of ${org.name}`,
    testid: "org-trail-table",
    rowAttrs: (e) => ({ testid: "org-trail-row", "data-action": e.action }),
    columns: [
      { label: "Time", cell: (e) => timeEl(e.at) },
      { label: "Actor", cell: (e) => h("span", { class: "break" }, actorLabel(e)), className: "actor" },
      { label: "Action", cell: (e) => actionLabel(e.action) },
      { label: "Subject", cell: (e) => subjectCell(e.subject), className: "subject" },
      { label: "Credits", cell: (e) => creditsCell(e.credits), className: "num" },
      { label: "Detail", cell: (e) => h("span", { class: "detail" }, inWords(e.detail)), className: "wide detail-col" },
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
    title: `Rename ${org.name}`,
    fields: [field({ label: "New name", input: name, hint: "1 to 100 characters on one line." })],
    labels: { name: "New name" },
    read: (form) => {
      const n = required(form, "name", "New name");
      if (n.error) return n;
      if (n.value === org.name) return { error: { field: "name", message: "New name is the same as the current one" } };
      return { body: { name: n.value } };
    },
    review: (body) => ({
      summary: `Rename \u201c${org.name}\u201d to \u201c${body.name}\u201d.`,
      notes: ["Its mail and the console use the new name from now on."],
      confirm: "Rename",
    }),
    send: (body, key) => api(`/operator/orgs/${seg(org.id)}`, { method: "PATCH", body, idempotencyKey: key }),
    result: (after) => {
      knowOrg(after.id, after.name);
      return { heading: "Renamed", text: `The organisation is now called ${after.name}.` };
    },
    onDone,
  });
}

function openSuspend({ org, onDone }) {
  const reason = h("input", { type: "text", name: "reason", maxlength: "500", autocomplete: "off", testid: "suspend-reason" });
  actionDialog({
    name: "suspend",
    title: `Suspend ${org.name}`,
    intro: h("p", null, "An unpaid invoice, a dispute, the customer's request."),
    fields: [field({ label: "Reason", input: reason, hint: "Its admins see it on every page and in the refusals; one line." })],
    labels: { reason: "Reason" },
    read: (form) => {
      const r = required(form, "reason", "Reason");
      return r.error ? r : { body: { reason: r.value } };
    },
    review: (body) => ({
      summary: `Suspend ${org.name}: \u201c${body.reason}\u201d.`,
      notes: [
        "Its people keep signing in and reading everything, and their licences stay valid; the daily jobs go on.",
        "Every change of its own is refused (generating, renewing, returning and assigning licences, inviting and changing people, version policies, exports, credit requests) until you resume it. Your own actions on it still work.",
      ],
      confirm: "Suspend",
      danger: true,
    }),
    send: (body, key) => api(`/operator/orgs/${seg(org.id)}/suspend`, { method: "POST", body, idempotencyKey: key }),
    result: (after) => ({ heading: "Suspended", text: `${after.name} is suspended: it reads, but changes nothing until resumed.` }),
    onDone,
  });
}

function openResume({ org, onDone }) {
  actionDialog({
    name: "resume",
    title: `Resume ${org.name}`,
    review: () => ({
      summary: `Resume ${org.name}: its changes are accepted again.`,
      rows: [
        ["Suspended since", timeEl(org.suspended.since)],
        ["By", org.suspended.by],
        ["Reason", org.suspended.reason],
      ],
      confirm: "Resume",
    }),
    send: (body, key) => api(`/operator/orgs/${seg(org.id)}/resume`, { method: "POST", idempotencyKey: key }),
    result: (after) => ({ heading: "Resumed", text: `${after.name} is no longer suspended.` }),
    onDone,
  });
}

function openMailBudget({ org, onDone }) {
  const perDay = h("input", { type: "number", name: "per_day", min: "1", max: "1000000", step: "1", inputmode: "numeric", value: String(org.mail_budget), testid: "mail-budget-per-day" });
  actionDialog({
    name: "mail-budget",
    title: `Daily mail budget of ${org.name}`,
    intro: h("p", null, `Now ${org.mail_budget} mails a day${org.mail_budget_set ? "" : " (the deployment's default)"}: invitations, licence notices, returns, exports and bank warnings.`),
    fields: [field({ label: "Mails a day", input: perDay, hint: "1 to 1,000,000 (UTC days)." })],
    labels: { per_day: "Mails a day" },
    read: (form) => {
      const n = wholeNumber(form, "per_day", "Mails a day", { max: 1_000_000 });
      return n.error ? n : { body: { per_day: n.value } };
    },
    review: (body) => ({
      summary: `Set the daily mail budget of ${org.name} from ${org.mail_budget} to ${body.per_day}.`,
      notes: ["Mail past it waits in the outbox for the next day; a request whose only effect would be mail (an invitation sent again, an emailed export) is refused meanwhile."],
      confirm: "Set the budget",
    }),
    idempotent: false,
    send: (body) => api(`/operator/orgs/${seg(org.id)}/mail-budget`, { method: "PUT", body }),
    result: (answer) => ({ heading: "Budget set", text: `${org.name} may now cause ${answer.per_day} mails a day.` }),
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
          h("p", null, h("strong", null, "Suspended"), " since ", timeEl(org.suspended.since), ` by ${org.suspended.by}: ${org.suspended.reason}`),
          h("p", null, "Its people read everything and their licences stay valid; every change of their own is refused until you resume it."),
        )
      : null,
    h(
      "section",
      { class: "card org-summary", "aria-label": "Summary", testid: "console-org-summary" },
      h(
        "dl",
        { class: "stats" },
        h("div", null, h("dt", null, "Status"), h("dd", null, orgState(org))),
        h("div", null, h("dt", null, "Created"), h("dd", null, org.created_on)),
        h("div", null, h("dt", null, "Active admins"), h("dd", null, adminsCell(org))),
        h("div", null, h("dt", null, "Daily mail budget"), h("dd", { testid: "console-org-mail-budget" }, String(org.mail_budget), org.mail_budget_set ? null : h("span", { class: "sub" }, "default"))),
        h("div", null, h("dt", null, "Id"), h("dd", null, h("code", { class: "break", testid: "console-org-id" }, org.id))),
      ),
      h(
        "div",
        { class: "toolbar-actions" },
        button("Rename", "rename-open", openRename),
        org.suspended ? button("Resume", "resume-open", openResume) : button("Suspend", "suspend-open", openSuspend, "danger-outline"),
        button("Mail budget", "mail-budget-open", openMailBudget),
      ),
    ),
  ]);
}

export async function render(view, ctx) {
  const id = ctx.id;
  const section = SECTIONS.some(([s]) => s === ctx.params.get("section")) ? ctx.params.get("section") : "banks";
  const [detail, products] = await Promise.all([api(`/operator/orgs/${seg(id)}`), catalogProducts()]);
  if (!ctx.current()) return;
  const headerSlot = h("div", { testid: "console-org-header" });
  const noticeSlot = h("div", { "aria-live": "polite", testid: "console-org-notice-area" });
  const sectionNav = h(
    "nav",
    { class: "section-nav", "aria-label": "Sections of the organisation", testid: "console-org-sections" },
    h(
      "ul",
      null,
      SECTIONS.map(([key, label]) => h("li", null, h("a", { href: orgHref(id, key), testid: `console-org-section-${key}`, "aria-current": key === section ? "page" : null }, label))),
    ),
  );
  const sectionSlot = h("section", { class: "org-section", "aria-labelledby": "org-section-heading", testid: `console-org-${section}` });
  view.append(
    h("p", { class: "crumbs" }, h("a", { href: "#/console/orgs", testid: "console-org-back" }, "\u2190 All organisations")),
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
    clear(sectionSlot).append(h("h2", { id: "org-section-heading", class: "visually-hidden" }, SECTIONS.find(([s]) => s === section)[1]));
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
