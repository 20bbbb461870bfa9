//! `shtab settings list|get|set KEY VALUE`: the HQ's settings for scripts, checked before
//! they are saved (the same checks a settings screen would make).

use anyhow::Context;

use shtab::domain::access::Permission;
use shtab::store::Store;
use shtab::store::settings::{SETTINGS, definition};

#[derive(clap::Subcommand)]
pub enum SettingsCommand {
    /// Every setting: key, value (or default) and what it is.
    List,
    /// One setting's value (its default when not set).
    Get { key: String },
    /// Check and save a setting.
    Set { key: String, value: String },
}

pub fn run(store: &mut Store, command: SettingsCommand) -> anyhow::Result<()> {
    match command {
        SettingsCommand::List => {
            for d in SETTINGS {
                let set = store.setting(d.key)?.is_some();
                let value = store.setting_or_default(d.key)?;
                let mark = if set { "" } else { " (default)" };
                println!("{}\t{value}{mark}\t# {}", d.key, d.about);
            }
        }
        SettingsCommand::Get { key } => {
            definition(&key).with_context(|| {
                let known: Vec<&str> = SETTINGS.iter().map(|d| d.key).collect();
                format!("unknown setting {key:?}; known: {}", known.join(", "))
            })?;
            println!("{}", store.setting_or_default(&key)?);
        }
        SettingsCommand::Set { key, value } => {
            super::super::require(store, Permission::Edit, false)?;
            let saved = store.set_checked(&key, &value)?;
            println!("{key} = {saved}");
        }
    }
    Ok(())
}
