// My licences: the signed-in person's licences with their activation codes and the downloads
// their organisation's version policy allows (GET /v1/me/licenses).

import { api } from "../api.js";
import { h, badge, dataTable, empty, moreRows, osLabel, safeUrl, typeLabel, units } from "../dom.js";
import { compareVersions, currentTerm, nextTerm } from "../licence-view.js";

const PAGE = 25;

function copyButton(code) {
  const status = h("span", { class: "copy-status", role: "status" });
  const button = h("button", { type: "button", class: "button secondary small", testid: "copy-code", "aria-label": `Copy activation code ${code}` }, "Copy");
  button.addEventListener("click", async () => {
    let ok = false;
    try {
      await navigator.clipboard.writeText(code);
      ok = true;
    } catch {
      // Older browsers, or no permission: copy through a selected text field.
      const area = h("textarea", { class: "visually-hidden", readonly: true, "aria-hidden": "true" });
      area.value = code;
      document.body.append(area);
      area.select();
      try {
        ok = document.execCommand("copy");
      } catch {
        ok = false;
      }
      area.remove();
      button.focus();
    }
    status.textContent = ok ? "Copied" : "Select the code to copy it";
    setTimeout(() => {
      status.textContent = "";
    }, 4000);
  });
  return h("span", { class: "copy" }, button, status);
}

/** Download links grouped by version, newest version first. */
function downloads(license) {
  const byVersion = new Map();
  for (const d of license.downloads ?? []) {
    if (!byVersion.has(d.version)) byVersion.set(d.version, []);
    byVersion.get(d.version).push(d);
  }
  if (byVersion.size === 0) return h("span", { class: "muted", testid: "no-downloads" }, "No downloads available");
  const versions = [...byVersion.keys()].sort((a, b) => compareVersions(b, a));
  return h(
    "ul",
    { class: "downloads", testid: "downloads" },
    versions.map((version) =>
      h(
        "li",
        { testid: "download-version", "data-version": version },
        h("span", { class: "download-version" }, `Version ${version}`, version === license.version ? h("span", { class: "tag" }, "licensed") : null),
        h(
          "span",
          { class: "download-links" },
          byVersion.get(version).map((d) => {
            const url = safeUrl(d.url);
            return url
              ? h("a", { href: url, rel: "noopener noreferrer", testid: "download-link", "data-os": d.os, "data-version": version, "aria-label": `Download ${license.product_name} ${version} for ${osLabel(d.os)}` }, osLabel(d.os))
              : null;
          }),
        ),
      ),
    ),
  );
}

export { compareVersions };

export async function render(view) {
  view.append(h("p", { class: "lead" }, "Your licences, their activation codes and the installers you may download."));
  const first = await api("/me/licenses", { query: { limit: PAGE } });
  if (!first.licenses.length) {
    view.append(empty("You have no licences yet. When an administrator generates or assigns one to you, it appears here and you receive an email.", "my-licenses-empty"));
    return;
  }
  const table = dataTable({
    caption: "My licences",
    testid: "my-licenses-table",
    rowAttrs: (l) => ({ testid: "my-license-row", "data-code": l.code }),
    columns: [
      { label: "Product", cell: (l) => h("span", null, h("span", { testid: "my-license-product" }, l.product_name), h("span", { class: "sub" }, typeLabel(l.type))) },
      {
        label: "Activation code",
        cell: (l) => h("span", { class: "code-cell" }, h("a", { href: `#/licences/${encodeURIComponent(l.code)}`, class: "code-link", "aria-label": `${l.code}: details` }, h("code", { class: "activation-code", testid: "activation-code" }, l.code)), copyButton(l.code)),
      },
      { label: "Start", cell: (l) => h("span", { testid: "my-license-start" }, currentTerm(l).start), className: "date" },
      { label: "Computers or seats", cell: (l) => h("span", { testid: "my-license-computers" }, units(l.type, currentTerm(l).computers ?? l.computers)), className: "keep" },
      {
        label: "Expiry",
        cell: (l) => {
          const next = nextTerm(l);
          return h(
            "span",
            null,
            h("span", { testid: "my-license-expiry" }, currentTerm(l).expiry),
            next ? h("span", { class: "sub", testid: "my-license-next" }, `Renewed: ${next.start} to ${next.expiry}, ${units(l.type, next.computers)}`) : null,
          );
        },
        className: "date",
      },
      { label: "Status", cell: (l) => badge(l.status, "my-license-status") },
      { label: "Downloads", cell: (l) => downloads(l), className: "wide" },
    ],
    rows: first.licenses,
  });
  view.append(table.element);
  view.append(...moreRows(first.next, (cursor) => api("/me/licenses", { query: { limit: PAGE, cursor } }), table, "licenses"));
}
