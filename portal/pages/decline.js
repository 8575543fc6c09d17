// Declining an invitation, from the link in the invitation mail (#/decline?email=…&token=…):
// no sign-in needed, since the invitee may have no account at all; the link's token is what
// the service checks (POST /v1/invitations/decline).

import { api } from "../api.js";
import { h, clear, messageOf } from "../dom.js";
import { t, tParts } from "../i18n.js";

/** Renders the page into `main` (the shell's navigation stays hidden: nobody is signed in). */
export function renderDecline(main, params) {
  const email = params.get("email") ?? "";
  const token = params.get("token") ?? "";
  const heading = h("h1", { tabindex: "-1", testid: "page-title" }, t("decline-title"));
  const view = h("div", { class: "view", testid: "page-decline" });
  clear(main).append(heading, view);
  document.title = t("page-title", { page: t("decline-title") });
  if (!email || !token) {
    view.append(
      h("div", { class: "alert alert-error", role: "alert", testid: "decline-incomplete" },
        h("p", null, t("decline-incomplete")),
      ),
    );
    heading.focus();
    return;
  }
  const outcome = h("div", { "aria-live": "polite", testid: "decline-outcome" });
  const button = h("button", { type: "button", class: "button danger", testid: "decline-confirm" }, t("decline-title"));
  const keep = h("a", { href: "#/", class: "button secondary", testid: "decline-keep" }, t("decline-keep"));
  button.addEventListener("click", async () => {
    button.disabled = true;
    clear(outcome);
    try {
      await api("/invitations/decline", { method: "POST", body: { email, token }, anonymous: true });
      clear(view).append(
        h("div", { class: "alert alert-success", role: "status", testid: "decline-done" },
          h("p", null, tParts("decline-done", {}, { email: h("strong", null, email) })),
        ),
      );
      heading.focus();
    } catch (error) {
      button.disabled = false;
      const why =
        error?.status === 404
          ? t("decline-gone")
          : messageOf(error);
      outcome.append(h("div", { class: "alert alert-error", role: "alert", testid: "decline-error" }, h("p", null, why)));
    }
  });
  view.append(
    h("p", null, tParts("decline-sent-to", {}, { email: h("strong", { testid: "decline-email" }, email) })),
    h("p", null, t("decline-explain")),
    h("p", { class: "actions" }, button, " ", keep),
    outcome,
  );
  heading.focus();
}
