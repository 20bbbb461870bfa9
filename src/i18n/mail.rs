//! The words of the e-mails Shtab sends: subjects and bodies, in the paper's language
//! (a message goes out in one language, like the paper it carries).

use super::{Lang, Tpl};

pub struct MailStrings {
    /// Extract subject: "{0}" the protocol's number (12/2026), "{1}" its date.
    pub extract_subject: Tpl<2>,
    /// Extract body: {0} the HQ's name in the genitive, {1} the protocol's number, {2} its
    /// date, {3} the points, {4} the attached file's name.
    pub extract_body: Tpl<5>,
    /// Letter subject: {0} the kind of letter, {1} its outgoing number, {2} its date.
    pub letter_subject: Tpl<3>,
    /// Letter body: {0} the kind of letter, {1} its outgoing number, {2} its date, {3} the file.
    pub letter_body: Tpl<4>,
    /// The kinds of letters for a subject: reminder, warning, summons, cover letter.
    pub letter_kinds: [&'static str; 4],
    /// The signature under every message: {0} the HQ's name.
    pub signature: Tpl<1>,
}

const KY: MailStrings = MailStrings {
    extract_subject: Tpl::new("№ {0} протоколдон көчүрмө ({1})"),
    extract_body: Tpl::new(
        "Урматтуу кесиптештер!\n\n\
        {0} {2} отурумунун № {1} протоколунан көчүрмө жиберилет. Сиздердин уюмга тиешелүү \
        пункттар: {3}.\n\nКөчүрмө тиркелген файлда: {4}.\n\n\
        Тапшырмаларды аткарууга алып, аткарылышы жөнүндө белгиленген мөөнөттө маалымдап \
        турууну суранабыз.",
    ),
    letter_subject: Tpl::new("{0} № {1}, {2}"),
    letter_body: Tpl::new(
        "Урматтуу жетекчи!\n\n{2} күнкү № {1} «{0}» каты тиркелген файлда жиберилет: {3}.",
    ),
    letter_kinds: ["Эскертме", "Эскертүү", "Чакыруу", "Коштомо кат"],
    signature: Tpl::new("Штабдын катчысы\n{0}"),
};

const RU: MailStrings = MailStrings {
    extract_subject: Tpl::new("Выписка из протокола № {0} от {1}"),
    extract_body: Tpl::new(
        "Уважаемые коллеги!\n\n\
        Направляем выписку из протокола № {1} заседания {0} от {2}. Пункты, касающиеся \
        вашей организации: {3}.\n\nВыписка — во вложенном файле: {4}.\n\n\
        Просим принять поручения к исполнению и сообщать о ходе их исполнения в \
        установленные сроки.",
    ),
    letter_subject: Tpl::new("{0} № {1} от {2}"),
    letter_body: Tpl::new(
        "Уважаемый руководитель!\n\nНаправляем письмо «{0}» № {1} от {2} — во вложенном файле: {3}.",
    ),
    letter_kinds: [
        "Напоминание",
        "Предупреждение",
        "Вызов на заседание",
        "Сопроводительное письмо",
    ],
    signature: Tpl::new("Секретарь штаба\n{0}"),
};

/// Messages go out in Kyrgyz or Russian (English is for screens only, as for papers).
pub fn strings(lang: Lang) -> &'static MailStrings {
    match lang {
        Lang::Ru => &RU,
        Lang::Ky | Lang::En => &KY,
    }
}

/// The screens' words about e-mail (every UI language): why a message did not go, what
/// became of a letter, the questions before sending extracts.
pub struct MailUi {
    /// Not set up: {0} the settings form's label of the empty field, {1} the Directory tab.
    pub not_set: Tpl<2>,
    /// {0} the settings form's label, {1} the value that is not an address.
    pub bad_setting: Tpl<2>,
    /// A reply 550/551/553: the mailbox is unknown or unavailable.
    pub mailbox_unavailable: &'static str,
    /// A reply 530/534/535: the login or password was not accepted.
    pub auth_failed: &'static str,
    /// Any other refusal: {0} the reply code.
    pub refused_code: Tpl<1>,
    pub conn_refused: &'static str,
    pub timed_out: &'static str,
    /// {0} the settings form's label of the encryption field.
    pub tls_failed: Tpl<1>,
    pub no_answer: &'static str,
    /// The letter went: {0} its number, {1} the address.
    pub letter_sent: Tpl<2>,
    /// The letter was written and registered, the server refused it: {0} number, {1} why.
    pub letter_refused: Tpl<2>,
    /// {0} the organization: nothing was written.
    pub letter_no_address: Tpl<1>,
    /// {0} the number, {1} the folder.
    pub letter_outbox: Tpl<2>,
    /// The letter was written, the server went away before it was taken: {0} number, {1} why.
    pub letter_not_sent: Tpl<2>,
    /// {0} how many marked, {1} the protocol's number.
    pub confirm_marked: Tpl<2>,
    /// {0} how many undelivered, {1} the protocol's number.
    pub confirm_all: Tpl<2>,
    /// Space on an extract whose protocol is not signed yet.
    pub err_mark_unsigned: &'static str,
    /// Alt-E while extracts are still going out.
    pub err_sending: &'static str,
    /// The letter is written and registered, its message going: {0} number, {1} address.
    pub letter_sending: Tpl<2>,
    /// A letter by e-mail while the last one still goes.
    pub err_letter_sending: &'static str,
    /// Quitting while messages go: {0} how many are still to go.
    pub confirm_quit_sending: Tpl<1>,
    /// Said while quitting waits for the message in flight.
    pub msg_stopping: &'static str,
}

const UI_KY: MailUi = MailUi {
    not_set: Tpl::new("Почта жөндөлгөн эмес: «{0}» толтуруңуз ({1} → s)."),
    bad_setting: Tpl::new("«{0}»: {1} эл. почта дареги эмес."),
    mailbox_unavailable: "мындай почта кутусу жок же жеткиликсиз",
    auth_failed: "сервер логинди же сырсөздү кабыл алган жок",
    refused_code: Tpl::new("сервер баш тартты (код {0})"),
    conn_refused: "туташуу четке кагылды: сервердин дарегин жана портун текшериңиз",
    timed_out: "сервер убагында жооп берген жок",
    tls_failed: Tpl::new("коопсуз туташуу (TLS) болгон жок: «{0}» жана портту текшериңиз"),
    no_answer: "сервер жооп берген жок",
    letter_sent: Tpl::new("№ {0} кат жөнөтүлдү: {1}."),
    letter_refused: Tpl::new("№ {0} кат жазылды, жөнөтүлгөн жок: {1}"),
    letter_no_address: Tpl::new("{0}: маалымдамада эл. почта жок; кат жазылган жок."),
    letter_outbox: Tpl::new("№ {0} кат чыгуучу каттар папкасында: {1}"),
    letter_not_sent: Tpl::new("№ {0} кат жазылды, жөнөтүлгөн жок: {1}"),
    confirm_marked: Tpl::new(
        "{1} протоколдун белгиленген {0} көчүрмөсүн эл. почта менен жөнөтөсүзбү?",
    ),
    confirm_all: Tpl::new(
        "{1} протоколдун жеткирилбеген бардык {0} көчүрмөсүн эл. почта менен жөнөтөсүзбү?",
    ),
    err_mark_unsigned: "Көчүрмөлөр протокол кол коюлгандан кийин белгиленет.",
    err_sending: "Көчүрмөлөр жөнөтүлүүдө: бүткүчө күтүңүз.",
    letter_sending: Tpl::new("№ {0} кат жазылды, жөнөтүлүүдө: {1}…"),
    err_letter_sending: "Мурунку кат али жөнөтүлүүдө: бүткүчө күтүңүз.",
    confirm_quit_sending: Tpl::new(
        "Дагы {0} кат жөнөтүлүүдө. Чыгып, жөнөтүүнү учурдагы каттан кийин токтотосузбу?",
    ),
    msg_stopping: "Учурдагы кат жөнөтүлгүчө күтүлүүдө, анан чыгабыз…",
};

const UI_RU: MailUi = MailUi {
    not_set: Tpl::new("Почта не настроена: заполните «{0}» ({1} → s)."),
    bad_setting: Tpl::new("«{0}»: {1} — не адрес эл. почты."),
    mailbox_unavailable: "такого почтового ящика нет или он недоступен",
    auth_failed: "сервер не принял логин или пароль",
    refused_code: Tpl::new("сервер отказал (код {0})"),
    conn_refused: "соединение отклонено: проверьте адрес и порт сервера",
    timed_out: "сервер не ответил вовремя",
    tls_failed: Tpl::new("защищённое соединение (TLS) не установлено: проверьте «{0}» и порт"),
    no_answer: "сервер не ответил",
    letter_sent: Tpl::new("Письмо № {0} отправлено: {1}."),
    letter_refused: Tpl::new("Письмо № {0} записано, но не отправлено: {1}"),
    letter_no_address: Tpl::new("{0}: в справочнике нет эл. почты; письмо не записано."),
    letter_outbox: Tpl::new("Письмо № {0} — в папке исходящих: {1}"),
    letter_not_sent: Tpl::new("Письмо № {0} записано, но не отправлено: {1}"),
    confirm_marked: Tpl::new("Отправить по эл. почте отмеченные выписки протокола {1}: {0}?"),
    confirm_all: Tpl::new("Отправить по эл. почте все недоставленные выписки протокола {1}: {0}?"),
    err_mark_unsigned: "Выписки отмечают после подписания протокола.",
    err_sending: "Выписки ещё отправляются: дождитесь конца.",
    letter_sending: Tpl::new("Письмо № {0} записано, отправляется: {1}…"),
    err_letter_sending: "Предыдущее письмо ещё отправляется: дождитесь конца.",
    confirm_quit_sending: Tpl::new(
        "Ещё отправляется писем: {0}. Выйти, остановив отправку после текущего?",
    ),
    msg_stopping: "Ждём, пока уйдёт текущее письмо, затем выход…",
};

const UI_EN: MailUi = MailUi {
    not_set: Tpl::new("E-mail is not set up: fill in “{0}” ({1} → s)."),
    bad_setting: Tpl::new("“{0}”: {1} is not an e-mail address."),
    mailbox_unavailable: "no such mailbox, or it is unavailable",
    auth_failed: "the server did not accept the login or password",
    refused_code: Tpl::new("the server refused (code {0})"),
    conn_refused: "connection refused: check the server's address and port",
    timed_out: "the server did not answer in time",
    tls_failed: Tpl::new("the secure connection (TLS) failed: check “{0}” and the port"),
    no_answer: "the server did not answer",
    letter_sent: Tpl::new("Letter No. {0} sent to {1}."),
    letter_refused: Tpl::new("Letter No. {0} written, not sent: {1}"),
    letter_no_address: Tpl::new("{0} has no e-mail in the directory; no letter written."),
    letter_outbox: Tpl::new("Letter No. {0} is in the outbox folder: {1}"),
    letter_not_sent: Tpl::new("Letter No. {0} written, not sent: {1}"),
    confirm_marked: Tpl::new("Send the {0} marked extracts of protocol {1} by e-mail?"),
    confirm_all: Tpl::new("Send all {0} undelivered extracts of protocol {1} by e-mail?"),
    err_mark_unsigned: "Extracts are marked once the protocol is signed.",
    err_sending: "Extracts are still being sent: wait for the end.",
    letter_sending: Tpl::new("Letter No. {0} written, being sent to {1}…"),
    err_letter_sending: "The last letter is still being sent: wait for the end.",
    confirm_quit_sending: Tpl::new(
        "{0} messages are still going. Quit and stop after the current one?",
    ),
    msg_stopping: "Waiting for the current message to go, then quitting…",
};

/// The screens' e-mail words of the language whose table `s` is.
pub fn ui_of(s: &super::Strings) -> &'static MailUi {
    let lang = Lang::ALL
        .into_iter()
        .find(|l| std::ptr::eq(l.strings(), s))
        .unwrap_or(Lang::En);
    ui(lang)
}

/// The screens' e-mail words in `lang`.
pub fn ui(lang: Lang) -> &'static MailUi {
    match lang {
        Lang::Ky => &UI_KY,
        Lang::Ru => &UI_RU,
        Lang::En => &UI_EN,
    }
}
