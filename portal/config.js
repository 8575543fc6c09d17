// Where the portal finds its API and its sign-in.
//
// This file is the local development configuration, served by the dev gateway (elp-dev).
// A deployment replaces this file, and only this file: `apiBase` becomes the API Gateway URL
// (e.g. "https://abc123.execute-api.eu-west-1.amazonaws.com/v1"), `signIn` the identity
// provider's hosted sign-in URL (which sends people back to the portal with `#id_token=...`),
// and `tokenEndpoint` is not used (it exists only for the local dev sign-in page).
// The rest of the portal reads only this object.
export const config = {
  apiBase: "/v1",
  signIn: "/dev/sign-in.html",
  tokenEndpoint: "/dev/token",
};
