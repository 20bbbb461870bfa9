//! Table columns that fit the width without hiding who is who: every column keeps a minimum,
//! the name columns get the remaining width first, and a cell too long for its column is cut
//! at its end with "…" (so the start of a name, what tells organizations apart, stays).

use ratatui::layout::Constraint;
use unicode_width::UnicodeWidthStr;

use super::form::elide;

/// One column: at least `min` cells, at most what its widest cell (`want`) needs; a name
/// column is served first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Col {
    pub min: u16,
    pub want: u16,
    pub name: bool,
}

impl Col {
    /// A column whose cells are as wide as the widest of `cells` (the header among them).
    pub fn fitting<'a>(min: u16, cells: impl IntoIterator<Item = &'a str>) -> Col {
        let want = cells.into_iter().map(|c| c.width()).max().unwrap_or(0) as u16;
        Col {
            min,
            want: want.max(min),
            name: false,
        }
    }

    /// The same column, served first with the width left over (a name, a task's text).
    pub fn name(self) -> Col {
        Col { name: true, ..self }
    }
}

/// The widths of `cols` in `width` cells, with `spacing` cells between columns.
pub fn fit(width: u16, cols: &[Col], spacing: u16) -> Vec<u16> {
    let gaps = spacing.saturating_mul(cols.len().saturating_sub(1) as u16);
    let avail = width.saturating_sub(gaps);
    let mut w: Vec<u16> = cols.iter().map(|c| c.min.min(c.want.max(1))).collect();
    // Too narrow for every minimum: the last (least important) non-name columns give way
    // first, then the names.
    while w.iter().sum::<u16>() > avail {
        let pick = (0..w.len())
            .filter(|i| w[*i] > 1)
            .max_by_key(|i| (!cols[*i].name, *i));
        match pick {
            Some(i) => w[i] -= 1,
            None => break,
        }
    }
    let mut left = avail.saturating_sub(w.iter().sum());
    // Names first, then the others, each up to what it wants; one cell at a time to the
    // one furthest from what it wants (in proportion), so names share fairly.
    for names_only in [true, false] {
        while left > 0 {
            let pick = (0..w.len())
                .filter(|i| (!names_only || cols[*i].name) && w[*i] < cols[*i].want)
                .min_by_key(|i| (w[*i] as u32 * 1000) / cols[*i].want.max(1) as u32);
            let Some(i) = pick else { break };
            w[i] += 1;
            left -= 1;
        }
    }
    // What is still left goes to the first name (the table fills its pane).
    if let Some(i) = cols.iter().position(|c| c.name) {
        w[i] += left;
    }
    w
}

/// The widths as a table's constraints.
pub fn constraints(widths: &[u16]) -> Vec<Constraint> {
    widths.iter().map(|w| Constraint::Length(*w)).collect()
}

/// A cell's text in `width` cells: whole, or cut at the end with "…".
pub fn cell(text: &str, width: u16) -> String {
    elide(text, width as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_get_the_room_first_and_nothing_drops_below_its_minimum() {
        let cols = [
            Col::fitting(12, ["Мэриянын маалыматтык технологиялар бөлүмү"]).name(),
            Col::fitting(8, ["учебное заведение"]),
            Col::fitting(10, ["Сатыбалдиева Бермет Бекболотовна"]),
        ];
        // 80×24: the organizations pane is 44 wide inside.
        let w = fit(44, &cols, 1);
        assert_eq!(w.iter().sum::<u16>() + 2, 44);
        assert!(w[0] >= 24, "{w:?}");
        assert_eq!(&w[1..], &[8, 10], "the others keep their minimum: {w:?}");
        // Wide enough for all: each gets what it wants, the name the rest.
        let w = fit(120, &cols, 1);
        assert_eq!(w[1], 17);
        assert_eq!(w[2], 32);
        assert!(w[0] >= 42);
        // Narrower than the minimums: the others give way before the name, the last first.
        let w = fit(20, &cols, 1);
        assert_eq!(w, vec![12, 5, 1]);
    }

    #[test]
    fn a_cut_cell_ends_with_an_ellipsis() {
        assert_eq!(cell("Петров Асан", 6), "Петро…");
        assert_eq!(cell("Пе", 6), "Пе");
        assert_eq!(cell("Петров", 6), "Петров");
    }
}
