// The vendor's catalogue, for operators: products, each with its versions, each with a download
// link per OS, edited as a structured form (GET /v1/operator/catalog); "Review changes" asks the
// preview what saving would change, what to know first and what members of an organisation
// would see (POST /v1/operator/catalog/preview); "Save" writes it at the revision read
// (PUT /v1/operator/catalog with If-Match). If someone else saved meanwhile (409
// catalog_changed), the page says so and offers to reload.

import { api } from "../api.js";
import { h, busy, clear, empty, errorBox, field, messageOf, notice, osLabel, safeUrl, uid } from "../dom.js";
import { t, tParts } from "../i18n.js";
import { num, when } from "./console-kit.js";

const SYSTEMS = ["windows", "macos", "linux"];

/** Editor rows from the API's products; each release remembers its links' order. */
function toDraft(products) {
  return products.map((p) => ({
    key: uid("p"),
    id: p.id,
    name: p.name,
    releases: p.releases.map((r) => ({
      key: uid("r"),
      version: r.version,
      order: r.downloads.map((d) => d.os),
      links: Object.fromEntries(r.downloads.map((d) => [d.os, d.url])),
    })),
  }));
}

/**
 * The catalogue the draft says, as the API takes it, and where each JSON path of it is edited
 * (so a 422 naming `products[0].releases[1].downloads[0].url` lands on its input).
 */
function toBody(draft) {
  const where = new Map();
  const products = draft.map((p, i) => {
    where.set(`products[${i}].id`, `${p.key}-id`);
    where.set(`products[${i}].name`, `${p.key}-name`);
    where.set(`products[${i}]`, `${p.key}-id`);
    return {
      id: p.id.trim(),
      name: p.name,
      releases: p.releases.map((r, j) => {
        const at = `products[${i}].releases[${j}]`;
        where.set(`${at}.version`, `${r.key}-version`);
        where.set(at, `${r.key}-version`);
        // Links keep the order they were stored in; new ones follow in the usual order.
        const systems = [...r.order.filter((os) => SYSTEMS.includes(os)), ...SYSTEMS.filter((os) => !r.order.includes(os))];
        const downloads = systems.filter((os) => (r.links[os] ?? "").trim() !== "").map((os) => ({ os, url: r.links[os].trim() }));
        downloads.forEach((d, k) => {
          where.set(`${at}.downloads[${k}].url`, `${r.key}-${d.os}`);
          where.set(`${at}.downloads[${k}].os`, `${r.key}-${d.os}`);
          where.set(`${at}.downloads[${k}]`, `${r.key}-${d.os}`);
        });
        return { version: r.version.trim(), downloads };
      }),
    };
  });
  return { body: { products }, where };
}

/** The input a JSON path names (the longest edited prefix of it), if any. */
function inputFor(where, path) {
  let p = String(path ?? "").replace(/^catalog\./, "");
  while (p) {
    const id = where.get(p);
    if (id) return document.getElementById(id);
    const cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
    if (cut <= 0) break;
    p = p.slice(0, cut);
  }
  return null;
}

function revisionText(doc) {
  if (!doc.revision) return t("cat-no-revision");
  const revision = String(doc.revision);
  if (!doc.updated_at) return t("cat-revision", { revision });
  const at = { at: when(doc.updated_at) };
  return h("span", null, doc.updated_by ? tParts("cat-revision-by", { revision, by: doc.updated_by }, at) : tParts("cat-revision-at", { revision }, at));
}

/** How a product is named in a button: its name, else its id, else "this product". */
const productWords = (p) => p.name || p.id || t("cat-this-product");

/** The router's entry: the catalogue editor in the page's view. */
export function render(view, ctx) {
  return renderCatalog(view, ctx);
}

export async function renderCatalog(main, ctx = {}) {
  const announce = h("p", { class: "visually-hidden", role: "status", "aria-live": "polite", testid: "catalog-announce" });
  const say = (text) => {
    announce.textContent = "";
    // A fresh text, so the same words are announced again.
    setTimeout(() => (announce.textContent = text), 50);
  };
  const root = h("div", { class: "catalog-editor", testid: "console-catalog" });
  clear(main).append(root, announce);

  let doc = null;
  let draft = [];

  const status = h("p", { class: "muted", testid: "catalog-revision" });
  const messages = h("div", { testid: "catalog-messages" });
  const list = h("div", { class: "catalog-products", testid: "catalog-products" });
  const org = h("input", { type: "text", name: "org", autocomplete: "off", spellcheck: "false", testid: "catalog-preview-org" });
  const review = h("button", { type: "submit", class: "button", testid: "catalog-review" }, t("cat-review"));
  const addProduct = h("button", { type: "button", class: "button secondary", testid: "catalog-add-product" }, t("cat-add-product"));
  const form = h(
    "form",
    { class: "catalog-form", novalidate: true, "aria-label": t("cat-form") },
    list,
    h("div", { class: "actions catalog-add" }, addProduct),
    h(
      "div",
      { class: "card catalog-review-bar" },
      field({ label: t("cat-members-org"), input: org, hint: t("cat-members-org-hint") }),
      h("div", { class: "actions" }, review),
    ),
  );
  const reviewPanel = h("section", { class: "catalog-review", testid: "catalog-review-panel", hidden: true, "aria-labelledby": "catalog-review-heading" });
  root.append(
    h("p", { class: "lead" }, t("cat-lead")),
    h("p", { class: "hint" }, t("cat-hint")),
    status,
    messages,
    form,
    reviewPanel,
  );

  const showMessage = (node) => {
    messages.replaceChildren(node);
    node.setAttribute("tabindex", "-1");
    node.focus();
  };

  // ---- the editor ----

  const linkInputs = (p, r) =>
    SYSTEMS.map((os) => {
      const input = h("input", {
        type: "url",
        id: `${r.key}-${os}`,
        value: r.links[os] ?? "",
        inputmode: "url",
        autocomplete: "off",
        spellcheck: "false",
        placeholder: "https://",
        testid: `catalog-link-${os}`,
        oninput: (e) => (r.links[os] = e.currentTarget.value),
      });
      return field({ label: t("cat-link", { os: osLabel(os) }), input });
    });

  function releaseBlock(p, r) {
    const version = h("input", {
      type: "text",
      id: `${r.key}-version`,
      value: r.version,
      inputmode: "decimal",
      autocomplete: "off",
      testid: "catalog-version",
      oninput: (e) => (r.version = e.currentTarget.value),
    });
    const remove = h(
      "button",
      {
        type: "button",
        class: "button danger-outline small",
        testid: "catalog-remove-version",
        "aria-label": r.version ? t("cat-remove-version-aria", { version: r.version, product: productWords(p) }) : t("cat-remove-new-version-aria", { product: productWords(p) }),
        onclick: () => {
          p.releases = p.releases.filter((x) => x !== r);
          draw();
          document.getElementById(`${p.key}-add-version`)?.focus();
          say(r.version ? t("cat-version-removed", { version: r.version }) : t("cat-new-version-removed"));
        },
      },
      t("cat-remove-version"),
    );
    const legendId = uid("lg");
    return h(
      "fieldset",
      { class: "catalog-release", testid: "catalog-release", "aria-labelledby": legendId },
      h("legend", { id: legendId }, r.version ? t("cat-version-legend", { version: r.version }) : t("cat-new-version")),
      h("div", { class: "catalog-release-grid" }, field({ label: t("org-version"), input: version }), linkInputs(p, r)),
      h("div", { class: "row-actions" }, remove),
    );
  }

  function productBlock(p, i) {
    const id = h("input", {
      type: "text",
      id: `${p.key}-id`,
      value: p.id,
      autocomplete: "off",
      spellcheck: "false",
      testid: "catalog-product-id",
      oninput: (e) => (p.id = e.currentTarget.value),
    });
    const headingId = uid("prod");
    const heading = h("h2", { id: headingId }, p.name || p.id || t("cat-new-product", { n: num(i + 1) }));
    const name = h("input", {
      type: "text",
      id: `${p.key}-name`,
      value: p.name,
      autocomplete: "off",
      testid: "catalog-product-name",
      oninput: (e) => {
        p.name = e.currentTarget.value;
        heading.textContent = p.name || p.id || t("cat-new-product", { n: num(i + 1) });
      },
    });
    const addVersion = h(
      "button",
      {
        type: "button",
        class: "button secondary small",
        id: `${p.key}-add-version`,
        testid: "catalog-add-version",
        onclick: () => {
          const r = { key: uid("r"), version: "", order: [], links: {} };
          p.releases.push(r);
          draw();
          document.getElementById(`${r.key}-version`)?.focus();
          say(t("cat-version-added"));
        },
      },
      t("cat-add-version", { product: productWords(p) }),
    );
    const remove = h(
      "button",
      {
        type: "button",
        class: "button danger-outline small",
        testid: "catalog-remove-product",
        onclick: () => {
          draft = draft.filter((x) => x !== p);
          draw();
          addProduct.focus();
          say(p.name || p.id ? t("cat-product-removed", { product: p.name || p.id }) : t("cat-new-product-removed"));
        },
      },
      t("cat-remove-product", { product: productWords(p) }),
    );
    return h(
      "section",
      { class: "card catalog-product", testid: "catalog-product", "data-product": p.id, "aria-labelledby": headingId },
      heading,
      h(
        "div",
        { class: "form-grid" },
        field({ label: t("org-product-id"), input: id, hint: t("cat-product-id-hint") }),
        field({ label: t("orgs-name"), input: name, hint: t("cat-name-hint") }),
      ),
      p.releases.length ? p.releases.map((r) => releaseBlock(p, r)) : h("p", { class: "muted" }, t("cat-no-version")),
      h("div", { class: "row-actions" }, addVersion, remove),
    );
  }

  function draw() {
    list.replaceChildren(...(draft.length ? draft.map(productBlock) : [empty(t("cat-empty"), "catalog-empty")]));
    reviewPanel.hidden = true;
  }

  addProduct.addEventListener("click", () => {
    const p = { key: uid("p"), id: "", name: "", releases: [] };
    draft.push(p);
    draw();
    document.getElementById(`${p.key}-id`)?.focus();
    say(t("cat-product-added"));
  });

  // ---- errors ----

  function clearErrors() {
    for (const el of root.querySelectorAll(".field-error")) el.remove();
    for (const el of root.querySelectorAll("[aria-invalid]")) {
      el.removeAttribute("aria-invalid");
      const ids = (el.getAttribute("aria-describedby") || "").split(" ").filter((x) => x && !x.endsWith("-error"));
      if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
      else el.removeAttribute("aria-describedby");
    }
    messages.replaceChildren();
  }

  /** A 422 next to the input its path names (and in the messages), else in the messages. */
  function showInvalid(error, where) {
    const target = error.field === "org" ? org : inputFor(where, error.field);
    const box = h("div", { class: "alert alert-error", role: "alert", testid: "catalog-error" }, h("p", null, error.field ? t("cat-error-at", { field: error.field, message: messageOf(error) }) : messageOf(error)));
    messages.replaceChildren(box);
    if (!target) {
      showMessage(box);
      return;
    }
    const id = `${target.id}-error`;
    const msg = h("p", { class: "field-error", id, testid: "catalog-field-error" }, messageOf(error));
    (target.closest(".field") ?? target.parentElement).append(msg);
    target.setAttribute("aria-invalid", "true");
    const ids = (target.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    target.setAttribute("aria-describedby", [...ids, id].join(" "));
    target.focus();
  }

  function showRefusal(error) {
    if (error?.code === "catalog_changed") {
      const reload = h("button", { type: "button", class: "button", testid: "catalog-reload" }, t("cat-reload"));
      reload.addEventListener("click", () => busy(reload, load));
      showMessage(
        h(
          "div",
          { class: "alert alert-error", role: "alert", testid: "catalog-conflict" },
          h("p", null, error.details?.revision ? t("cat-conflict", { revision: String(error.details.revision) }) : t("cat-conflict-unknown")),
          h("p", null, t("cat-conflict-reload")),
          h("p", null, reload),
        ),
      );
      return;
    }
    showMessage(errorBox(error, "catalog-error"));
  }

  // ---- review and save ----

  function membersView(products, orgId) {
    return h(
      "section",
      { class: "catalog-members", "aria-labelledby": "catalog-members-heading" },
      h("h3", { id: "catalog-members-heading" }, orgId ? t("cat-members-of", { org: orgId }) : t("cat-members-all")),
      products.length
        ? h(
            "ul",
            { class: "catalog-members-list", testid: "catalog-members" },
            products.map((p) =>
              h(
                "li",
                { testid: "catalog-member-product", "data-product": p.id },
                h("strong", null, p.name),
                p.versions.length
                  ? h(
                      "ul",
                      null,
                      p.versions.map((r) =>
                        h(
                          "li",
                          { testid: "catalog-member-version" },
                          t("cat-member-version", { version: r.version }),
                          r.downloads.length
                            ? r.downloads.map((d, k) => {
                                const href = safeUrl(d.url);
                                const label = osLabel(d.os);
                                return [k ? ", " : "", href ? h("a", { href, rel: "noopener noreferrer" }, label) : label];
                              })
                            : h("span", { class: "muted" }, t("cat-no-download")),
                        ),
                      ),
                    )
                  : h("p", { class: "muted small" }, t("cat-nothing-to-download")),
              ),
            ),
          )
        : empty(t("cat-no-products"), "catalog-members-empty"),
    );
  }

  async function showReview(preview, body, where, orgId) {
    const save = h("button", { type: "button", class: "button", testid: "catalog-save", disabled: !preview.changes.length }, t("cat-save"));
    const back = h("button", { type: "button", class: "button secondary", testid: "catalog-back" }, t("cat-back"));
    const heading = h("h2", { id: "catalog-review-heading", tabindex: "-1" }, t("cat-review"));
    reviewPanel.replaceChildren(
      h(
        "div",
        { class: "card review" },
        heading,
        preview.changes.length
          ? [h("h3", null, t("cat-changes")), h("ul", { testid: "catalog-changes" }, preview.changes.map((c) => h("li", null, c)))]
          : h("p", { class: "summary", testid: "catalog-no-changes" }, t("cat-no-changes")),
        preview.warnings.length
          ? h(
              "div",
              { class: "alert alert-warning", testid: "catalog-warnings" },
              h("h3", null, t("cat-before-save")),
              h("ul", null, preview.warnings.map((w) => h("li", null, w))),
            )
          : null,
        membersView(preview.products, orgId),
        h("div", { class: "actions" }, back, save),
      ),
    );
    reviewPanel.hidden = false;
    heading.focus();
    const n = preview.changes.length;
    const w = preview.warnings.length;
    say(t("cat-review-said", { changes: n, warnings: w, n: num(n), w: num(w) }));
    back.addEventListener("click", () => {
      reviewPanel.hidden = true;
      review.focus();
    });
    save.addEventListener("click", () =>
      busy([save, back, review], async () => {
        clearErrors();
        try {
          const saved = await api("/operator/catalog", { method: "PUT", body, ifMatch: `"${doc.revision}"` });
          setDoc(saved);
          showMessage(notice(t("cat-saved", { revision: String(saved.revision) }), "catalog-saved"));
        } catch (error) {
          if (error?.code === "unauthenticated") return;
          if (error?.status === 422) showInvalid(error, where);
          else showRefusal(error);
        }
      }),
    );
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearErrors();
    const { body, where } = toBody(draft);
    const orgId = org.value.trim();
    busy(review, async () => {
      try {
        const preview = await api("/operator/catalog/preview", { method: "POST", body: { catalog: body, ...(orgId ? { org: orgId } : {}) } });
        await showReview(preview, body, where, orgId);
      } catch (error) {
        if (error?.code === "unauthenticated") return;
        if (error?.status === 422) showInvalid(error, where);
        else if (error?.status === 404 && orgId) showInvalid({ ...error, field: "org", message: t("cat-no-such-org") }, where);
        else showRefusal(error);
      }
    });
  });

  // ---- loading ----

  function setDoc(next) {
    doc = next;
    draft = toDraft(next.products);
    status.replaceChildren(revisionText(next));
    draw();
  }

  async function load() {
    clearErrors();
    setDoc(await api("/operator/catalog"));
    ctx.heading?.focus?.();
    say(t("cat-loaded", { revision: String(doc.revision) }));
  }

  await load();
}
