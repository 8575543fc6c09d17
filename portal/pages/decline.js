// Declining an invitation, from the link in the invitation mail (#/decline?email=…&token=…):
// no sign-in needed, since the invitee may have no account at all; the link's token is what
// the service checks (POST /v1/invitations/decline).

import { api } from "../api.js";
import { h, clear, messageOf } from "../dom.js";

/** Renders the page into `main` (the shell's navigation stays hidden: nobody is signed in). */
export function renderDecline(main, params) {
  const email = params.get("email") ?? "";
  const token = params.get("token") ?? "";
  const heading = h("h1", { tabindex: "-1", testid: "page-title" }, "Decline the invitation");
  const view = h("div", { class: "view", testid: "page-decline" });
  clear(main).append(heading, view);
  document.title = "Decline the invitation · Enterprise License Portal";
  if (!email || !token) {
    view.append(
      h("div", { class: "alert alert-error", role: "alert", testid: "decline-incomplete" },
        h("p", null, "This link is incomplete. Open the link from the invitation mail again, or ignore the invitation: it lapses by itself."),
      ),
    );
    heading.focus();
    return;
  }
  const outcome = h("div", { "aria-live": "polite", testid: "decline-outcome" });
  const button = h("button", { type: "button", class: "button danger", testid: "decline-confirm" }, "Decline the invitation");
  const keep = h("a", { href: "#/", class: "button secondary", testid: "decline-keep" }, "Keep it and sign in");
  button.addEventListener("click", async () => {
    button.disabled = true;
    clear(outcome);
    try {
      await api("/invitations/decline", { method: "POST", body: { email, token }, anonymous: true });
      clear(view).append(
        h("div", { class: "alert alert-success", role: "status", testid: "decline-done" },
          h("p", null, "You declined the invitation. ", h("strong", null, email), " is not a member of the organisation, and nothing more will be sent about it."),
        ),
      );
      heading.focus();
    } catch (error) {
      button.disabled = false;
      const why =
        error?.status === 404
          ? "This invitation can no longer be declined: it was accepted, declined or withdrawn already, or the link is not the latest one sent."
          : messageOf(error);
      outcome.append(h("div", { class: "alert alert-error", role: "alert", testid: "decline-error" }, h("p", null, why)));
    }
  });
  view.append(
    h("p", null, "An invitation to the Enterprise License Portal was sent to ", h("strong", { testid: "decline-email" }, email), "."),
    h("p", null, "If you do not want to join the organisation, decline it: the address is released and the organisation's administrators see that you declined. If you want to join, sign in with this address instead."),
    h("p", { class: "actions" }, button, " ", keep),
    outcome,
  );
  heading.focus();
}
