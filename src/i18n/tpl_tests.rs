//! Every `Tpl` of every string table, in every language: the compiler has counted the
//! placeholders, so what is left to check is that a filled text reads whole — no brace
//! and no plural's `|` left behind, with 1 and with 5 — and that no `Tpl` field of a
//! table is missing from the list below (a new one fails the test until it is listed).

use super::{Lang, mail, papers, rules, trend};

/// One table in one language: its name, its struct's source, and each listed field
/// filled with 1 and with 5.
struct Filled {
    table: &'static str,
    source: &'static str,
    texts: Vec<(&'static str, [String; 2])>,
}

macro_rules! table {
    ($name:literal, $source:expr, $t:expr; $($f:ident),+ $(,)?) => {
        Filled {
            table: $name,
            source: $source,
            texts: vec![$((stringify!($f), [$t.$f.filled_with(1), $t.$f.filled_with(5)])),+],
        }
    };
}

fn tables(l: Lang) -> Vec<Filled> {
    vec![
        table!(
            "Strings", include_str!("common.rs"), l.strings();
            too_small,
            shown_of,
            err_second_chair,
            err_db,
            msg_lang,
            confirm_delete,
            doc_task_line,
            doc_task_origin,
            doc_outgoing,
            err_needs_role,
            read_only_banner,
            backup_failed_notice,
        ),
        table!(
            "AgendaStrings", include_str!("agenda.rs"), l.strings().agenda;
            ag_agenda_of,
            ag_carry,
            ag_minutes_of,
            ag_suggestion,
            ag_links,
            hearing_title,
            confirm_past_date,
            confirm_approved_change,
            confirm_delete_session,
            confirm_approve,
            plan_preview,
            msg_planned,
            doc_session_line,
            doc_when,
            doc_place,
            doc_reason,
            doc_speaker,
            doc_minutes,
            msg_written,
            err_write,
        ),
        table!(
            "ComplianceStrings", include_str!("compliance.rs"), l.strings().compliance;
            err_skip_needs_reason,
            msg_step_recorded,
            msg_step_recorded_no_letter,
            msg_heard_next,
            msg_already_on_agenda,
            by_deadline,
            skipped,
        ),
        table!(
            "MailStrings", include_str!("mail.rs"), mail::strings(l);
            extract_subject,
            extract_body,
            letter_subject,
            letter_body,
            signature,
        ),
        table!(
            "MailUi", include_str!("mail.rs"), mail::ui(l);
            not_set,
            bad_setting,
            refused_code,
            tls_failed,
            letter_sent,
            letter_refused,
            letter_no_address,
            letter_outbox,
            letter_not_sent,
            confirm_marked,
            confirm_all,
            letter_sending,
            confirm_quit_sending,
        ),
        table!(
            "PaperStrings", include_str!("papers.rs"), papers::strings(l);
            city_place,
            overdue_task_line,
            executed_by,
            untranslated,
            as_of,
            as_of_line,
        ),
        table!(
            "PlanStrings", include_str!("plan.rs"), l.strings().plan;
            risk_reason,
            section_line,
            err_number_taken,
            err_no_such_task,
            err_read,
            err_import_rows,
            msg_saved,
            msg_imported,
            confirm_delete,
            confirm_unlink,
            p_line,
            p_duplicate_column,
            p_bad_number,
            p_duplicate_number,
            p_bad_date,
            p_bad_progress,
            p_too_long,
            p_unknown_org,
            p_ambiguous_org,
            month_label,
            issued_as,
            as_of,
            replaced_by,
            confirm_issue,
            confirm_correct,
            confirm_early,
            msg_issued,
            err_bad_payload,
            doc_subtitle,
            doc_number_line,
            doc_replaces,
            untitled_ru_draft,
            untitled_ky_draft,
            untitled_ru_issued,
            untitled_ky_issued,
        ),
        table!(
            "ProtocolStrings", include_str!("protocol.rs"), l.strings().protocol;
            signed_no,
            amends,
            number,
            session_line,
            signed_on,
            quorum_line,
            counts,
            page_attendance,
            page_extracts,
            item_of,
            points,
            delivered,
            undelivered,
            page_extracts_out,
            confirm_sign,
            confirm_amend,
            msg_signed,
            msg_deadline_moved,
            msg_deadline_proposed,
            msg_extracts,
            err_no_quorum,
            err_empty_decision,
            confirm_send_email,
            msg_mail_summary,
            msg_mail_failed,
            err_mail_not_set,
            err_mail_down,
            err_mail,
        ),
        table!(
            "RuleStrings", include_str!("rules.rs"), rules::strings(l);
            read_only_role,
            msg_lang_for_login,
            err_agenda_approved,
            confirm_approved_hearing,
            err_votes_above_present,
            warn_absent_speaker,
            err_already_linked,
            plan_moved_from_holiday,
            confirm_move_link,
            import_ignored,
            import_report_title,
            failed_nothing_changed,
        ),
        table!(
            "SettingsStrings", include_str!("settings.rs"), l.strings().settings;
            msg_saved,
        ),
        table!(
            "TaskStrings", include_str!("tasks.rs"), l.strings().tasks;
            completions,
            origin_protocol,
            origin_measure,
            start_counts,
            not_member,
            detail_title,
            d_extensions,
            d_days_left,
            d_days_over,
            h_report_interim,
            h_report_final,
            h_doc,
            h_ext_requested,
            h_ext_granted,
            h_escalation,
            h_reassigned,
            h_closed,
            h_cancelled,
            err_ext_cap,
            q_unknown_key,
            q_empty_value,
            q_bad_status,
            q_bad_kind,
            q_bad_date,
            confirm_close,
            msg_closed,
            msg_ext_request,
            msg_ext_granted,
            msg_view_saved,
            msg_view_deleted,
        ),
        table!(
            "TrendStrings", include_str!("trend.rs"), trend::strings(l);
            city_rate,
            city_overdue,
            title,
            bad_kind,
            bad_months,
        ),
        table!(
            "TrendUiStrings", include_str!("trend_ui.rs"), l.strings().trend;
            chart_title,
            rate_of,
            spark_head,
            direction_line,
        ),
        table!(
            "UiStrings", include_str!("ui.rs"), l.strings().ui;
            os_other,
            err_file_exists,
            err_read_file,
            err_create_file,
            verify_not_signed,
            verify_intact,
            verify_no_anchor,
            verify_tampered,
            verify_changed,
        ),
    ]
}

/// The fields declared `Tpl<N>` in `table`'s struct, read from its source.
fn tpl_fields(source: &str, table: &str) -> Vec<String> {
    let head = format!("pub struct {table} {{");
    let Some(at) = source.find(&head) else {
        return Vec::new();
    };
    let body = &source[at + head.len()..];
    let body = &body[..body.find("\n}").unwrap_or(body.len())];
    body.lines()
        .filter_map(|line| {
            let (name, ty) = line.trim().strip_prefix("pub ")?.split_once(':')?;
            ty.trim()
                .starts_with("Tpl<")
                .then(|| name.trim().to_string())
        })
        .collect()
}

#[test]
fn every_template_fills_whole_in_every_language() {
    let mut count = 0;
    for l in Lang::ALL {
        for t in tables(l) {
            for (field, texts) in &t.texts {
                for text in texts {
                    assert!(
                        !text.contains(['{', '}', '|']) && !text.trim().is_empty(),
                        "{} {}.{field}: {text}",
                        l.code(),
                        t.table
                    );
                    count += 1;
                }
            }
        }
    }
    assert!(count > 3 * 2 * 150, "only {count} texts filled");
}

#[test]
fn every_tpl_field_is_listed() {
    for t in tables(Lang::En) {
        let declared = tpl_fields(t.source, t.table);
        let listed: Vec<&str> = t.texts.iter().map(|(f, _)| *f).collect();
        assert!(
            !declared.is_empty(),
            "{}: no Tpl field found in its source",
            t.table
        );
        for f in &declared {
            assert!(
                listed.contains(&f.as_str()),
                "{}.{f} is not listed in tables()",
                t.table
            );
        }
        assert_eq!(
            declared.len(),
            listed.len(),
            "{}: a field listed twice or not a Tpl",
            t.table
        );
    }
}
