//! Words shared by every screen's fields and messages: field editing keys, the reasons the
//! system gives for a failed file operation, said in the user's language.

use super::Tpl;

pub struct UiStrings {
    pub key_clear_field: &'static str,
    pub key_delete_word: &'static str,
    pub key_home_end: &'static str,
    /// The system could not find a file or folder.
    pub os_not_found: &'static str,
    pub os_denied: &'static str,
    pub os_exists: &'static str,
    pub os_no_space: &'static str,
    pub os_read_only: &'static str,
    pub os_busy: &'static str,
    /// Any other failure of the system: {0} its own words.
    pub os_other: Tpl<1>,
    /// A paper was not written over a file of that name: {0} the file.
    pub err_file_exists: Tpl<1>,
    /// "cannot read {0}: {1}" and "cannot create {0}: {1}".
    pub err_read_file: Tpl<2>,
    pub err_create_file: Tpl<2>,
    /// `shtab sessions`: the columns.
    pub cli_sessions_head: [&'static str; 7],
    /// `shtab protocol verify`: {0} the protocol, {1} the stored hash, {2} the one computed
    /// now, {3} the one the audit log recorded at signing.
    pub verify_not_signed: Tpl<1>,
    pub verify_intact: Tpl<2>,
    pub verify_no_anchor: Tpl<2>,
    pub verify_tampered: Tpl<4>,
    pub verify_changed: Tpl<3>,
    /// A tab's figures are being read (off the event loop); the screen shows the last ones.
    pub computing: &'static str,
}

pub static KY: UiStrings = UiStrings {
    key_clear_field: "талааны тазалоо",
    key_delete_word: "сөздү өчүрүү",
    key_home_end: "саптын башы/аягы",
    os_not_found: "мындай файл же папка жок",
    os_denied: "уруксат жок (файлдын же папканын укуктарын текшериңиз)",
    os_exists: "мындай аталыштагы файл бар",
    os_no_space: "дискте орун жок",
    os_read_only: "диск окуу үчүн гана",
    os_busy: "файлды башка программа колдонуп жатат",
    os_other: Tpl::new("иштетүү системасы баш тартты ({0})"),
    err_file_exists: Tpl::new("{0} мурунтан бар, үстүнөн жазылган жок: башка ат бериңиз"),
    err_read_file: Tpl::new("{0} окулган жок: {1}"),
    err_create_file: Tpl::new("{0} түзүлгөн жок: {1}"),
    cli_sessions_head: [
        "ОТУРУМ",
        "ТҮРҮ",
        "КҮНҮ",
        "УБАКТЫСЫ",
        "ОРДУ",
        "АБАЛЫ",
        "МАСЕЛЕ",
    ],
    verify_not_signed: Tpl::new("{0} протоколуна кол коюлган эмес"),
    verify_intact: Tpl::new(
        "{0} протоколу бүтүн (sha256 {1}: тексти, жазуусу жана журналдагы кол коюу жазуусу дал келет)",
    ),
    verify_no_anchor: Tpl::new(
        "{0} протоколунун кол коюлганы журналда жок; анын хэши {1} тастыкталбайт",
    ),
    verify_tampered: Tpl::new(
        "{0} протоколу Shtabдан тышкары өзгөртүлгөн: жазуусунда sha256 {1}, журнал кол коюлганда {3} деп жазган, тексти азыр {2} берет",
    ),
    verify_changed: Tpl::new(
        "{0} протоколу кол коюлгандан кийин өзгөргөн: кол коюлганы sha256 {1}, тексти азыр {2} берет",
    ),
    computing: "эсептелүүдө…",
};

pub static RU: UiStrings = UiStrings {
    key_clear_field: "очистить поле",
    key_delete_word: "удалить слово",
    key_home_end: "в начало/конец строки",
    os_not_found: "нет такого файла или папки",
    os_denied: "нет доступа (проверьте права на файл или папку)",
    os_exists: "файл с таким именем уже есть",
    os_no_space: "на диске нет места",
    os_read_only: "диск только для чтения",
    os_busy: "файл занят другой программой",
    os_other: Tpl::new("система отказала ({0})"),
    err_file_exists: Tpl::new("{0} уже есть и не перезаписан: дайте другое имя"),
    err_read_file: Tpl::new("Не удалось прочитать {0}: {1}"),
    err_create_file: Tpl::new("Не удалось создать {0}: {1}"),
    cli_sessions_head: [
        "ЗАСЕДАНИЕ",
        "ВИД",
        "ДАТА",
        "ВРЕМЯ",
        "МЕСТО",
        "СТАТУС",
        "ВОПРОСЫ",
    ],
    verify_not_signed: Tpl::new("протокол {0} не подписан"),
    verify_intact: Tpl::new(
        "протокол {0} не изменён (sha256 {1}: текст, его запись и запись о подписании в журнале совпадают)",
    ),
    verify_no_anchor: Tpl::new(
        "протокол {0}: в журнале нет записи о подписании; его хэш {1} не подтвердить",
    ),
    verify_tampered: Tpl::new(
        "протокол {0} изменён в обход Shtab: в записи sha256 {1}, журнал при подписании записал {3}, текст сейчас даёт {2}",
    ),
    verify_changed: Tpl::new(
        "протокол {0} изменён после подписания: подписан sha256 {1}, текст сейчас даёт {2}",
    ),
    computing: "вычисляется…",
};

pub static EN: UiStrings = UiStrings {
    key_clear_field: "clear the field",
    key_delete_word: "delete a word",
    key_home_end: "start/end of the line",
    os_not_found: "no such file or folder",
    os_denied: "access denied (check the rights on the file or folder)",
    os_exists: "a file of that name exists",
    os_no_space: "the disk is full",
    os_read_only: "the disk is read-only",
    os_busy: "another program is using the file",
    os_other: Tpl::new("the system refused ({0})"),
    err_file_exists: Tpl::new("{0} exists already; it was not overwritten: give another name"),
    err_read_file: Tpl::new("Cannot read {0}: {1}"),
    err_create_file: Tpl::new("Cannot create {0}: {1}"),
    cli_sessions_head: [
        "SESSION", "KIND", "DATE", "TIME", "PLACE", "STATUS", "ITEMS",
    ],
    verify_not_signed: Tpl::new("protocol {0} is not signed"),
    verify_intact: Tpl::new(
        "protocol {0}: intact (sha256 {1}: the text, its row and the signing record in the audit log agree)",
    ),
    verify_no_anchor: Tpl::new(
        "protocol {0}: no signing record in the audit log; its hash {1} cannot be confirmed",
    ),
    verify_tampered: Tpl::new(
        "protocol {0} was changed behind Shtab's back: its row says sha256 {1}, the audit log recorded {3} at signing, the text now gives {2}",
    ),
    verify_changed: Tpl::new(
        "protocol {0} has changed since it was signed: sha256 {1} was signed, the text now gives {2}",
    ),
    computing: "computing…",
};
