// Signing in: the OpenID Connect authorization code flow with PKCE, `state` and `nonce`, run by
// oauth4webapi (served next to the portal's files as vendor/oauth4webapi.js). The identity
// provider is found by discovery from `config.issuer`; the portal is the public client
// `config.clientId` and comes back to its own address.
//
// - The ID token is the bearer token sent to the API (API Gateway's JWT authorizer accepts it:
//   its `aud` is the client id; it carries `email` and `email_verified`).
// - It is refreshed with the refresh token before it expires (the provider rotates the refresh
//   token), on a timer and before any request that would send an old one, so an open dialog is
//   never lost to an expired token.
// - Sign-out ends the provider's session too (its end_session_endpoint, with id_token_hint and
//   post_logout_redirect_uri).
// - A refusal never loops: the portal sends the tab to sign in by itself once; after that it
//   says what happened and offers a button.
// - Tokens stay in this tab's sessionStorage; the `?code=&state=` the provider sends back are
//   removed from the address bar and the history at once. The one URL a token travels in is
//   the end-session request to the provider (its id_token_hint), as OpenID's RP-Initiated
//   Logout defines it.

import * as oauth from "./vendor/oauth4webapi.js";
import { config } from "./config.js";
import { session } from "./session.js";

const client = { client_id: config.clientId };
const issuer = new URL(config.issuer);
// The local provider runs on plain http on this machine; everywhere else it is https.
const loopback = issuer.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(issuer.hostname);
const options = loopback ? { [oauth.allowInsecureRequests]: true } : {};

/** Where the provider sends the tab back: the portal's own page, without query or hash. */
function redirectUri() {
  const url = new URL("./", window.location.href);
  return url.origin + url.pathname;
}

let discovered = null;
/** The provider's metadata (discovery), fetched once per page. */
function provider() {
  discovered ??= (async () => {
    const response = await oauth.discoveryRequest(issuer, options);
    return oauth.processDiscoveryResponse(issuer, response);
  })().catch((error) => {
    discovered = null;
    throw error;
  });
  return discovered;
}

/** Why sign-in is needed, for the page that says so; app.js shows it (see onSignInNeeded). */
export class SignInNeeded extends Error {
  constructor(reason, message) {
    super(message);
    this.name = "SignInNeeded";
    this.reason = reason;
    this.code = "unauthenticated";
  }
}

/** Leaves for the provider's sign-in page. `automatic`: the portal's one try by itself. */
export async function startSignIn({ automatic = false } = {}) {
  if (automatic) session.markAutoSignIn();
  const as = await provider();
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const hash = window.location.hash;
  session.setPending({ state, nonce, verifier, returnTo: hash.startsWith("#/") ? hash : null });
  const url = new URL(as.authorization_endpoint);
  const params = {
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    response_type: "code",
    scope: config.scope || "openid email",
    state,
    nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
  };
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  window.location.assign(url.href);
  // The page is leaving; nothing after this should run.
  return new Promise(() => {});
}

function keep(result) {
  const claims = oauth.getValidatedIdTokenClaims(result);
  if (!result.id_token || !claims) throw new Error("the provider sent no ID token");
  session.setTokens({ idToken: result.id_token, refreshToken: result.refresh_token, claims });
  scheduleRefresh();
}

/**
 * The provider's answer, when this page is one: `{outcome: "signed-in" | "refused" | "none",
 * message}`. The address bar loses `?code=&state=` (or `?error=`) before anything else.
 */
export async function completeSignIn() {
  const url = new URL(window.location.href);
  if (!url.searchParams.has("state") && !url.searchParams.has("code") && !url.searchParams.has("error")) {
    return { outcome: "none" };
  }
  const pending = session.takePending();
  window.history.replaceState(null, "", url.pathname + (pending?.returnTo || "#/"));
  if (!pending || url.searchParams.get("state") !== pending.state) {
    return {
      outcome: "refused",
      message:
        "The answer from the sign-in does not belong to a sign-in this tab started (its state does not match), so the portal refused it. Nothing was signed in.",
    };
  }
  try {
    const as = await provider();
    const params = oauth.validateAuthResponse(as, client, url, pending.state);
    const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri(), pending.verifier, options);
    const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: pending.nonce,
      requireIdToken: true,
    });
    keep(result);
    return { outcome: "signed-in" };
  } catch (error) {
    session.clearTokens();
    const why =
      error instanceof oauth.AuthorizationResponseError
        ? error.error_description || error.error
        : error instanceof oauth.ResponseBodyError
          ? error.error_description || error.error
          : "the identity provider's answer could not be checked";
    return { outcome: "refused", message: `Signing in did not succeed: ${why}.` };
  }
}

/** How long before expiry the ID token is refreshed: a quarter of its life, at most a minute. */
function lead() {
  const life = session.expiresAt() - session.issuedAt();
  return Math.min(60_000, Math.max(1_000, life > 0 ? life / 4 : 60_000));
}

let refreshing = null;
/** Refreshes the tokens (one refresh at a time). Answers false when the session has ended. */
export function refresh() {
  refreshing ??= (async () => {
    const token = session.refreshToken();
    if (!token) return false;
    try {
      const as = await provider();
      const response = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), token, options);
      keep(await oauth.processRefreshTokenResponse(as, client, response));
      return true;
    } catch (error) {
      if (error instanceof oauth.ResponseBodyError) {
        // invalid_grant: the refresh token was spent or the provider's session ended.
        session.clearTokens();
        return false;
      }
      // The provider could not be reached: the current token may still serve a while.
      return Date.now() < session.expiresAt();
    }
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

let timer = null;
/** Refreshes the tokens `lead()` before the ID token expires. */
export function scheduleRefresh() {
  if (timer) clearTimeout(timer);
  timer = null;
  if (!session.idToken() || !session.refreshToken()) return;
  const due = Math.max(0, session.expiresAt() - lead() - Date.now());
  timer = setTimeout(() => {
    timer = null;
    refresh();
  }, due);
}

/** The ID token to send now: refreshed first when it is about to expire; null when none. */
export async function bearerToken() {
  if (!session.idToken()) return null;
  if (Date.now() >= session.expiresAt() - Math.min(lead(), 10_000)) {
    if (!(await refresh())) return null;
  }
  return session.idToken();
}

/**
 * The API did not accept the token (or there is none): the first time, the tab goes to sign in
 * by itself; afterwards the page says so (SignInNeeded is thrown for app.js to show).
 */
export async function signInNeeded(reason) {
  session.clearTokens();
  if (!session.autoSignInUsed()) {
    await startSignIn({ automatic: true });
  }
  const error = new SignInNeeded(
    reason,
    reason === "refused"
      ? "The service did not accept your sign-in."
      : "You are not signed in, or your session has ended.",
  );
  // The shell shows the sign-in page, whichever page or dialog made the request.
  window.dispatchEvent(new CustomEvent("elp:sign-in-needed", { detail: { reason, message: error.message } }));
  throw error;
}

/** Signs out here and at the provider, which sends the tab back to the portal. */
export async function signOut() {
  const idToken = session.idToken();
  session.clearTokens();
  session.markSignedOut();
  if (timer) clearTimeout(timer);
  let endSession = null;
  try {
    endSession = (await provider()).end_session_endpoint;
  } catch {
    endSession = null;
  }
  if (!endSession) {
    // A provider without RP-initiated logout: this tab is signed out; show that.
    window.location.assign(redirectUri());
    return;
  }
  // RP-Initiated Logout's request. (Its form-post variant would keep the hint out of the
  // address, but oidc-provider serves it only with SameSite=None cookies, which need https.)
  // `replace`: the portal's page with the token gone is not kept in the history either.
  const url = new URL(endSession);
  if (idToken) url.searchParams.set("id_token_hint", idToken);
  url.searchParams.set("client_id", config.clientId);
  url.searchParams.set("post_logout_redirect_uri", redirectUri());
  // Cognito's /logout reads `logout_uri` instead (docs/DEPLOY.md); other providers ignore it.
  url.searchParams.set("logout_uri", redirectUri());
  window.location.replace(url.href);
}
