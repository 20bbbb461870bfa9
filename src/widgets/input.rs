//! A one-line text input: the cursor moves by characters, never splits one.

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Input {
    text: String,
    /// Cursor position in characters.
    cursor: usize,
    /// The whole text is selected (a prefilled value): typing replaces it, Backspace and
    /// Delete erase it, a cursor key keeps it.
    selected: bool,
}

impl Input {
    pub fn new(text: &str) -> Self {
        Input {
            text: text.to_string(),
            cursor: text.chars().count(),
            selected: false,
        }
    }

    /// Select the whole text (nothing happens to an empty one).
    pub fn select_all(&mut self) {
        self.selected = !self.text.is_empty();
        self.cursor = self.text.chars().count();
    }

    pub fn is_selected(&self) -> bool {
        self.selected
    }

    /// A selection is dropped by a cursor key; true when the text was selected (and is now
    /// erased, for `erase`).
    fn take_selection(&mut self, erase: bool) -> bool {
        let was = std::mem::take(&mut self.selected);
        if was && erase {
            self.text.clear();
            self.cursor = 0;
        }
        was
    }

    /// Ctrl-U: the whole field is emptied.
    pub fn clear_all(&mut self) {
        self.selected = false;
        self.clear();
    }

    /// Ctrl-W: the word before the cursor goes, with the spaces after it.
    pub fn delete_word(&mut self) {
        if self.take_selection(true) {
            return;
        }
        let chars: Vec<char> = self.text.chars().collect();
        let mut start = self.cursor.min(chars.len());
        while start > 0 && chars[start - 1].is_whitespace() {
            start -= 1;
        }
        while start > 0 && !chars[start - 1].is_whitespace() {
            start -= 1;
        }
        let (a, b) = (self.byte_at(start), self.byte_at(self.cursor));
        self.text.replace_range(a..b, "");
        self.cursor = start;
    }

    pub fn value(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    fn byte_at(&self, char_idx: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_idx)
            .map_or(self.text.len(), |(b, _)| b)
    }

    pub fn insert(&mut self, c: char) {
        // A pasted line break must never submit anything: it becomes a space.
        let c = if c.is_control() { ' ' } else { c };
        self.take_selection(true);
        let at = self.byte_at(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
        // Decomposed letters (й as и + ◌̆) are stored composed (NFC), as typed ones are.
        if !unicode_normalization::is_nfc_quick(self.text.chars())
            .eq(&unicode_normalization::IsNormalized::Yes)
        {
            use unicode_normalization::UnicodeNormalization;
            let head: String = self.text.chars().take(self.cursor).nfc().collect();
            self.text = self.text.nfc().collect();
            let after = self.text.chars().count();
            // NFC may lengthen some text (composition exclusions), so count again.
            self.cursor = head.chars().count().min(after);
        }
    }

    pub fn insert_str(&mut self, s: &str) {
        s.chars().for_each(|c| self.insert(c));
    }

    pub fn backspace(&mut self) {
        if self.take_selection(true) {
            return;
        }
        if self.cursor > 0 {
            self.cursor -= 1;
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }

    pub fn delete(&mut self) {
        if self.take_selection(true) {
            return;
        }
        if self.cursor < self.text.chars().count() {
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }

    pub fn left(&mut self) {
        self.take_selection(false);
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.take_selection(false);
        self.cursor = (self.cursor + 1).min(self.text.chars().count());
    }

    pub fn home(&mut self) {
        self.take_selection(false);
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.take_selection(false);
        self.cursor = self.text.chars().count();
    }

    pub fn clear(&mut self) {
        self.selected = false;
        self.text.clear();
        self.cursor = 0;
    }

    /// The first character shown in `width` cells (as `visible` scrolls).
    pub fn window_start(&self, width: usize) -> usize {
        let (shown, _) = self.visible(width);
        let chars: Vec<char> = self.text.chars().collect();
        let shown: Vec<char> = shown.chars().collect();
        (0..=self.cursor.min(chars.len()))
            .rev()
            .find(|s| chars[*s..].starts_with(&shown))
            .unwrap_or(0)
    }

    /// The part to show in `width` cells, and the cursor's column within it.
    pub fn visible(&self, width: usize) -> (String, usize) {
        use unicode_width::UnicodeWidthChar;
        if width == 0 {
            return (String::new(), 0);
        }
        let chars: Vec<char> = self.text.chars().collect();
        // Scroll so the cursor stays inside the window, leaving one cell for it.
        let mut start = 0;
        let width_of = |from: usize, to: usize| -> usize {
            chars[from..to].iter().map(|c| c.width().unwrap_or(0)).sum()
        };
        while start < self.cursor && width_of(start, self.cursor) >= width {
            start += 1;
        }
        let mut shown = String::new();
        let mut used = 0;
        for c in &chars[start..] {
            let w = c.width().unwrap_or(0);
            if used + w > width {
                break;
            }
            used += w;
            shown.push(*c);
        }
        (shown, width_of(start, self.cursor))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_by_characters() {
        let mut i = Input::new("Өрнөк");
        i.left();
        i.backspace();
        assert_eq!(i.value(), "Өрнк");
        i.home();
        i.insert('Ң');
        assert_eq!(i.value(), "ҢӨрнк");
        i.end();
        i.insert_str("\nx");
        assert_eq!(i.value(), "ҢӨрнк x");
        i.home();
        i.delete();
        assert_eq!(i.value(), "Өрнк x");
        i.clear();
        i.backspace();
        i.delete();
        assert_eq!(i.value(), "");
    }

    #[test]
    fn decomposed_cyrillic_is_stored_composed() {
        let mut i = Input::default();
        // и + combining breve, then е + combining diaeresis: й and ё.
        i.insert_str("и\u{306}е\u{308}л");
        assert_eq!(i.value(), "йёл");
        assert_eq!(i.cursor(), 3);
        i.insert('x');
        assert_eq!(i.value(), "йёлx");
    }

    #[test]
    fn a_selected_value_is_replaced_by_typing() {
        let mut i = Input::new("Ар түрдүү");
        i.select_all();
        i.insert_str("Тест");
        assert_eq!(i.value(), "Тест", "typing replaces, never appends");
        i.select_all();
        i.backspace();
        assert_eq!(i.value(), "");
        let mut i = Input::new("Разное");
        i.select_all();
        i.end();
        i.insert('!');
        assert_eq!(
            i.value(),
            "Разное!",
            "End keeps the text, the cursor after it"
        );
        let mut i = Input::new("Разное");
        i.select_all();
        i.home();
        i.insert('1');
        assert_eq!(i.value(), "1Разное");
        let mut e = Input::default();
        e.select_all();
        assert!(!e.is_selected(), "nothing to select in an empty field");
    }

    #[test]
    fn ctrl_w_deletes_a_word_and_ctrl_u_the_field() {
        let mut i = Input::new("Мэриянын финансы  бөлүмү ");
        i.delete_word();
        assert_eq!(i.value(), "Мэриянын финансы  ");
        i.delete_word();
        assert_eq!(i.value(), "Мэриянын ");
        i.home();
        i.delete_word();
        assert_eq!(i.value(), "Мэриянын ", "nothing before the cursor");
        i.end();
        i.left();
        i.left();
        i.delete_word();
        assert_eq!(i.value(), "н ");
        assert_eq!(i.cursor(), 0);
        i.clear_all();
        assert_eq!(i.value(), "");
    }

    #[test]
    fn window_follows_cursor() {
        let i = Input::new("абвгдежзий");
        let (shown, col) = i.visible(4);
        assert_eq!(shown, "зий");
        assert_eq!(col, 3);
        assert_eq!(i.visible(0), (String::new(), 0));
    }
}
