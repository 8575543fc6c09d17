// The API client: base URL from config.js, the ID token as the bearer token (refreshed first
// when it is about to expire), JSON in and out, and errors as ApiError objects carrying the
// API's {status, code, message, field?, details?}. A 401 (or no token at all) goes to auth.js:
// one automatic sign-in, then a page that says what happened. A 409 `org_suspended` is also
// told to the shell (the `elp:org-suspended` event), which shows the suspension's banner.

import { config } from "./config.js";
import { session } from "./session.js";
import { bearerToken, signInNeeded } from "./auth.js";
import { language } from "./i18n.js";

export class ApiError extends Error {
  constructor({ status = 0, code = "error", message = "Something went wrong.", field, details } = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.field = field ?? null;
    this.details = details ?? null;
  }
}

/** The API URL of `path` (starting with "/"), with the query's non-empty values. */
export function apiUrl(path, query) {
  let url = config.apiBase.replace(/\/+$/, "") + path;
  if (query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
    }
    const text = params.toString();
    if (text) url += (url.includes("?") ? "&" : "?") + text;
  }
  return url;
}

/** A fresh Idempotency-Key. */
export function newKey() {
  if (globalThis.crypto?.randomUUID) return globalThis.crypto.randomUUID();
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Keeps one Idempotency-Key while the request body stays the same (retries of one action). */
export function keyKeeper() {
  let last = null;
  let key = null;
  return (body) => {
    const text = JSON.stringify(body ?? null);
    if (text !== last) {
      last = text;
      key = newKey();
    }
    return key;
  };
}

async function errorOf(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (body && typeof body.error === "object" && body.error) {
    return new ApiError({ status: response.status, ...body.error });
  }
  const fallback =
    response.status === 403
      ? "You are not allowed to do this."
      : response.status === 404
        ? "This was not found."
        : response.status >= 500
          ? "The service had a problem; nothing was changed. Please try again."
          : `The request failed (HTTP ${response.status}).`;
  return new ApiError({
    status: response.status,
    code: "http_" + response.status,
    message: body && typeof body.message === "string" ? body.message : fallback,
  });
}

/**
 * Sends a request and answers the Response once it succeeded (2xx); throws ApiError otherwise.
 * options: method, query, body (sent as JSON), idempotencyKey, ifMatch (the ETag a change was
 * made on), accept, signal, anonymous (a public route: no token, and a 401 signs nobody in).
 */
export async function request(path, options = {}) {
  const { method = "GET", query, body, idempotencyKey, ifMatch, accept = "application/json", signal, anonymous = false } = options;
  // A public route (declining an invitation) is sent without a token, signed in or not.
  const token = anonymous ? null : await bearerToken();
  if (!token && !anonymous) await signInNeeded("expired");
  // The API says its errors in the portal's language (the machine codes never change).
  const headers = { Accept: accept, "Accept-Language": language() };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
  if (ifMatch) headers["If-Match"] = ifMatch;
  let response;
  try {
    response = await fetch(apiUrl(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      credentials: "omit",
      cache: "no-store",
    });
  } catch (cause) {
    if (cause?.name === "AbortError") throw cause;
    throw new ApiError({
      status: 0,
      code: "network",
      message: "The portal could not reach the service. Check your connection and try again.",
    });
  }
  if (response.status === 401 && !anonymous) await signInNeeded("refused");
  // The service accepts this sign-in: a later refusal may again sign in by itself once.
  session.clearAutoSignIn();
  if (!response.ok) {
    const error = await errorOf(response);
    // The organisation was suspended: the shell shows its banner (app.js).
    if (error.code === "org_suspended") window.dispatchEvent(new CustomEvent("elp:org-suspended", { detail: { message: error.message } }));
    throw error;
  }
  return response;
}

/** Sends a request and answers its JSON body (null when there is none). */
export async function api(path, options = {}) {
  const response = await request(path, options);
  if (response.status === 204) return null;
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError({ status: response.status, code: "bad_response", message: "The service answered something the portal cannot read." });
  }
}

/** The same, also answering the HTTP status: {status, body}. */
export async function apiWithStatus(path, options = {}) {
  const response = await request(path, options);
  const text = response.status === 204 ? "" : await response.text();
  let body = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  return { status: response.status, body };
}

/** encodeURIComponent for one path segment (emails, codes, ids). */
export const seg = (value) => encodeURIComponent(String(value));
