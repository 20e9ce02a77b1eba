//! The one integration test binary (so the egui stack links once).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod agreement;
mod cli;
mod corpus;
mod crafted;
mod drawing;
mod durability;
mod exports;
mod extraction;
mod fuzz_regressions;
mod hostile;
mod layering;
mod persistence;
mod refi;
mod samples;
mod support;
mod ui_dialogs;
mod ui_flows;
mod ui_keyboard;
mod ui_layout;
mod ui_ocr;
mod ui_recovery;
mod ui_refi;
mod ui_review;
