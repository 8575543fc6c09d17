// Signs in at the local OpenID provider without a browser: the authorization code flow with
// PKCE, as the portal runs it, with the provider's own sign-in form filled in over HTTP. Prints
// the tokens as JSON ({"id_token", "access_token", "refresh_token", "expires_in"}).
//
//   node infra/local/oidc/sign-in.mjs ISSUER EMAIL [--operator] [--client elp-portal]
//
// Scripts use it for real provider-issued tokens (scripts/fuzz-api).

import * as oauth from "oauth4webapi";

const args = process.argv.slice(2);
const [issuerText, email] = args;
if (!issuerText || !email) {
  console.error("usage: sign-in.mjs ISSUER EMAIL [--operator] [--client CLIENT_ID]");
  process.exit(2);
}
const operator = args.includes("--operator");
const clientAt = args.indexOf("--client");
const clientId = clientAt >= 0 ? args[clientAt + 1] : "elp-portal";
const redirectUri = clientId === "elp-portal" ? "http://127.0.0.1/" : "http://127.0.0.1/callback";

// The provider runs on plain http on loopback.
const options = { [oauth.allowInsecureRequests]: true };
const issuer = new URL(issuerText);
const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, options));
const client = { client_id: clientId };

const verifier = oauth.generateRandomCodeVerifier();
const state = oauth.generateRandomState();
const nonce = oauth.generateRandomNonce();
const authorize = new URL(as.authorization_endpoint);
for (const [k, v] of Object.entries({
  client_id: clientId,
  redirect_uri: redirectUri,
  response_type: "code",
  scope: "openid email",
  code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
  code_challenge_method: "S256",
  state,
  nonce,
})) {
  authorize.searchParams.set(k, v);
}

// A browser's part: follow redirects by hand, keeping the provider's cookies.
const jar = new Map();
async function step(url, init = {}) {
  const headers = { ...(init.headers || {}) };
  if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const response = await fetch(url, { ...init, headers, redirect: "manual" });
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const at = pair.indexOf("=");
    jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
  }
  return response;
}

let response = await step(authorize);
let base = authorize;
let callback = null;
for (let hops = 0; hops < 10 && !callback; hops++) {
  const location = response.headers.get("location");
  if (!location) throw new Error(`sign-in: unexpected answer ${response.status} at hop ${hops}`);
  const next = new URL(location, base);
  base = next;
  if (next.origin + next.pathname === redirectUri) {
    callback = next;
  } else if (/^\/interaction\/[^/]+$/.test(next.pathname)) {
    // The provider's sign-in page (read, as a browser would), then its form, submitted.
    await step(next);
    const form = new URLSearchParams({ email });
    if (operator) form.set("operator", "on");
    response = await step(new URL(`${next.pathname}/login`, next), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form,
    });
  } else {
    response = await step(next);
  }
}
if (!callback) throw new Error("sign-in: the provider never redirected back");

const params = oauth.validateAuthResponse(as, client, callback, state);
const tokens = await oauth.processAuthorizationCodeResponse(
  as,
  client,
  await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri, verifier, options),
  { expectedNonce: nonce, requireIdToken: true },
);
console.log(
  JSON.stringify({
    id_token: tokens.id_token,
    access_token: tokens.access_token,
    refresh_token: tokens.refresh_token,
    expires_in: tokens.expires_in,
  }),
);
