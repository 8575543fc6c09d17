// What the pages say about one licence, from what the API sends: `current_term` and
// `next_term` (the term in force and the one a renewal added), `why_not` (why an action is not
// offered, with a hint) and `computers` (of the current term).

export function compareVersions(a, b) {
  const pa = String(a).split(".").map(Number);
  const pb = String(b).split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] || 0) - (pb[i] || 0);
    if (d) return d;
  }
  return 0;
}

/** Why `action` (renew, return, assign) is not offered: the API's reason, or null when it is. */
export const whyNot = (license, action) => license?.why_not?.[action] ?? null;

/** The catalogue's message naming each action (portal/locales/<language>/licences.ftl). */
export const ACTION_MESSAGES = { renew: "lic-action-renew", return: "lic-action-return", assign: "lic-action-assign" };
