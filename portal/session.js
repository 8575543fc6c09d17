// What this browser tab keeps of the sign-in (sessionStorage: this tab only, gone when it
// closes; never localStorage): the tokens, the sign-in under way, and two markers that keep a
// refused sign-in from looping. Nothing here is ever put in the URL or logged.

const ID_TOKEN = "elp.idToken";
const REFRESH_TOKEN = "elp.refreshToken";
const EXPIRES = "elp.expiresAt";
const ISSUED = "elp.issuedAt";
const EMAIL = "elp.email";
const PENDING = "elp.pendingSignIn";
const AUTO = "elp.autoSignIn";
const SIGNED_OUT = "elp.signedOut";

function store() {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

const get = (key) => store()?.getItem(key) ?? null;
const put = (key, value) => {
  const s = store();
  if (!s) return;
  if (value === null || value === undefined) s.removeItem(key);
  else s.setItem(key, String(value));
};

export const session = {
  /** The ID token, whatever its age (auth.js decides when to refresh it). */
  idToken: () => get(ID_TOKEN),
  refreshToken: () => get(REFRESH_TOKEN),
  /** When the ID token expires and was issued, in ms since the epoch (0 when unknown). */
  expiresAt: () => Number(get(EXPIRES) || 0),
  issuedAt: () => Number(get(ISSUED) || 0),
  email: () => get(EMAIL),

  /** Keeps the tokens of a sign-in or a refresh; `claims` are the ID token's. */
  setTokens({ idToken, refreshToken, claims }) {
    put(ID_TOKEN, idToken);
    if (refreshToken) put(REFRESH_TOKEN, refreshToken);
    put(EXPIRES, Number(claims?.exp || 0) * 1000);
    put(ISSUED, Number(claims?.iat || 0) * 1000);
    put(EMAIL, typeof claims?.email === "string" ? claims.email : null);
  },
  clearTokens() {
    for (const key of [ID_TOKEN, REFRESH_TOKEN, EXPIRES, ISSUED, EMAIL]) put(key, null);
  },

  /** The sign-in this tab started: {state, nonce, verifier, returnTo}. */
  setPending(pending) {
    put(PENDING, JSON.stringify(pending));
  },
  takePending() {
    const text = get(PENDING);
    put(PENDING, null);
    try {
      return text ? JSON.parse(text) : null;
    } catch {
      return null;
    }
  },

  /** Whether the portal already sent this tab to sign in by itself (it does so once). */
  autoSignInUsed: () => get(AUTO) === "1",
  markAutoSignIn: () => put(AUTO, "1"),
  /** A request succeeded: the next refusal may again send the tab to sign in by itself. */
  clearAutoSignIn: () => put(AUTO, null),

  /** Set when leaving for the provider's sign-out, read once on the way back. */
  markSignedOut: () => put(SIGNED_OUT, "1"),
  takeSignedOut() {
    const was = get(SIGNED_OUT) === "1";
    put(SIGNED_OUT, null);
    return was;
  },
};
