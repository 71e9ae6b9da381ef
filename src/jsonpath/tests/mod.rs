//! Table-driven tests; each case's name appears in its assert message.

mod check;
mod query;
mod reference;
