//! Personal names and the grammar official papers need around them: gender from the
//! patronymic, initials ("М.С. Бейшеналиева"), the salutation by first name and patronymic,
//! the Russian dative ("Сатыбалдиевой Б.Б."), Kyrgyz case endings by vowel harmony, and the
//! Russian genitive of an organization's name ("Молодёжного центра").
//!
//! Names are written "Surname Name Patronymic"; a Kyrgyz patronymic may be two words
//! ("Осмон уулу", "Асан кызы").

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
    /// Neither the patronymic nor the override says; papers use a neutral form.
    Unknown,
}

impl Gender {
    pub fn code(self) -> &'static str {
        match self {
            Gender::Male => "m",
            Gender::Female => "f",
            Gender::Unknown => "",
        }
    }
    /// From the directory's override field: "m"/"f" (also "м"/"ж"), else unknown.
    pub fn from_code(s: &str) -> Gender {
        match s.trim().to_lowercase().as_str() {
            "m" | "м" | "male" | "э" => Gender::Male,
            "f" | "ж" | "female" => Gender::Female,
            _ => Gender::Unknown,
        }
    }
}

/// The parts of a full name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameParts {
    pub surname: String,
    pub first: String,
    /// "Садыровна", "Осмон уулу"; empty when not given.
    pub patronymic: String,
}

pub fn parts(full: &str) -> NameParts {
    let words: Vec<&str> = full.split_whitespace().collect();
    let get = |i: usize| words.get(i).copied().unwrap_or("").to_string();
    NameParts {
        surname: get(0),
        first: get(1),
        patronymic: words.get(2..).map(|w| w.join(" ")).unwrap_or_default(),
    }
}

/// Gender from the patronymic (-овна, -евна, -ична, кызы → female; -ович, -евич, -ич,
/// уулу → male); `over` (the directory's field) wins when it says.
pub fn gender(full: &str, over: &str) -> Gender {
    let o = Gender::from_code(over);
    if o != Gender::Unknown {
        return o;
    }
    let p = parts(full).patronymic.to_lowercase();
    let last = p.split_whitespace().last().unwrap_or("");
    if last == "кызы" || p.ends_with("вна") || p.ends_with("чна") {
        Gender::Female
    } else if last == "уулу" || p.ends_with("вич") || p.ends_with("ич") {
        Gender::Male
    } else {
        Gender::Unknown
    }
}

fn initial(word: &str) -> String {
    word.trim_end_matches('.')
        .chars()
        .next()
        .map(|c| format!("{}.", c.to_uppercase()))
        .unwrap_or_default()
}

/// "Б.Б." from the first name and the patronymic (names already initialled stay so).
pub fn initials(full: &str) -> String {
    let p = parts(full);
    // "Г.Т." is initials already.
    if p.first.trim_end_matches('.').contains('.') {
        return p.first;
    }
    let mut out = initial(&p.first);
    // "Осмон уулу" gives one initial, "Садыровна" one.
    if let Some(w) = p.patronymic.split_whitespace().next() {
        out.push_str(&initial(w));
    }
    out
}

/// "М.С. Бейшеналиева": initials before the surname, as signature blocks print it.
pub fn initials_first(full: &str) -> String {
    let p = parts(full);
    let i = initials(full);
    if i.is_empty() {
        p.surname
    } else {
        format!("{i} {}", p.surname)
    }
}

/// "Бейшеналиева М.С.": initials after the surname.
pub fn surname_initials(full: &str) -> String {
    let p = parts(full);
    let i = initials(full);
    if i.is_empty() {
        p.surname
    } else {
        format!("{} {i}", p.surname)
    }
}

/// "Бермет Бекболотовна" (the salutation's name); the surname alone if nothing else is known.
pub fn first_and_patronymic(full: &str) -> String {
    let p = parts(full);
    if p.first.is_empty() || p.first.ends_with('.') {
        return p.surname;
    }
    format!("{} {}", p.first, p.patronymic).trim().to_string()
}

fn is_lower_vowel(c: char) -> bool {
    "аеёиоуыэюяөү".contains(c)
}

/// Russian dative of a surname by gender: Сатыбалдиева → Сатыбалдиевой, Иманалиев →
/// Иманалиеву; names that do not decline (-ко, -ых, Kyrgyz vowel endings) stay.
pub fn ru_dative_surname(surname: &str, g: Gender) -> String {
    let low = surname.to_lowercase();
    let stem = |n: usize| {
        surname
            .chars()
            .take(surname.chars().count() - n)
            .collect::<String>()
    };
    match g {
        Gender::Female => {
            if ["ова", "ева", "ёва", "ина", "ына"]
                .iter()
                .any(|e| low.ends_with(e))
            {
                format!("{}ой", stem(1))
            } else if low.ends_with("ая") {
                format!("{}ой", stem(2))
            } else {
                surname.to_string()
            }
        }
        Gender::Male => {
            if low.ends_with("ский") || low.ends_with("цкий") {
                format!("{}ому", stem(2))
            } else if low.ends_with("ых") || low.ends_with("их") || low.ends_with("ко") {
                surname.to_string()
            } else if low.ends_with('й') {
                format!("{}ю", stem(1))
            } else if low
                .chars()
                .last()
                .is_some_and(|c| !is_lower_vowel(c) && c != 'ь')
            {
                format!("{surname}у")
            } else {
                surname.to_string()
            }
        }
        Gender::Unknown => surname.to_string(),
    }
}

/// "Сатыбалдиевой Б.Б.": the addressee line of a Russian letter.
pub fn ru_dative_name(full: &str, g: Gender) -> String {
    let p = parts(full);
    let i = initials(full);
    format!("{} {i}", ru_dative_surname(&p.surname, g))
        .trim()
        .to_string()
}

/// "Уважаемая Бермет Бекболотовна!" / "Уважаемый …" / "Уважаемый(ая) …" when unknown.
pub fn ru_salutation(full: &str, g: Gender) -> String {
    let word = match g {
        Gender::Male => "Уважаемый",
        Gender::Female => "Уважаемая",
        Gender::Unknown => "Уважаемый(ая)",
    };
    format!("{word} {}!", first_and_patronymic(full))
}

/// "Урматтуу Бермет Бекболотовна!" (Kyrgyz has no gender here).
pub fn ky_salutation(full: &str) -> String {
    format!("Урматтуу {}!", first_and_patronymic(full))
}

/// The harmony class of a Kyrgyz word's last vowel: a (а ы я), e (е и э), o (о ё ю у-round
/// back), ө (ө ү).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Harmony {
    A,
    E,
    O,
    Oe,
}

fn harmony(word: &str) -> (Harmony, bool) {
    let low = word.to_lowercase();
    let h = low
        .chars()
        .rev()
        .find_map(|c| match c {
            'а' | 'ы' | 'я' => Some(Harmony::A),
            'е' | 'и' | 'э' => Some(Harmony::E),
            'о' | 'ё' | 'у' | 'ю' => Some(Harmony::O),
            'ө' | 'ү' => Some(Harmony::Oe),
            _ => None,
        })
        .unwrap_or(Harmony::A);
    let last = low.chars().last().unwrap_or('а');
    (h, is_lower_vowel(last))
}

fn voiceless(c: char) -> bool {
    "кпстфхцчшщ".contains(c)
}

/// Kyrgyz dative: Сатыбалдиева → Сатыбалдиевага, Асанов → Асановго, мектеп → мектепке.
pub fn ky_dative(word: &str) -> String {
    let (h, _) = harmony(word);
    let last = word.to_lowercase().chars().last().unwrap_or('а');
    let c = if voiceless(last) { 'к' } else { 'г' };
    let v = match h {
        Harmony::A => 'а',
        Harmony::E => 'е',
        // After у the dative takes а (Токтогулга), after о/ё/ю о.
        Harmony::O => {
            let lv = word
                .to_lowercase()
                .chars()
                .rev()
                .find(|c| "оёую".contains(*c))
                .unwrap_or('о');
            if lv == 'у' { 'а' } else { 'о' }
        }
        Harmony::Oe => 'ө',
    };
    format!("{word}{c}{v}")
}

/// Kyrgyz genitive: штабы → штабынын, борбор → борбордун, мектеп → мектептин.
pub fn ky_genitive(word: &str) -> String {
    let (h, ends_vowel) = harmony(word);
    let last = word.to_lowercase().chars().last().unwrap_or('а');
    let c = if ends_vowel {
        'н'
    } else if voiceless(last) {
        'т'
    } else {
        'д'
    };
    let v = match h {
        Harmony::A => 'ы',
        Harmony::E => 'и',
        Harmony::O => 'у',
        Harmony::Oe => 'ү',
    };
    format!("{word}{c}{v}н")
}

/// Kyrgyz 3rd-person possessive of a title: жетекчи → жетекчиси, директор → директору,
/// мэр → мэри; a title already possessive ("бөлүм башчысы") stays.
pub fn ky_possessive(title: &str) -> String {
    let t = title.trim();
    if t.contains(' ') {
        return t.to_string();
    }
    let (h, ends_vowel) = harmony(t);
    let v = match h {
        Harmony::A => 'ы',
        Harmony::E => 'и',
        Harmony::O => 'у',
        Harmony::Oe => 'ү',
    };
    if ends_vowel {
        format!("{t}с{v}")
    } else {
        format!("{t}{v}")
    }
}

/// The genitive of a phrase: its last word takes the ending ("…санариптештирүү штабы" →
/// "…санариптештирүү штабынын").
pub fn ky_genitive_phrase(phrase: &str) -> String {
    match phrase.trim().rsplit_once(' ') {
        Some((head, last)) => format!("{head} {}", ky_genitive(last)),
        None => ky_genitive(phrase.trim()),
    }
}

/// A Kyrgyz month in the possessive ("октябры", "июну") with a case ending after the
/// possessive -н-: dative "октябрына", locative-attributive "октябрындагы".
pub fn ky_month_case(possessive: &str, dative: bool) -> String {
    let (h, _) = harmony(possessive);
    let (v, l) = match h {
        Harmony::A => ('а', "дагы"),
        Harmony::E => ('е', "деги"),
        Harmony::O => ('у', "дагы"),
        Harmony::Oe => ('ү', "дөгү"),
    };
    if dative {
        // октябрына, апрелине, июнуна, … (the vowel of the possessive's harmony, а for у)
        let v = if v == 'у' { 'а' } else { v };
        let v = if v == 'ү' { 'ө' } else { v };
        format!("{possessive}н{v}")
    } else {
        let l = if h == Harmony::O { "дагы" } else { l };
        format!("{possessive}н{l}")
    }
}

/// Russian genitive of an organization's name: the leading adjectives and the first noun
/// change, the rest (already genitive, or a name in quotes) stays. "Молодёжный центр" →
/// "Молодёжного центра", "Средняя школа №5" → "Средней школы №5", "Отдел образования
/// мэрии" → "Отдела образования мэрии". Abbreviations (ОсОО, МП) stay as written.
pub fn ru_genitive_phrase(name: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut done = false;
    for w in name.split(' ') {
        if done || w.is_empty() {
            out.push(w.to_string());
            continue;
        }
        let (word, changed, is_noun) = ru_genitive_word(w);
        out.push(word);
        if is_noun || !changed {
            done = true;
        }
    }
    out.join(" ")
}

/// (genitive, changed, was a noun).
fn ru_genitive_word(w: &str) -> (String, bool, bool) {
    let low = w.to_lowercase();
    let n = w.chars().count();
    let stem = |k: usize| w.chars().take(n - k).collect::<String>();
    // An abbreviation, a quoted name or a number does not decline.
    let upper = w.chars().filter(|c| c.is_uppercase()).count();
    if upper > 1 || w.contains(['«', '"', '№']) || w.chars().any(|c| c.is_ascii_digit()) {
        return (w.to_string(), false, true);
    }
    // A hyphenated adjective declines in its last part only.
    if let Some((head, tail)) = w.rsplit_once('-') {
        let (t, changed, noun) = ru_genitive_word(tail);
        return (format!("{head}-{t}"), changed, noun);
    }
    for (end, ending) in [("ый", "ого"), ("ой", "ого"), ("ое", "ого"), ("ее", "его")]
    {
        if low.ends_with(end) && n > 3 {
            return (format!("{}{ending}", stem(2)), true, false);
        }
    }
    if low.ends_with("ий") && n > 3 {
        let soft = ["к", "г", "х"]
            .iter()
            .any(|c| low[..low.len() - 4].ends_with(c));
        return (
            format!("{}{}", stem(2), if soft { "ого" } else { "его" }),
            true,
            false,
        );
    }
    if low.ends_with("ая") && n > 3 {
        return (format!("{}ой", stem(2)), true, false);
    }
    if low.ends_with("яя") && n > 3 {
        return (format!("{}ей", stem(2)), true, false);
    }
    if low.ends_with("ия") {
        return (format!("{}и", stem(1)), true, true);
    }
    if low.ends_with("ие") {
        return (format!("{}я", stem(1)), true, true);
    }
    if low.ends_with('а') {
        let before = low.chars().rev().nth(1).unwrap_or('а');
        let v = if "гкхжчшщ".contains(before) {
            'и'
        } else {
            'ы'
        };
        return (format!("{}{v}", stem(1)), true, true);
    }
    if low.ends_with('я') {
        return (format!("{}и", stem(1)), true, true);
    }
    if low.ends_with('о') {
        return (format!("{}а", stem(1)), true, true);
    }
    if low.ends_with('ь') {
        return (format!("{}я", stem(1)), true, true);
    }
    if low.ends_with('й') {
        return (format!("{}я", stem(1)), true, true);
    }
    if low
        .chars()
        .last()
        .is_some_and(|c| c.is_alphabetic() && !is_lower_vowel(c))
    {
        return (format!("{w}а"), true, true);
    }
    (w.to_string(), false, true)
}

/// Russian dative of a position ("директор" → "Директору", "руководитель" →
/// "Руководителю", "начальник отдела" → "Начальнику отдела"), capitalized for an address.
pub fn ru_dative_position(position: &str) -> String {
    let mut words = position.trim().splitn(2, ' ');
    let first = words.next().unwrap_or("");
    let rest = words.next();
    let low = first.to_lowercase();
    let n = first.chars().count();
    let stem = |k: usize| first.chars().take(n - k).collect::<String>();
    let dat = if low.ends_with('ь') || low.ends_with('й') {
        format!("{}ю", stem(1))
    } else if low.ends_with("ая") {
        format!("{}ей", stem(2))
    } else if low.ends_with("ий") {
        format!("{}ему", stem(2))
    } else if low.ends_with('а') {
        format!("{}е", stem(1))
    } else if low.chars().last().is_some_and(|c| !is_lower_vowel(c)) {
        format!("{first}у")
    } else {
        first.to_string()
    };
    let mut c = dat.chars();
    let cap = c
        .next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default();
    match rest {
        Some(r) => format!("{cap} {r}"),
        None => cap,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (full name, gender, initials first, salutation ru, dative ru)
    const NAMES: &[(&str, Gender, &str, &str, &str)] = &[
        (
            "Бейшеналиева Мээрим Садыровна",
            Gender::Female,
            "М.С. Бейшеналиева",
            "Уважаемая Мээрим Садыровна!",
            "Бейшеналиевой М.С.",
        ),
        (
            "Сатыбалдиева Бермет Бекболотовна",
            Gender::Female,
            "Б.Б. Сатыбалдиева",
            "Уважаемая Бермет Бекболотовна!",
            "Сатыбалдиевой Б.Б.",
        ),
        (
            "Иманалиев Максат Темирович",
            Gender::Male,
            "М.Т. Иманалиев",
            "Уважаемый Максат Темирович!",
            "Иманалиеву М.Т.",
        ),
        (
            "Петрова Елена Сергеевна",
            Gender::Female,
            "Е.С. Петрова",
            "Уважаемая Елена Сергеевна!",
            "Петровой Е.С.",
        ),
        (
            "Асанов Азамат Осмон уулу",
            Gender::Male,
            "А.О. Асанов",
            "Уважаемый Азамат Осмон уулу!",
            "Асанову А.О.",
        ),
        (
            "Жумабаева Айгүл Асан кызы",
            Gender::Female,
            "А.А. Жумабаева",
            "Уважаемая Айгүл Асан кызы!",
            "Жумабаевой А.А.",
        ),
        (
            "Кузьмин Илья Ильич",
            Gender::Male,
            "И.И. Кузьмин",
            "Уважаемый Илья Ильич!",
            "Кузьмину И.И.",
        ),
        (
            "Ким Ольга",
            Gender::Unknown,
            "О. Ким",
            "Уважаемый(ая) Ольга!",
            "Ким О.",
        ),
    ];

    #[test]
    fn gender_initials_salutation_and_dative_on_a_table_of_names() {
        for &(full, g, init, sal, dat) in NAMES {
            assert_eq!(gender(full, ""), g, "{full}");
            assert_eq!(initials_first(full), init, "{full}");
            assert_eq!(ru_salutation(full, g), sal, "{full}");
            assert_eq!(ru_dative_name(full, g), dat, "{full}");
        }
        assert_eq!(
            ky_salutation("Иманалиев Максат Темирович"),
            "Урматтуу Максат Темирович!"
        );
    }

    #[test]
    fn the_directory_field_overrides_the_patronymic() {
        assert_eq!(gender("Ким Ольга", "f"), Gender::Female);
        assert_eq!(gender("Ким Ольга", "ж"), Gender::Female);
        assert_eq!(gender("Бейшеналиева Мээрим Садыровна", "m"), Gender::Male);
        assert_eq!(
            ru_salutation("Ким Ольга", Gender::Female),
            "Уважаемая Ольга!"
        );
    }

    #[test]
    fn an_initialled_name_keeps_its_initials() {
        assert_eq!(initials_first("Асанова Г. Т."), "Г.Т. Асанова");
        assert_eq!(surname_initials("Асанова Г.Т."), "Асанова Г.Т.");
        assert_eq!(first_and_patronymic("Асанова Г. Т."), "Асанова");
    }

    #[test]
    fn kyrgyz_endings_follow_vowel_harmony() {
        assert_eq!(ky_dative("Сатыбалдиева"), "Сатыбалдиевага");
        assert_eq!(ky_dative("Иманалиев"), "Иманалиевге");
        assert_eq!(ky_dative("Асанов"), "Асановго");
        assert_eq!(ky_dative("Токтогул"), "Токтогулга");
        assert_eq!(ky_dative("мектеп"), "мектепке");
        assert_eq!(ky_dative("Үсөнов"), "Үсөновго");
        assert_eq!(ky_genitive("штабы"), "штабынын");
        assert_eq!(ky_possessive("жетекчи"), "жетекчиси");
        assert_eq!(ky_possessive("директор"), "директору");
        assert_eq!(ky_possessive("төрага"), "төрагасы");
        assert_eq!(ky_possessive("бөлүм башчысы"), "бөлүм башчысы");
        assert_eq!(ky_genitive("борбор"), "борбордун");
        assert_eq!(ky_genitive("мектеп"), "мектептин");
        assert_eq!(ky_genitive("мэриясы"), "мэриясынын");
        assert_eq!(
            ky_genitive_phrase("Токмок шаардык санариптештирүү штабы"),
            "Токмок шаардык санариптештирүү штабынын"
        );
        assert_eq!(ky_month_case("октябры", true), "октябрына");
        assert_eq!(ky_month_case("октябры", false), "октябрындагы");
        assert_eq!(ky_month_case("апрели", true), "апрелине");
        assert_eq!(ky_month_case("апрели", false), "апрелиндеги");
        assert_eq!(ky_month_case("июну", true), "июнуна");
        assert_eq!(ky_month_case("июну", false), "июнундагы");
    }

    #[test]
    fn russian_genitive_of_organization_names() {
        for (nom, genitive) in [
            ("Молодёжный центр", "Молодёжного центра"),
            ("Средняя школа №5", "Средней школы №5"),
            ("Отдел образования мэрии", "Отдела образования мэрии"),
            ("Мэрия города Токмок", "Мэрии города Токмок"),
            (
                "Финансово-экономический отдел мэрии",
                "Финансово-экономического отдела мэрии",
            ),
            (
                "Управление муниципальной собственности мэрии",
                "Управления муниципальной собственности мэрии",
            ),
            ("ОсОО «Кыргызтелеком»", "ОсОО «Кыргызтелеком»"),
            (
                "Штаб по цифровизации города Токмок",
                "Штаба по цифровизации города Токмок",
            ),
        ] {
            assert_eq!(ru_genitive_phrase(nom), genitive);
        }
        assert_eq!(ru_dative_position("директор"), "Директору");
        assert_eq!(ru_dative_position("руководитель"), "Руководителю");
        assert_eq!(ru_dative_position("начальник отдела"), "Начальнику отдела");
        assert_eq!(ru_dative_position("заведующая"), "Заведующей");
    }
}
