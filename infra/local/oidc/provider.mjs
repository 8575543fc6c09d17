// The local OpenID provider: the certified `oidc-provider` library with what the portal and the
// tests need, and nothing a deployment would keep (it exists only on this machine).
//
//   node infra/local/oidc/provider.mjs
//
// Environment:
//   ELP_OIDC_PORT           loopback port to listen on (0 or unset: one the kernel chooses)
//   ELP_OIDC_KEY_DIR        where the signing keys are written (required): <kid>.pem (PKCS#8) for
//                           every key, and keys.json naming them (see writeKeys)
//   ELP_OIDC_ID_TOKEN_TTL   ID and access token lifetime in seconds (default 3600)
//   ELP_SES_ENDPOINT        the SES emulator, whose inbox the sign-in page links to
//
// What it is:
// - issuer http://127.0.0.1:<port>, discovery, JWKS, RS256 keys made fresh for each run;
// - the authorization code flow with PKCE (S256) required, refresh tokens rotated on each use,
//   RP-initiated logout (end_session_endpoint);
// - a public client `elp-portal` (no secret) whose redirect and post-logout URIs are the portal
//   on any loopback port (RFC 8252 section 7.3: a native client's loopback redirect matches on
//   any port), and a second client `other-app`, so tests hold real tokens of another audience;
// - its own sign-in page, which accepts any email (local development only), lists the demo
//   people, has an "operator" checkbox, and skips consent for these two clients. ID tokens carry
//   `sub` (derived from the email), `email`, `email_verified: true` and, for an operator,
//   `cognito:groups: ["elp-operators"]`, as Cognito's do. The page's "test options" make the
//   tokens the failure tests need: `email_verified` false or absent, another subject;
// - `POST /dev/rotate` (loopback only): a new signing key, published before the old one, which
//   stays published, so tokens signed by either verify. Tests use it to check that a verifier
//   fetches the JWKS again for a key it does not know.
//
// It prints `ready <issuer>` once it listens.

import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

import Provider from "oidc-provider";

const keyDir = process.env.ELP_OIDC_KEY_DIR;
if (!keyDir) {
  console.error("provider: set ELP_OIDC_KEY_DIR");
  process.exit(2);
}
const idTokenTtl = Number(process.env.ELP_OIDC_ID_TOKEN_TTL || 3600);
if (!Number.isInteger(idTokenTtl) || idTokenTtl < 5) {
  console.error("provider: ELP_OIDC_ID_TOKEN_TTL must be a whole number of seconds, at least 5");
  process.exit(2);
}
const inbox = process.env.ELP_SES_ENDPOINT || "";

// The demo organisation's people (infra/local/gateway/src/seed.rs).
const PEOPLE = [
  ["admin@studio-nord.example", "admin of Studio Nord", false],
  ["ana@studio-nord.example", "member", false],
  ["ben@studio-nord.example", "member", false],
  ["ops@vendor.example", "operator", true],
];
const OPERATOR_GROUP = "elp-operators";
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost"]);

// ---- keys ----

function newKey() {
  const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = crypto.randomBytes(12).toString("base64url");
  const jwk = { ...privateKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };
  fs.writeFileSync(path.join(keyDir, `${kid}.pem`), privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
  return { kid, jwk };
}

fs.mkdirSync(keyDir, { recursive: true, mode: 0o700 });
// Published keys, newest (the one that signs) first.
const published = [newKey()];
// Never published: what "a token signed by some other key" is signed with.
const unknown = newKey();

/** keys.json: {"issuer", "signing": kid, "published": [kid...], "unknown": kid}. */
function writeKeys(issuer) {
  const file = path.join(keyDir, "keys.json");
  const body = { issuer, signing: published[0].kid, published: published.map((k) => k.kid), unknown: unknown.kid };
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(body, null, 2) + "\n", { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
}

// ---- accounts ----

// Who signed in under each account id, as the sign-in page was told. The id is the token's
// `sub`: derived from the email, so the same person keeps the same subject across runs.
const accounts = new Map();

function subjectOf(email, second) {
  const hash = crypto.createHash("sha256").update(email.toLowerCase() + (second ? "\n2" : "")).digest("hex");
  return `dev-${hash.slice(0, 32)}`;
}

/** The account for a sign-in. Test variants get ids of their own, so they never change what a
 * concurrent ordinary sign-in of the same person gets. */
function accountFor({ email, operator, verified, second }) {
  let id = subjectOf(email, second);
  if (verified !== "true") id += `.${verified === "false" ? "unverified" : "no-verified-claim"}`;
  accounts.set(id, { email, operator, verified });
  return id;
}

async function findAccount(_ctx, id) {
  const account = accounts.get(id);
  if (!account) return undefined;
  return {
    accountId: id,
    async claims() {
      const claims = { sub: id, email: account.email };
      if (account.verified === "true") claims.email_verified = true;
      else if (account.verified === "false") claims.email_verified = false;
      if (account.operator) claims["cognito:groups"] = [OPERATOR_GROUP];
      return claims;
    },
  };
}

// ---- pages ----

const esc = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
main{max-width:34rem;margin:2rem auto;padding:0 1rem}
.card{background:#fff;border:1px solid #d8dce3;border-radius:8px;padding:1rem 1.25rem;margin:1rem 0}
.banner{background:#fff4d6;border:1px solid #e9c46a;border-radius:8px;padding:.75rem 1rem}
label{display:block;font-weight:600;margin:.5rem 0 .25rem}
input[type=email]{width:100%;box-sizing:border-box;padding:.5rem;font:inherit;border:1px solid #9aa3b2;border-radius:6px}
.check label{display:inline;font-weight:400}
button{font:inherit;padding:.45rem 1rem;border-radius:6px;border:1px solid #2b59c3;background:#2b59c3;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#2b59c3}
ul.quick{list-style:none;padding:0;margin:0}ul.quick li{margin:.35rem 0}ul.quick form{margin:0}
.error{color:#a4161a;font-weight:600}.muted{color:#5b6475}
details{margin-top:1rem}fieldset{border:1px solid #d8dce3;border-radius:6px;margin:.5rem 0}`;

function page(title, body) {
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><link rel="icon" href="data:,"><title>${esc(title)} · local identity provider</title>
<style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

function signInPage(uid, { error, email = "" } = {}) {
  const action = `/interaction/${encodeURIComponent(uid)}/login`;
  const quick = PEOPLE.map(
    ([address, role, operator], i) => `<li><form method="post" action="${action}">
<input type="hidden" name="email" value="${esc(address)}">${operator ? '<input type="hidden" name="operator" value="on">' : ""}
<button type="submit" class="secondary" data-testid="signin-as-${i}">${esc(address)} <span class="muted">(${esc(role)})</span></button></form></li>`,
  ).join("\n");
  const inboxLine = inbox
    ? `<p data-testid="inbox">Every mail the portal sends lands in the local mail inbox: <a href="${esc(inbox)}/" data-testid="inbox-link" rel="noopener">${esc(inbox)}/</a></p>`
    : "";
  return page(
    "Sign in",
    `<p class="banner" role="note" data-testid="dev-banner"><strong>Local identity provider, development only.</strong>
It signs anyone in without a password; what that person may do is the portal's decision. A deployment uses the real identity provider's sign-in instead.</p>
<h1>Sign in to the Enterprise License Portal</h1>
<form class="card" method="post" action="${action}" data-testid="signin-form">
${error ? `<p class="error" role="alert" data-testid="signin-error">${esc(error)}</p>` : ""}
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="email" spellcheck="false" required autofocus value="${esc(email)}" data-testid="signin-email">
<p class="check"><input id="operator" name="operator" type="checkbox" data-testid="signin-operator"> <label for="operator">Operator</label>
<span class="muted">(adds the vendor's operator group, <code>cognito:groups: ["${OPERATOR_GROUP}"]</code>)</span></p>
<details data-testid="signin-test-options"><summary>Test options</summary>
<fieldset><legend><code>email_verified</code></legend>
<p class="check"><input type="radio" id="v-true" name="verified" value="true" checked> <label for="v-true">true</label>
<input type="radio" id="v-false" name="verified" value="false" data-testid="signin-unverified"> <label for="v-false">false</label>
<input type="radio" id="v-missing" name="verified" value="missing" data-testid="signin-no-verified-claim"> <label for="v-missing">absent</label></p></fieldset>
<p class="check"><input id="second" name="second" type="checkbox" data-testid="signin-second-subject"> <label for="second">Another subject for the same email</label></p>
</details>
<p><button type="submit" data-testid="signin-submit">Sign in</button></p>
</form>
<section class="card"><h2>Demo people of Studio Nord</h2><ul class="quick" data-testid="signin-quick">
${quick}
</ul></section>
${inboxLine}`,
  );
}

async function logoutSource(ctx, form) {
  ctx.body = page(
    "Sign out",
    `<h1>Sign out of the local identity provider?</h1>
<div class="card">${form}
<p>You will need to sign in again to use the portal.</p>
<p><button autofocus type="submit" form="op.logoutForm" value="yes" name="logout" data-testid="logout-confirm">Yes, sign me out</button>
<button type="submit" class="secondary" form="op.logoutForm" data-testid="logout-cancel">No, stay signed in</button></p></div>`,
  );
}

async function postLogoutSuccessSource(ctx) {
  ctx.body = page("Signed out", `<h1>You have signed out</h1><p class="card">You are signed out of the local identity provider.</p>`);
}

async function renderError(ctx, out) {
  ctx.type = "html";
  const lines = Object.entries(out)
    .map(([k, v]) => `<p><strong>${esc(k)}</strong>: ${esc(v)}</p>`)
    .join("");
  ctx.body = page("Error", `<h1>The sign-in failed</h1><div class="card" data-testid="provider-error">${lines}</div>`);
}

// ---- the provider ----

const CLIENTS = [
  {
    client_id: "elp-portal",
    client_name: "Enterprise License Portal (local)",
    // Native: so that its loopback redirect URIs match on any port (RFC 8252 section 7.3).
    application_type: "native",
    token_endpoint_auth_method: "none",
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    redirect_uris: ["http://127.0.0.1/", "http://localhost/"],
    post_logout_redirect_uris: ["http://127.0.0.1/", "http://localhost/"],
  },
  {
    client_id: "other-app",
    client_name: "Another application",
    application_type: "native",
    token_endpoint_auth_method: "none",
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    redirect_uris: ["http://127.0.0.1/callback"],
  },
];
const OUR_CLIENTS = new Set(CLIENTS.map((c) => c.client_id));

function loopbackOrigin(origin) {
  const url = URL.parse(origin);
  return Boolean(url) && url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname) && url.origin === origin;
}

function makeProvider(issuer) {
  const provider = new Provider(issuer, {
    clients: CLIENTS,
    findAccount,
    jwks: { keys: published.map((k) => k.jwk) },
    scopes: ["openid", "email", "offline_access"],
    claims: { openid: ["sub", "cognito:groups"], email: ["email", "email_verified"] },
    // The ID token carries the email claims itself, as Cognito's does (the portal sends it).
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    responseTypes: ["code"],
    clientAuthMethods: ["none"],
    enabledJWA: { idTokenSigningAlgValues: ["RS256"] },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      revocation: { enabled: true },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // Our clients get a refresh token without asking for offline_access (and it ends with the
    // provider's session: signing out there ends it); each use rotates it.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    rotateRefreshToken: true,
    // The portal calls the token endpoint from its own origin: any loopback port.
    clientBasedCORS: (_ctx, origin, client) => client.clientId === "elp-portal" && loopbackOrigin(origin),
    // No consent screen for our own clients: grant what they ask for.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      if (!OUR_CLIENTS.has(ctx.oidc.client.clientId)) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope("openid email offline_access");
      await grant.save();
      return grant;
    },
    ttl: {
      IdToken: idTokenTtl,
      AccessToken: idTokenTtl,
      AuthorizationCode: 60,
      Interaction: 600,
      RefreshToken: 8 * 3600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
    },
    renderError,
  });
  return provider;
}

// ---- the server ----

function readForm(req) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > 16384) {
        reject(new Error("form too large"));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(new URLSearchParams(Buffer.concat(chunks).toString("utf8"))));
    req.on("error", reject);
  });
}

function send(res, status, type, body, headers = {}) {
  res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", ...headers });
  res.end(body);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

async function interaction(provider, req, res, uid, action) {
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    send(res, 400, "text/html; charset=utf-8", page("Expired", "<h1>This sign-in has expired</h1><p class=\"card\">Go back to the portal and sign in again.</p>"));
    return;
  }
  if (details.uid !== uid) {
    send(res, 400, "text/html; charset=utf-8", page("Error", "<h1>This sign-in is not the one in progress</h1>"));
    return;
  }
  if (details.prompt.name === "consent") {
    // Only a client of ours reaches the provider, and loadExistingGrant grants it everything;
    // anything still missing is granted here rather than asked.
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    const { missingOIDCScope, missingOIDCClaims } = details.prompt.details;
    if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(" "));
    if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
    await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
    return;
  }
  if (action !== "login" || req.method !== "POST") {
    send(res, 200, "text/html; charset=utf-8", signInPage(uid));
    return;
  }
  const form = await readForm(req);
  const email = (form.get("email") || "").trim();
  if (!EMAIL.test(email)) {
    send(res, 200, "text/html; charset=utf-8", signInPage(uid, { error: "Enter an email address.", email }));
    return;
  }
  const verified = ["true", "false", "missing"].includes(form.get("verified")) ? form.get("verified") : "true";
  const accountId = accountFor({ email, operator: form.get("operator") === "on", verified, second: form.get("second") === "on" });
  await provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
}

const server = http.createServer();
server.listen(Number(process.env.ELP_OIDC_PORT || 0), "127.0.0.1", () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  let provider = makeProvider(issuer);
  let handler = provider.callback();
  writeKeys(issuer);

  server.on("request", (req, res) => {
    // Only this machine's names for this port (no DNS rebinding to the dev provider).
    if (!hosts.has(req.headers.host || "")) {
      send(res, 421, "text/plain; charset=utf-8", "misdirected request\n");
      return;
    }
    const url = new URL(req.url, issuer);
    const match = /^\/interaction\/([^/]+)(?:\/(login))?$/.exec(url.pathname);
    if (match) {
      interaction(provider, req, res, decodeURIComponent(match[1]), match[2]).catch((e) => {
        console.error("interaction failed:", e);
        if (!res.headersSent) send(res, 500, "text/plain; charset=utf-8", "interaction failed\n");
      });
      return;
    }
    if (url.pathname === "/dev/rotate" && req.method === "POST") {
      // The memory adapter keeps sessions, grants and tokens in the module, so a new instance
      // with the new key list carries on with everything the old one knew.
      published.unshift(newKey());
      provider = makeProvider(issuer);
      handler = provider.callback();
      writeKeys(issuer);
      send(res, 200, "application/json", JSON.stringify({ kid: published[0].kid, published: published.map((k) => k.kid) }) + "\n");
      return;
    }
    handler(req, res);
  });
  console.log(`ready ${issuer}`);
});

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(0));
