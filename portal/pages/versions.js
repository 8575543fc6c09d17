// Product versions: per product, every version available to members (restriction off) or only
// the selected ones (GET /v1/product-versions, PUT /v1/product-versions/{product}).

import { api, seg } from "../api.js";
import { h, busy, checkbox, count, empty, formErrors, openDialog, uid } from "../dom.js";
import { compareVersions } from "../licence-view.js";
import { formatList, t } from "../i18n.js";

/** Every bank of the organisation. */
async function allBanks() {
  const banks = [];
  let cursor = null;
  do {
    const page = await api("/banks", { query: { limit: 100, cursor } });
    banks.push(...page.banks);
    cursor = page.next;
  } while (cursor);
  return banks;
}

/** Versions in order, as the language lists them: "22, 24 and 25.1", "22, 24 et 25.1". */
const list = (versions) => formatList([...versions].sort(compareVersions));

/**
 * Before a policy is saved that allows nothing, or hides versions the organisation's licences
 * are on: the warnings, and Save anyway or go back. Answers whether to save.
 */
function reviewWarnings(name, warnings) {
  return new Promise((resolve) => {
    let answer = false;
    const dialog = openDialog({ title: t("versions-warning-title", { product: name }), testid: "versions-warning-dialog", onClose: () => resolve(answer) });
    const save = h("button", { type: "button", class: "button danger", testid: "versions-warning-save" }, t("versions-save-anyway"));
    const back = h("button", { type: "button", class: "button secondary", testid: "versions-warning-back" }, t("versions-go-back"));
    save.addEventListener("click", () => {
      answer = true;
      dialog.close();
    });
    back.addEventListener("click", () => dialog.close());
    dialog.body.append(h("ul", { class: "warnings" }, warnings.map((w) => h("li", { testid: "versions-warning" }, w))), h("div", { class: "actions" }, back, save));
    back.focus();
  });
}

function productForm(p, inUse) {
  const headingId = uid("ver");
  const restricted = h("input", { type: "checkbox", name: "restricted", role: "switch", class: "switch", checked: p.restricted, testid: `versions-restricted-${p.product}` });
  const allowed = new Set(p.allowed);
  const boxes = p.versions.map((v) =>
    h("input", { type: "checkbox", name: "allowed", value: v, checked: p.restricted ? allowed.has(v) : true, testid: `version-${p.product}-${v}` }),
  );
  const versionsSet = h(
    "fieldset",
    { class: "versions" },
    h("legend", null, t("versions-legend")),
    boxes.map((box) => checkbox({ label: t("versions-version", { version: box.value }), input: box })),
  );
  const save = h("button", { type: "submit", class: "button", testid: `versions-save-${p.product}` }, t("versions-save"));
  const hiddenNote = h("p", { class: "note note-warning", role: "status", testid: `versions-hides-${p.product}`, hidden: true });
  const hides = () => (restricted.checked ? boxes.filter((b) => !b.checked && inUse.has(b.value)).map((b) => b.value) : []);
  const warn = () => {
    const hidden = hides();
    const none = restricted.checked && !boxes.some((b) => b.checked);
    hiddenNote.hidden = !hidden.length && !none;
    hiddenNote.textContent = [
      none ? t("versions-none-note") : "",
      hidden.length ? t("versions-hides-note", { count: hidden.length, versions: list(hidden) }) : "",
    ]
      .filter(Boolean)
      .join(" ");
  };
  const status = h("p", { class: "muted", role: "status", testid: `versions-status-${p.product}` });
  const describe = () => {
    if (!restricted.checked) return t("versions-all-available");
    const n = boxes.filter((b) => b.checked).length;
    return t(n ? "versions-selected-available" : "versions-none-available");
  };
  const state = h("span", { class: "switch-state", "aria-hidden": "true" }, t(restricted.checked ? "versions-on" : "versions-off"));
  const sync = () => {
    for (const box of boxes) box.disabled = !restricted.checked;
    if (!restricted.checked) for (const box of boxes) box.checked = true;
    state.textContent = t(restricted.checked ? "versions-on" : "versions-off");
    versionsSet.classList.toggle("is-disabled", !restricted.checked);
  };
  restricted.addEventListener("change", () => {
    if (restricted.checked) {
      // Start from what was allowed before, or from everything.
      for (const box of boxes) box.checked = allowed.size ? allowed.has(box.value) : true;
    }
    sync();
    warn();
    status.textContent = t("versions-not-saved-yet");
  });
  for (const box of boxes)
    box.addEventListener("change", () => {
      status.textContent = t("versions-not-saved-yet");
      warn();
    });
  const restrictedId = restricted.id || (restricted.id = uid("sw"));
  const form = h(
    "form",
    { class: "card version-card", "aria-labelledby": headingId, testid: `versions-product-${p.product}`, novalidate: true },
    h("h2", { id: headingId }, p.name),
    h(
      "div",
      { class: "field field-check switch-field" },
      restricted,
      h("label", { for: restrictedId }, t("versions-restrict")),
      state,
    ),
    inUse.size ? h("p", { class: "hint" }, t("versions-in-use", { count: inUse.size, versions: list(inUse) })) : null,
    versionsSet,
    hiddenNote,
    h("div", { class: "actions" }, save, status),
  );
  sync();
  warn();
  const errs = formErrors(form, { labels: { allowed: t("versions-versions"), restricted: t("versions-restriction") }, testid: `versions-error-${p.product}` });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    errs.clear();
    const body = {
      restricted: restricted.checked,
      allowed: restricted.checked ? boxes.filter((b) => b.checked).map((b) => b.value) : [],
    };
    const warnings = [];
    if (body.restricted && !body.allowed.length) warnings.push(t("versions-warning-none", { product: p.name }));
    const hidden = hides();
    if (hidden.length) warnings.push(t("versions-warning-hidden", { count: hidden.length, versions: list(hidden) }));
    const confirmed = warnings.length ? reviewWarnings(p.name, warnings) : Promise.resolve(true);
    confirmed.then((yes) => {
      if (!yes) {
        status.textContent = t("versions-not-saved-yet");
        return;
      }
      save.focus();
      return saveNow();
    });
    const saveNow = () => busy(save, async () => {
      status.textContent = t("versions-saving");
      try {
        const policy = await api(`/product-versions/${seg(p.product)}`, { method: "PUT", body });
        allowed.clear();
        for (const v of policy.allowed ?? []) allowed.add(v);
        status.textContent = t("versions-saved", { state: describe() });
      } catch (error) {
        if (error?.code === "unauthenticated") return;
        status.textContent = t("versions-not-saved");
        errs.show(error);
      }
    });
  });
  return form;
}

export async function render(view) {
  const [data, banks] = await Promise.all([api("/product-versions"), allBanks()]);
  view.append(h("p", { class: "lead" }, t("versions-lead")));
  // Only the products the organisation has banks of; the versions its licences are on are
  // those of its unexpired banks that licences were drawn from.
  const owned = new Set(banks.map((b) => b.product));
  const products = data.products.filter((p) => owned.has(p.product));
  if (!products.length) {
    view.append(empty(t(data.products.length ? "versions-no-bank" : "versions-no-products"), "versions-empty"));
    return;
  }
  const inUse = (product) => new Set(banks.filter((b) => b.product === product && b.status !== "expired" && b.used > 0).map((b) => b.version));
  const others = data.products.length - products.length;
  view.append(h("div", { class: "cards", testid: "versions-list" }, products.map((p) => productForm(p, inUse(p.product)))));
  if (others > 0) view.append(h("p", { class: "muted", testid: "versions-others" }, t("versions-others", { count: others, products: count(others, "other product") })));
}
