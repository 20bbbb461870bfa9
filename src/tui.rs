//! The terminal: set up, draw, read events, and always restore — also after a panic.

use std::io::stdout;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;

use crate::app::App;

/// Replace in every cell what must not reach the terminal from the data (controls, bidi
/// overrides; see `domain::text::is_unsafe_char`): in one place, before anything is written.
pub fn clean_cells(buf: &mut ratatui::buffer::Buffer) {
    use crate::domain::text::is_unsafe_char;
    for cell in buf.content.iter_mut() {
        if cell.symbol().chars().any(is_unsafe_char) {
            // Zero-width ones ride on the cell before them: keep that cell's letter.
            let kept: String = cell
                .symbol()
                .chars()
                .filter(|c| !is_unsafe_char(*c))
                .collect();
            cell.set_symbol(if kept.is_empty() { "\u{FFFD}" } else { &kept });
        }
    }
}

fn restore_extras() {
    let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
}

/// How long to wait for a key before letting time pass ([`App::tick`]): idle saves are due
/// two seconds after typing stops, so half a second keeps them prompt.
const TICK: Duration = Duration::from_millis(250);

/// How long to wait for a key while a tab's figures are being read off the loop: they are
/// shown within this much of their arrival.
const WAITING_TICK: Duration = Duration::from_millis(8);

/// Run the app until the user quits. Every write is committed when it is made,
/// so leaving (or a panic) loses nothing that was saved.
pub fn run(mut app: App) -> anyhow::Result<()> {
    let mut terminal = ratatui::init();
    // ratatui::init's hook restores raw mode and the screen; mouse and paste modes are ours.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_extras();
        previous(info);
    }));
    let _ = execute!(stdout(), EnableMouseCapture, EnableBracketedPaste);
    let result = (|| -> anyhow::Result<()> {
        // A tab's figures are read on a thread of its own; keys never wait for them.
        app.start_worker();
        let size = terminal.size()?;
        app.resize(size.width, size.height);
        let mut batch = Vec::new();
        while !app.quit {
            // Drawing an unchanged frame sends nothing (ratatui draws differences).
            // Every cell is cleaned here, once, whatever screen drew it.
            terminal.draw(|f| {
                app.render(f);
                clean_cells(f.buffer_mut());
            })?;
            // Long work (an import) goes a step at a time, drawn in between.
            if app.busy() {
                app.work();
                continue;
            }
            // Wait for an event, but not forever: time passing saves what was typed.
            let ready = event::poll(if app.waiting() { WAITING_TICK } else { TICK })?;
            app.tick(Instant::now());
            if ready {
                // Everything already waiting is handled before the next frame: keys typed
                // while the last one was worked on cost one query, not one each.
                batch.clear();
                batch.push(event::read()?);
                while batch.len() < 512 && event::poll(Duration::ZERO)? {
                    batch.push(event::read()?);
                }
                app.handle_events(&batch);
            }
        }
        // Quitting mid-way through sending: the message in flight ends and is recorded
        // (said on the last frame, which stays while it ends).
        if app.working() {
            app.say_stopping();
            terminal.draw(|f| {
                app.render(f);
                clean_cells(f.buffer_mut());
            })?;
        }
        app.stop_work();
        Ok(())
    })();
    restore_extras();
    ratatui::restore();
    result
}
