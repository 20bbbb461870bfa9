//! Text of the rules that hold at entry (task 14b): read-only roles, the demo's role, the
//! approved agenda's question, votes and speakers, holidays, the plan import.

use super::Lang;

pub struct RuleStrings {
    /// The start-up line for a user whose role only reads ({0} login, {1} role).
    pub read_only_role: &'static str,
    /// The title bar in the demo: the login is the chair there.
    pub demo_role: &'static str,
    /// The start-up line in the demo.
    pub demo_welcome: &'static str,
    /// F2 remembered the language for this login only ({0} language, {1} login).
    pub msg_lang_for_login: &'static str,
}

pub fn strings(lang: Lang) -> &'static RuleStrings {
    match lang {
        Lang::Ky => &KY,
        Lang::Ru => &RU,
        Lang::En => &EN,
    }
}

pub static EN: RuleStrings = RuleStrings {
    read_only_role: "{0} is a {1} here: read only. The secretary changes roles with: shtab user add",
    demo_role: "you are the chair (may sign)",
    demo_welcome: "Demo database: you are its chair, so you may edit, sign protocols and grant extensions here (only here).",
    msg_lang_for_login: "Language: {0} (remembered for {1} only).",
};

pub static RU: RuleStrings = RuleStrings {
    read_only_role: "{0} здесь {1}: только чтение. Роль меняет секретарь: shtab user add",
    demo_role: "вы председатель",
    demo_welcome: "Демо-база: вы её председатель — можно править, подписывать протоколы и продлевать сроки (только здесь).",
    msg_lang_for_login: "Язык: {0} (запомнен только для {1}).",
};

pub static KY: RuleStrings = RuleStrings {
    read_only_role: "{0} бул жерде {1}: окуу гана. Ролду катчы өзгөртөт: shtab user add",
    demo_role: "сиз төрагасыз",
    demo_welcome: "Демо база: сиз анын төрагасысыз — оңдоого, протоколго кол коюуга жана мөөнөт узартууга болот (ушул жерде гана).",
    msg_lang_for_login: "Тил: {0} ({1} үчүн гана эсте калды).",
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn templates_keep_their_placeholders_in_every_language() {
        for lang in Lang::ALL {
            let r = strings(lang);
            for (t, n) in [(r.read_only_role, 2), (r.msg_lang_for_login, 2)] {
                for i in 0..n {
                    assert!(t.contains(&format!("{{{i}}}")), "{lang:?}: {t}");
                }
            }
        }
    }
}
