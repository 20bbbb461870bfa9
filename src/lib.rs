//! Shtab: the secretariat of a city's digitalization headquarters, in a terminal.

pub mod action;
pub mod app;
pub mod demo;
pub mod docs;
pub mod domain;
pub mod i18n;
pub mod keymap;
pub mod mail;
pub mod screens;
pub mod store;
pub mod tasklist;
pub mod theme;
pub mod tui;
pub mod widgets;
pub mod worker;
