//! The local dev gateway. In AWS, API Gateway checks the JWT, picks the function for the route
//! and hands it an HTTP API (payload 2.0) event. Here this crate does the same three things with
//! the real function handlers, so the portal and the tests talk to exactly what Lambda runs:
//! [`routes`] (the route table, the union of the functions' `ROUTES`), [`auth`] (the local
//! OpenID provider's tokens verified as the JWT authorizer verifies them), [`event`] (the event
//! Lambda would get). [`seed`] fills a demo organisation; [`server`] serves it all on one port,
//! with the portal.

pub mod auth;
pub mod event;
pub mod routes;
pub mod seed;
pub mod server;
pub mod stream;
