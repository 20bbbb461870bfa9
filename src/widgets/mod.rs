//! Small widgets shared by the screens.

pub mod columns;
pub mod file_name;
pub mod form;
pub mod input;
pub mod list;
pub mod look;
pub mod popup;

pub use input::Input;
