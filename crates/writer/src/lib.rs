//! Writes the annual report from data.

pub mod layout;
