// Where the portal finds its API and its identity provider. The rest of the portal reads only
// this object.
//
// This file is the deployment's template: a deployment fills in its values (and only this
// file): `apiBase` the API Gateway stage URL, `issuer` the identity provider's issuer (the
// JWT authorizer's issuer too; the portal finds the sign-in, token and sign-out endpoints by
// discovery from it), `clientId` the portal's public client (no secret; the authorizer's
// audience), `scope` what the portal asks for (an ID token with `email` and `email_verified`).
// Locally the dev gateway (elp-dev) serves its own config.js with the local provider's values
// in place of this file.
export const config = Object.freeze({
  apiBase: "https://API_ID.execute-api.REGION.amazonaws.com/v1",
  issuer: "https://cognito-idp.REGION.amazonaws.com/USER_POOL_ID",
  clientId: "PORTAL_CLIENT_ID",
  scope: "openid email",
});
