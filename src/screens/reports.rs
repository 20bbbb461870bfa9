//! The reports tab: not built yet; shows what it will hold and the matching counts.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::overview::{self, Counts};
use crate::i18n::Strings;

pub fn render(frame: &mut Frame, area: Rect, s: &Strings, c: &Counts) {
    overview::render(frame, area, s, 6, &[(c.reports, s.count_reports)]);
}
