// The local dev sign-in: asks the dev gateway's token endpoint for a token for any email (the
// API decides what that person may do), keeps it for this tab and goes to the portal.

import { config } from "../config.js";
import { session } from "../session.js";

const form = document.getElementById("sign-in-form");
const email = document.getElementById("email");
const operator = document.getElementById("operator");
const errorArea = form.querySelector("[data-form-error]");

function showError(message) {
  errorArea.hidden = false;
  errorArea.textContent = "";
  const p = document.createElement("p");
  p.textContent = message;
  errorArea.append(p);
  email.setAttribute("aria-invalid", "true");
  email.focus();
}

function clearError() {
  errorArea.hidden = true;
  errorArea.textContent = "";
  email.removeAttribute("aria-invalid");
}

function setBusy(on) {
  for (const b of document.querySelectorAll("button")) {
    b.disabled = on;
    if (on) b.setAttribute("aria-busy", "true");
    else b.removeAttribute("aria-busy");
  }
}

async function signIn(address, asOperator) {
  clearError();
  if (!address.trim()) {
    showError("Enter an email address.");
    return;
  }
  setBusy(true);
  try {
    const response = await fetch(config.tokenEndpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ email: address.trim(), operator: asOperator }),
    });
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (!response.ok || !body?.token) {
      const message = body?.message || `Signing in failed (HTTP ${response.status}).`;
      showError(message.charAt(0).toUpperCase() + message.slice(1) + (/[.!?]$/.test(message) ? "" : "."));
      return;
    }
    session.set(body.token, body.email, body.expires_in);
    window.location.assign("/" + (session.takeReturn() || "#/"));
  } catch {
    showError("The dev gateway could not be reached. Is elp-dev running?");
  } finally {
    setBusy(false);
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  signIn(email.value, operator.checked);
});

for (const button of document.querySelectorAll("[data-email]")) {
  button.addEventListener("click", () => {
    email.value = button.dataset.email;
    operator.checked = button.dataset.operator === "true";
    signIn(button.dataset.email, button.dataset.operator === "true");
  });
}

async function showInbox() {
  try {
    const response = await fetch("/dev/inbox", { headers: { Accept: "application/json" } });
    const body = await response.json();
    const url = new URL(String(body.inbox));
    if (url.protocol !== "http:" && url.protocol !== "https:") return;
    const link = document.getElementById("inbox-link");
    link.href = url.href;
    link.hidden = false;
  } catch {
    // No inbox to show.
  }
}

showInbox();
email.focus();
