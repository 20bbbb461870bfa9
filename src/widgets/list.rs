//! A scrolled list selection: what is selected, and the first row shown.

/// A scrolled list selection that survives reloads by id.
#[derive(Debug, Clone, Default)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    pub fn clamp(&mut self, len: usize, height: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(1));
    }

    pub fn move_by(&mut self, delta: isize, len: usize, height: usize) {
        let target = self.selected as isize + delta;
        self.selected = target.clamp(0, len.saturating_sub(1) as isize) as usize;
        self.clamp(len, height);
    }

    /// Select the row clicked at screen row `row` of a bordered table with a header in `area`.
    pub fn click(&mut self, row: u16, area: ratatui::layout::Rect, len: usize, height: usize) {
        let first = area.y + 2;
        if row < first || row + 1 >= area.bottom() {
            return;
        }
        let target = self.offset + (row - first) as usize;
        if target < len {
            self.selected = target;
            self.clamp(len, height);
        }
    }
}
