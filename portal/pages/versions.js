// Product versions: per product, every version available to members (restriction off) or only
// the selected ones (GET /v1/product-versions, PUT /v1/product-versions/{product}).

import { api, seg } from "../api.js";
import { h, busy, checkbox, count, empty, formErrors, openDialog, uid } from "../dom.js";
import { compareVersions } from "../licence-view.js";

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

const list = (versions) => {
  const v = [...versions].sort(compareVersions);
  return v.length > 1 ? `${v.slice(0, -1).join(", ")} and ${v[v.length - 1]}` : v[0] ?? "";
};

/**
 * Before a policy is saved that allows nothing, or hides versions the organisation's licences
 * are on: the warnings, and Save anyway or go back. Answers whether to save.
 */
function reviewWarnings(name, warnings) {
  return new Promise((resolve) => {
    let answer = false;
    const dialog = openDialog({ title: `Save the ${name} policy?`, testid: "versions-warning-dialog", onClose: () => resolve(answer) });
    const save = h("button", { type: "button", class: "button danger", testid: "versions-warning-save" }, "Save anyway");
    const back = h("button", { type: "button", class: "button secondary", testid: "versions-warning-back" }, "Go back");
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
    h("legend", null, "Versions members may download"),
    boxes.map((box) => checkbox({ label: `Version ${box.value}`, input: box })),
  );
  const save = h("button", { type: "submit", class: "button", testid: `versions-save-${p.product}` }, "Save");
  const hiddenNote = h("p", { class: "note note-warning", role: "status", testid: `versions-hides-${p.product}`, hidden: true });
  const hides = () => (restricted.checked ? boxes.filter((b) => !b.checked && inUse.has(b.value)).map((b) => b.value) : []);
  const warn = () => {
    const hidden = hides();
    const none = restricted.checked && !boxes.some((b) => b.checked);
    hiddenNote.hidden = !hidden.length && !none;
    hiddenNote.textContent = [
      none ? "With nothing selected, members can download no version at all." : "",
      hidden.length ? `Your organisation's licences are on version ${list(hidden)}: members holding them will no longer see ${hidden.length === 1 ? "its" : "their"} downloads.` : "",
    ]
      .filter(Boolean)
      .join(" ");
  };
  const status = h("p", { class: "muted", role: "status", testid: `versions-status-${p.product}` });
  const describe = () => {
    if (!restricted.checked) return "Every version is available.";
    const n = boxes.filter((b) => b.checked).length;
    return n ? "Only the selected versions are available." : "No version is available to members.";
  };
  const state = h("span", { class: "switch-state", "aria-hidden": "true" }, restricted.checked ? "On" : "Off");
  const sync = () => {
    for (const box of boxes) box.disabled = !restricted.checked;
    if (!restricted.checked) for (const box of boxes) box.checked = true;
    state.textContent = restricted.checked ? "On" : "Off";
    versionsSet.classList.toggle("is-disabled", !restricted.checked);
  };
  restricted.addEventListener("change", () => {
    if (restricted.checked) {
      // Start from what was allowed before, or from everything.
      for (const box of boxes) box.checked = allowed.size ? allowed.has(box.value) : true;
    }
    sync();
    warn();
    status.textContent = "Not saved yet.";
  });
  for (const box of boxes)
    box.addEventListener("change", () => {
      status.textContent = "Not saved yet.";
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
      h("label", { for: restrictedId }, "Restrict downloads to selected versions"),
      state,
    ),
    inUse.size ? h("p", { class: "hint" }, `Your organisation's licences are on version ${list(inUse)}.`) : null,
    versionsSet,
    hiddenNote,
    h("div", { class: "actions" }, save, status),
  );
  sync();
  warn();
  const errs = formErrors(form, { labels: { allowed: "Versions", restricted: "Restriction" }, testid: `versions-error-${p.product}` });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    errs.clear();
    const body = {
      restricted: restricted.checked,
      allowed: restricted.checked ? boxes.filter((b) => b.checked).map((b) => b.value) : [],
    };
    const warnings = [];
    if (body.restricted && !body.allowed.length) warnings.push(`Nothing is allowed: members will see no ${p.name} download at all.`);
    const hidden = hides();
    if (hidden.length) warnings.push(`Your organisation's licences are on version ${list(hidden)}, which members will no longer be able to download.`);
    const confirmed = warnings.length ? reviewWarnings(p.name, warnings) : Promise.resolve(true);
    confirmed.then((yes) => {
      if (!yes) {
        status.textContent = "Not saved yet.";
        return;
      }
      save.focus();
      return saveNow();
    });
    const saveNow = () => busy(save, async () => {
      status.textContent = "Saving\u2026";
      try {
        const policy = await api(`/product-versions/${seg(p.product)}`, { method: "PUT", body });
        allowed.clear();
        for (const v of policy.allowed ?? []) allowed.add(v);
        status.textContent = `Saved. ${describe()}`;
      } catch (error) {
        if (error?.code === "unauthenticated") return;
        status.textContent = "Not saved.";
        errs.show(error);
      }
    });
  });
  return form;
}

export async function render(view) {
  const [data, banks] = await Promise.all([api("/product-versions"), allBanks()]);
  view.append(h("p", { class: "lead" }, "Choose which versions your members see download links for. Without a restriction every version of the catalogue is available."));
  // Only the products the organisation has banks of; the versions its licences are on are
  // those of its unexpired banks that licences were drawn from.
  const owned = new Set(banks.map((b) => b.product));
  const products = data.products.filter((p) => owned.has(p.product));
  if (!products.length) {
    view.append(empty(data.products.length ? "Your organisation has no bank of any product yet: there is no version to choose." : "The catalogue has no products yet.", "versions-empty"));
    return;
  }
  const inUse = (product) => new Set(banks.filter((b) => b.product === product && b.status !== "expired" && b.used > 0).map((b) => b.version));
  const others = data.products.length - products.length;
  view.append(h("div", { class: "cards", testid: "versions-list" }, products.map((p) => productForm(p, inUse(p.product)))));
  if (others > 0) view.append(h("p", { class: "muted", testid: "versions-others" }, `${count(others, "other product")} of the catalogue ${others === 1 ? "is" : "are"} not shown: your organisation has no bank of ${others === 1 ? "it" : "them"}.`));
}
