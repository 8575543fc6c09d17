// The signed-in person's token, kept for this browser tab only (sessionStorage).

const TOKEN = "elp.token";
const EMAIL = "elp.email";
const EXPIRES = "elp.expiresAt";
const RETURN_TO = "elp.returnTo";

function store() {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export const session = {
  /** The bearer token, or null when there is none or it has expired. */
  token() {
    const s = store();
    if (!s) return null;
    const token = s.getItem(TOKEN);
    const expires = Number(s.getItem(EXPIRES) || 0);
    if (!token) return null;
    if (expires && Date.now() >= expires) {
      this.clear();
      return null;
    }
    return token;
  },
  email() {
    return store()?.getItem(EMAIL) ?? null;
  },
  /** Keeps a token; `expiresIn` in seconds. */
  set(token, email, expiresIn) {
    const s = store();
    if (!s) return;
    s.setItem(TOKEN, token);
    if (email) s.setItem(EMAIL, email);
    else s.removeItem(EMAIL);
    if (Number(expiresIn) > 0) s.setItem(EXPIRES, String(Date.now() + Number(expiresIn) * 1000));
    else s.removeItem(EXPIRES);
  },
  clear() {
    const s = store();
    if (!s) return;
    s.removeItem(TOKEN);
    s.removeItem(EMAIL);
    s.removeItem(EXPIRES);
  },
  /** Where to go back to after signing in (a `#/...` route). */
  rememberReturn(hash) {
    if (hash && hash.startsWith("#/")) store()?.setItem(RETURN_TO, hash);
  },
  takeReturn() {
    const s = store();
    const hash = s?.getItem(RETURN_TO) ?? null;
    s?.removeItem(RETURN_TO);
    return hash && hash.startsWith("#/") ? hash : null;
  },
};
