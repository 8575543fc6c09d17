// Product versions: per product, every version available to members (restriction off) or only
// the selected ones (GET /v1/product-versions, PUT /v1/product-versions/{product}).

import { api, seg } from "../api.js";
import { h, busy, checkbox, empty, formErrors, uid } from "../dom.js";

function productForm(p) {
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
    status.textContent = "Not saved yet.";
  });
  for (const box of boxes) box.addEventListener("change", () => (status.textContent = "Not saved yet."));
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
    versionsSet,
    h("div", { class: "actions" }, save, status),
  );
  sync();
  const errs = formErrors(form, { labels: { allowed: "Versions", restricted: "Restriction" }, testid: `versions-error-${p.product}` });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    errs.clear();
    const body = {
      restricted: restricted.checked,
      allowed: restricted.checked ? boxes.filter((b) => b.checked).map((b) => b.value) : [],
    };
    busy(save, async () => {
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
  const data = await api("/product-versions");
  view.append(h("p", { class: "lead" }, "Choose which versions your members see download links for. Without a restriction every version of the catalogue is available."));
  if (!data.products.length) {
    view.append(empty("The catalogue has no products yet.", "versions-empty"));
    return;
  }
  view.append(h("div", { class: "cards", testid: "versions-list" }, data.products.map(productForm)));
}
