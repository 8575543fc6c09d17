// My licences: the signed-in person's licences with their activation codes and the downloads
// their organisation's version policy allows (GET /v1/me/licenses), and the computers using
// each licence in use, which they may release (GET /v1/me/licenses/{code}/machines).

import { api } from "../api.js";
import { h, dataTable, empty, moreRows, osLabel, safeUrl } from "../dom.js";
import { t } from "../i18n.js";
import { compareVersions } from "../licence-view.js";
import { machinesCard } from "../machines.js";
import { day, dayEl, statusBadge, typeWord, unitsOf } from "./licenses.js";

const PAGE = 25;

function copyButton(code) {
  const status = h("span", { class: "copy-status", role: "status" });
  const button = h("button", { type: "button", class: "button secondary small", testid: "copy-code", "aria-label": t("lic-mine-copy-aria", { code }) }, t("lic-mine-copy"));
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
    status.textContent = t(ok ? "lic-mine-copied" : "lic-mine-copy-failed");
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
  if (byVersion.size === 0) return h("span", { class: "muted", testid: "no-downloads" }, t("lic-mine-no-downloads"));
  const versions = [...byVersion.keys()].sort((a, b) => compareVersions(b, a));
  return h(
    "ul",
    { class: "downloads", testid: "downloads" },
    versions.map((version) =>
      h(
        "li",
        { testid: "download-version", "data-version": version },
        h("span", { class: "download-version" }, t("lic-mine-version", { version }), version === license.version ? h("span", { class: "tag" }, t("lic-mine-licensed")) : null),
        h(
          "span",
          { class: "download-links" },
          byVersion.get(version).map((d) => {
            const url = safeUrl(d.url);
            return url
              ? h("a", { href: url, rel: "noopener noreferrer", testid: "download-link", "data-os": d.os, "data-version": version, "aria-label": t("lic-mine-download-aria", { product: license.product_name ?? "", version, os: osLabel(d.os) }) }, osLabel(d.os))
              : null;
          }),
        ),
      ),
    ),
  );
}

export { compareVersions };

export async function render(view, ctx) {
  view.append(h("p", { class: "lead" }, t("lic-mine-lead")));
  const first = await api("/me/licenses", { query: { limit: PAGE } });
  if (!first.licenses.length) {
    view.append(empty(t("lic-mine-empty"), "my-licenses-empty"));
    return;
  }
  const table = dataTable({
    caption: t("lic-mine-caption"),
    testid: "my-licenses-table",
    rowAttrs: (l) => ({ testid: "my-license-row", "data-code": l.code }),
    columns: [
      { label: t("lic-product"), cell: (l) => h("span", null, h("span", { testid: "my-license-product" }, l.product_name), h("span", { class: "sub" }, typeWord(l.type))) },
      {
        label: t("lic-activation-code"),
        cell: (l) => h("span", { class: "code-cell" }, h("a", { href: `#/licences/${encodeURIComponent(l.code)}`, class: "code-link", "aria-label": t("lic-mine-code-aria", { code: l.code }) }, h("code", { class: "activation-code", testid: "activation-code" }, l.code)), copyButton(l.code)),
      },
      { label: t("lic-mine-start"), cell: (l) => h("span", { testid: "my-license-start" }, dayEl(l.current_term.start)), className: "date" },
      { label: t("lic-computers-or-seats"), cell: (l) => h("span", { testid: "my-license-computers" }, unitsOf(l.type, l.current_term.computers)), className: "keep" },
      {
        label: t("lic-mine-expiry"),
        cell: (l) => {
          const next = l.next_term;
          return h(
            "span",
            null,
            h("span", { testid: "my-license-expiry" }, dayEl(l.current_term.expiry)),
            next
              ? h(
                  "span",
                  { class: "sub", testid: "my-license-next", "data-start": next.start, "data-expiry": next.expiry },
                  t("lic-mine-renewed", { start: day(next.start, "medium"), expiry: day(next.expiry, "medium"), units: unitsOf(l.type, next.computers) }),
                )
              : null,
          );
        },
        className: "date",
      },
      { label: t("lic-status"), cell: (l) => statusBadge(l.status, "my-license-status") },
      { label: t("lic-mine-downloads"), cell: (l) => downloads(l), className: "wide" },
    ],
    rows: first.licenses,
  });
  view.append(table.element);
  view.append(...moreRows(first.next, (cursor) => api("/me/licenses", { query: { limit: PAGE, cursor } }), table, "licenses"));
  // The computers using each licence in force (the first page's).
  const inForce = first.licenses.filter((l) => l.status === "active");
  const cards = await Promise.all(inForce.map((l) => machinesCard(l, { admin: false, named: true }).catch(() => null)));
  if (ctx && !ctx.current?.()) return;
  const shown = cards.filter(Boolean);
  if (shown.length) view.append(h("h2", null, t("mach-mine-heading")), h("p", { class: "muted" }, t("mach-mine-lead")), ...shown);
}
