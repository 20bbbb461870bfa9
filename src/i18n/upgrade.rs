//! Text of the schema upgrade that opening an older database runs (issue 17): said on the
//! terminal before it starts, since on a large file it takes seconds.

use super::{Lang, Tpl};

pub struct UpgradeStrings {
    /// Before the upgrade: {0} the database file, {1} its schema version, {2} the latest.
    pub upgrading: Tpl<3>,
    /// After it, on the same line: {0} the seconds it took (one decimal).
    pub done_in: Tpl<1>,
    /// The decimal separator of the seconds.
    pub decimal: char,
}

pub fn strings(lang: Lang) -> &'static UpgradeStrings {
    match lang {
        Lang::Ky => &KY,
        Lang::Ru => &RU,
        Lang::En => &EN,
    }
}

/// "… done in 6.2 s" for `secs`, with the language's decimal separator.
pub fn done_in(lang: Lang, secs: f64) -> String {
    let s = strings(lang);
    let n = format!("{secs:.1}").replace('.', &s.decimal.to_string());
    s.done_in.fill([&n])
}

pub static EN: UpgradeStrings = UpgradeStrings {
    upgrading: Tpl::new("Upgrading the database {0} from version {1} to {2}…"),
    done_in: Tpl::new("done in {0} s"),
    decimal: '.',
};

pub static RU: UpgradeStrings = UpgradeStrings {
    upgrading: Tpl::new("Обновление базы данных {0} с версии {1} до версии {2}…"),
    done_in: Tpl::new("готово за {0} с"),
    decimal: ',',
};

pub static KY: UpgradeStrings = UpgradeStrings {
    upgrading: Tpl::new("{0} маалымат базасы {1}-версиядан {2}-версияга жаңыртылууда…"),
    done_in: Tpl::new("{0} секундда бүттү"),
    decimal: ',',
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_says_the_file_the_versions_and_the_time() {
        for lang in Lang::ALL {
            let line = strings(lang).upgrading.fill([&"shtab.db", &15, &18]);
            assert!(line.contains("shtab.db") && line.contains("15") && line.contains("18"));
            assert!(line.ends_with('…'), "{line}");
        }
        assert_eq!(done_in(Lang::En, 6.24), "done in 6.2 s");
        assert_eq!(done_in(Lang::Ru, 6.24), "готово за 6,2 с");
        assert_eq!(done_in(Lang::Ky, 0.04), "0,0 секундда бүттү");
    }
}
