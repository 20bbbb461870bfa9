//! The HQ's settings as papers and scripts see them (one name of the HQ per language, the
//! city, the outgoing-number prefix, the rules), with validation; the outgoing register;
//! and what the directory keeps for papers (Russian positions, gender overrides).

use crate::store::Refusal;
use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::{OptionalExtension, params};

use super::{Result, Store, audit};
use crate::domain::compliance::Rules;
use crate::domain::protocol::QuorumRule;
use crate::i18n::Lang;

/// A setting scripts may list, read and set.
pub struct SettingDef {
    pub key: &'static str,
    pub default: &'static str,
    pub about: &'static str,
    check: fn(&str) -> std::result::Result<String, String>,
}

fn text(max: usize) -> impl Fn(&str) -> std::result::Result<String, String> {
    move |v: &str| {
        let v = v.trim();
        if v.is_empty() {
            Err("must not be empty".into())
        } else if v.chars().count() > max {
            Err(format!("at most {max} characters"))
        } else {
            Ok(v.to_string())
        }
    }
}

fn check_name(v: &str) -> std::result::Result<String, String> {
    text(200)(v)
}

fn check_city(v: &str) -> std::result::Result<String, String> {
    text(60)(v)
}

fn check_prefix(v: &str) -> std::result::Result<String, String> {
    let v = text(20)(v)?;
    if v.chars().any(char::is_whitespace) || v.chars().last().is_some_and(|c| c.is_ascii_digit()) {
        return Err("no spaces, and it must end in a separator (e.g. 01-12/)".into());
    }
    Ok(v)
}

fn check_quorum(v: &str) -> std::result::Result<String, String> {
    QuorumRule::from_code(v.trim())
        .map(|r| r.code().to_string())
        .ok_or_else(|| "one of: half, two_thirds".into())
}

fn check_cap(v: &str) -> std::result::Result<String, String> {
    match v.trim().parse::<u32>() {
        Ok(n) if n <= 10 => Ok(n.to_string()),
        _ => Err("a whole number from 0 to 10".into()),
    }
}

fn check_rules(v: &str) -> std::result::Result<String, String> {
    let rules: Rules = serde_json::from_str(v).map_err(|e| format!("not valid JSON rules: {e}"))?;
    serde_json::to_string(&rules).map_err(|e| e.to_string())
}

fn check_lang(v: &str) -> std::result::Result<String, String> {
    match v.trim() {
        "ky" | "ru" => Ok(v.trim().to_string()),
        _ => Err("ky or ru".into()),
    }
}

/// Every setting `shtab settings` knows.
pub const SETTINGS: &[SettingDef] = &[
    SettingDef {
        key: "hq_name.ky",
        default: "Токмок шаардык санариптештирүү штабы",
        about: "the HQ's name in Kyrgyz (papers, title bar)",
        check: check_name,
    },
    SettingDef {
        key: "hq_name.ru",
        default: "Штаб по цифровизации города Токмок",
        about: "the HQ's name in Russian",
        check: check_name,
    },
    SettingDef {
        key: "city",
        default: "Токмок",
        about: "the city (reports, the place line of papers)",
        check: check_city,
    },
    SettingDef {
        key: "papers.lang",
        default: "ky",
        about: "the language protocols and agendas are kept in (ky or ru)",
        check: check_lang,
    },
    SettingDef {
        key: "outgoing.prefix",
        default: "01-12/",
        about: "the prefix of outgoing numbers (01-12/502)",
        check: check_prefix,
    },
    SettingDef {
        key: "quorum_rule",
        default: "half",
        about: "quorum: half (more than half) or two_thirds",
        check: check_quorum,
    },
    SettingDef {
        key: "tasks.extension_cap",
        default: "2",
        about: "how many extensions one task may be granted",
        check: check_cap,
    },
    SettingDef {
        key: "compliance.rules",
        default: "",
        about: "when the next escalation step is proposed (JSON)",
        check: check_rules,
    },
    // E-mail (the password is never here: SHTAB_SMTP_PASSWORD or smtp.password_file).
    SettingDef {
        key: "smtp.host",
        default: "",
        about: "the SMTP server's name (empty: e-mail is not set up)",
        check: check_host,
    },
    SettingDef {
        key: "smtp.port",
        default: "",
        about: "the SMTP port (default by smtp.tls: 587, 465, 25)",
        check: check_port,
    },
    SettingDef {
        key: "smtp.tls",
        default: "starttls",
        about: "starttls, tls, or none (only for a server on the same host)",
        check: check_tls,
    },
    SettingDef {
        key: "smtp.user",
        default: "",
        about: "the SMTP login (default: smtp.from)",
        check: optional_text,
    },
    SettingDef {
        key: "smtp.from",
        default: "",
        about: "the sender's address (shtab@tokmok.kg)",
        check: check_address,
    },
    SettingDef {
        key: "smtp.from_name",
        default: "",
        about: "the sender's display name",
        check: optional_text,
    },
    SettingDef {
        key: "smtp.reply_to",
        default: "",
        about: "where replies go (default: smtp.from)",
        check: check_address,
    },
    SettingDef {
        key: "smtp.password_file",
        default: "",
        about: "a file with the SMTP password, readable by its owner only",
        check: optional_text,
    },
    SettingDef {
        key: "smtp.timeout",
        default: "30",
        about: "seconds to wait for the SMTP server's answer (1 to 300)",
        check: check_timeout,
    },
];

fn optional_text(v: &str) -> std::result::Result<String, String> {
    let v = v.trim();
    if v.chars().count() > 200 {
        Err("at most 200 characters".into())
    } else {
        Ok(v.to_string())
    }
}

fn check_host(v: &str) -> std::result::Result<String, String> {
    let v = optional_text(v)?;
    if v.chars().any(|c| c.is_whitespace() || c == '/' || c == '@') {
        return Err("a host name such as smtp.tokmok.kg (no spaces, no scheme)".into());
    }
    Ok(v)
}

fn check_port(v: &str) -> std::result::Result<String, String> {
    match v.trim() {
        "" => Ok(String::new()),
        t => match t.parse::<u16>() {
            Ok(n) if n > 0 => Ok(n.to_string()),
            _ => Err("a port number from 1 to 65535".into()),
        },
    }
}

fn check_timeout(v: &str) -> std::result::Result<String, String> {
    match v.trim().parse::<u16>() {
        Ok(n) if (1..=300).contains(&n) => Ok(n.to_string()),
        _ => Err("a number of seconds from 1 to 300".into()),
    }
}

fn check_tls(v: &str) -> std::result::Result<String, String> {
    match v.trim() {
        t @ ("starttls" | "tls" | "none") => Ok(t.to_string()),
        _ => Err("one of: starttls, tls, none".into()),
    }
}

fn check_address(v: &str) -> std::result::Result<String, String> {
    let v = v.trim();
    crate::domain::validate::email(v).map_err(|_| "an e-mail address such as shtab@tokmok.kg")?;
    Ok(v.to_string())
}

#[derive(Debug, thiserror::Error)]
pub enum SettingError {
    #[error("unknown setting {0:?}; known: {1}")]
    Unknown(String, String),
    #[error("{key}: {reason}")]
    Invalid { key: String, reason: String },
    #[error(transparent)]
    Store(#[from] super::StoreError),
}

pub fn definition(key: &str) -> Option<&'static SettingDef> {
    SETTINGS.iter().find(|d| d.key == key)
}

/// Check a value of a known setting as `set_checked` would (the value as it would be saved).
pub fn check(key: &str, value: &str) -> std::result::Result<String, String> {
    let def = definition(key).ok_or_else(|| format!("unknown setting {key:?}"))?;
    (def.check)(value)
}

/// What the directory keeps for papers beyond the screens' fields.
#[derive(Debug, Clone, Default)]
pub struct PaperPeople {
    /// member id → (position in Russian, gender override)
    pub members: HashMap<i64, (String, String)>,
    /// organization id → (head's title in Russian, head's gender override)
    pub heads: HashMap<i64, (String, String)>,
}

impl Store {
    /// A known setting's value, or its default.
    pub fn setting_or_default(&self, key: &str) -> Result<String> {
        let default = definition(key).map_or("", |d| d.default);
        Ok(self
            .setting(key)?
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(|| {
                if key == "compliance.rules" {
                    serde_json::to_string(&Rules::default()).unwrap_or_default()
                } else {
                    default.to_string()
                }
            }))
    }

    /// The HQ's one name in `lang` (Kyrgyz for English, which papers do not use).
    pub fn hq_name(&self, lang: Lang) -> Result<String> {
        let key = if lang == Lang::Ru {
            "hq_name.ru"
        } else {
            "hq_name.ky"
        };
        self.setting_or_default(key)
    }

    pub fn city(&self) -> Result<String> {
        self.setting_or_default("city")
    }

    /// The language protocols and agendas are kept in.
    pub fn papers_lang(&self) -> Result<Lang> {
        Ok(Lang::from_code(&self.setting_or_default("papers.lang")?).unwrap_or(Lang::Ky))
    }

    /// The UI language `login` last chose with F2. Each login has its own, so the next user
    /// of the same database opens in theirs, not in the last one chosen by anyone.
    pub fn ui_lang(&self, login: &str) -> Result<Option<Lang>> {
        Ok(self
            .setting(&ui_lang_key(login))?
            .and_then(|l| Lang::from_code(&l)))
    }

    /// Remember `lang` for `login` only.
    pub fn set_ui_lang(&mut self, login: &str, lang: Lang) -> Result<()> {
        self.set_setting(&ui_lang_key(login), lang.code())
    }

    /// Check and save a setting; returns the value as saved.
    pub fn set_checked(
        &mut self,
        key: &str,
        value: &str,
    ) -> std::result::Result<String, SettingError> {
        let def = definition(key).ok_or_else(|| {
            let known: Vec<&str> = SETTINGS.iter().map(|d| d.key).collect();
            SettingError::Unknown(key.to_string(), known.join(", "))
        })?;
        let value = (def.check)(value).map_err(|reason| SettingError::Invalid {
            key: key.to_string(),
            reason,
        })?;
        let v = value.clone();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO setting(key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![key, v],
            )?;
            audit(tx, "set", "setting", 0, key)?;
            Ok(())
        })?;
        Ok(value)
    }

    /// Russian positions and gender overrides of members and heads.
    pub fn paper_people(&self) -> Result<PaperPeople> {
        let mut out = PaperPeople::default();
        let mut st = self
            .conn
            .prepare("SELECT id, position_ru, gender FROM member")?;
        for r in st.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))? {
            let (id, v) = r?;
            out.members.insert(id, v);
        }
        let mut st = self
            .conn
            .prepare("SELECT id, head_title_ru, head_gender FROM organization")?;
        for r in st.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))? {
            let (id, v) = r?;
            out.heads.insert(id, v);
        }
        Ok(out)
    }

    /// Set a member's Russian position and gender override (the directory's paper fields).
    pub fn set_member_paper_fields(
        &mut self,
        id: i64,
        position_ru: &str,
        gender: &str,
    ) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE member SET position_ru = ?2, gender = ?3, version = version + 1 WHERE id = ?1",
                params![id, position_ru.trim(), gender],
            )?;
            Ok(())
        })
    }

    /// Set an organization head's Russian title and gender override.
    pub fn set_head_paper_fields(&mut self, id: i64, title_ru: &str, gender: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE organization SET head_title_ru = ?2, head_gender = ?3, version = version + 1
                 WHERE id = ?1",
                params![id, title_ru.trim(), gender],
            )?;
            Ok(())
        })
    }

    /// The organizations linked to each agenda item of a session (the heads heard), by item.
    pub fn agenda_item_organizations(&self, session_id: i64) -> Result<HashMap<i64, Vec<i64>>> {
        let mut st = self.conn.prepare(
            "SELECT ai.id, aio.organization_id FROM agenda_item ai
             JOIN agenda_item_organization aio ON aio.agenda_item_id = ai.id
             WHERE ai.session_id = ?1 ORDER BY ai.id, aio.organization_id",
        )?;
        let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
        for r in st.query_map([session_id], |r| Ok((r.get(0)?, r.get(1)?)))? {
            let (item, org) = r?;
            out.entry(item).or_default().push(org);
        }
        Ok(out)
    }

    /// The next outgoing number of `year` as (n, "01-12/n"): after the highest of that year
    /// in the register and in the escalation steps' numbers with the same prefix.
    pub fn next_outgoing_number(&self, year: i32) -> Result<(i64, String)> {
        next_outgoing_in(&self.conn, year)
    }

    /// Register a letter written now: the next number of the year, `date`, its kind and
    /// addressee. Returns (id, number text). Run `write_file` inside: when it fails, nothing
    /// is registered.
    pub fn register_letter<T>(
        &mut self,
        date: NaiveDate,
        kind: &str,
        organization_id: i64,
        subject: &str,
        write_file: impl FnOnce(&str) -> std::result::Result<T, String>,
    ) -> std::result::Result<(String, T), String> {
        let mut made: Option<T> = None;
        let mut failure: Option<String> = None;
        let res = self.write(|tx| {
            let (n, text) = next_outgoing_in(tx, date.year())?;
            tx.execute(
                "INSERT INTO outgoing_letter(year, number, doc_number, date, kind,
                                             organization_id, subject, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    date.year(),
                    n,
                    text,
                    date,
                    kind,
                    organization_id,
                    subject,
                    super::current_user()
                ],
            )?;
            audit(tx, "letter", "organization", organization_id, &text)?;
            match write_file(&text) {
                Ok(t) => {
                    made = Some(t);
                    Ok(text)
                }
                Err(e) => {
                    failure = Some(e);
                    Err(super::StoreError::Refused(Refusal::Conflict))
                }
            }
        });
        match (res, made, failure) {
            (Ok(text), Some(t), _) => Ok((text, t)),
            (_, _, Some(e)) => Err(e),
            (Err(e), _, _) => Err(e.to_string()),
            (Ok(_), None, None) => Err("the letter was not written".into()),
        }
    }
}

/// The register's next number (shared with the escalation steps that number letters).
fn ui_lang_key(login: &str) -> String {
    format!("ui.lang.{login}")
}

pub(crate) fn next_outgoing_in(c: &rusqlite::Connection, year: i32) -> Result<(i64, String)> {
    let prefix: String = c
        .query_row(
            "SELECT value FROM setting WHERE key = 'outgoing.prefix'",
            [],
            |r| r.get(0),
        )
        .optional()?
        .filter(|p: &String| !p.trim().is_empty())
        .unwrap_or_else(|| "01-12/".to_string());
    let registered: i64 = c.query_row(
        "SELECT coalesce(max(number), 0) FROM outgoing_letter WHERE year = ?1",
        [year],
        |r| r.get(0),
    )?;
    // Steps recorded with a number typed in (or by an import) count too.
    let mut st = c.prepare(
        "SELECT doc_number FROM escalation WHERE substr(date, 1, 4) = ?1 AND doc_number <> ''",
    )?;
    let mut highest = registered;
    for r in st.query_map([year.to_string()], |r| r.get::<_, String>(0))? {
        let d = r?;
        if let Some(n) = d
            .strip_prefix(&prefix)
            .and_then(|n| n.trim().parse::<i64>().ok())
        {
            highest = highest.max(n);
        }
    }
    let n = highest + 1;
    Ok((n, format!("{prefix}{n}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_checked_before_they_are_saved() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(
            store.hq_name(Lang::Ky).unwrap(),
            "Токмок шаардык санариптештирүү штабы"
        );
        assert_eq!(
            store.set_checked("quorum_rule", "two_thirds").unwrap(),
            "two_thirds"
        );
        assert!(matches!(
            store.set_checked("quorum_rule", "most"),
            Err(SettingError::Invalid { .. })
        ));
        assert!(matches!(
            store.set_checked("tasks.extension_cap", "-1"),
            Err(SettingError::Invalid { .. })
        ));
        assert!(matches!(
            store.set_checked("no.such", "x"),
            Err(SettingError::Unknown(..))
        ));
        assert!(store.set_checked("outgoing.prefix", "01 12").is_err());
        assert!(store.set_checked("compliance.rules", "{oops").is_err());
        store
            .set_checked("compliance.rules", r#"{"reminder_after_days": 3}"#)
            .unwrap();
        assert_eq!(store.compliance_rules().unwrap().reminder_after_days, 3);
        store.set_checked("hq_name.ru", "  Штаб города  ").unwrap();
        assert_eq!(store.hq_name(Lang::Ru).unwrap(), "Штаб города");
        assert_eq!(
            store.setting("quorum_rule").unwrap().as_deref(),
            Some("two_thirds")
        );
    }
}
