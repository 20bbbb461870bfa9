//! Shapes of what a user types into a form.

/// Why a field's value is refused; the UI turns it into a message in its language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldError {
    Required,
    BadDate,
    BadPhone,
    BadEmail,
    TermEndsBeforeStart,
    TooLong,
    BadTime,
    /// Not a whole number in the allowed range.
    BadNumber,
}

pub const MAX_FIELD_CHARS: usize = 500;

pub fn required(s: &str) -> Result<(), FieldError> {
    if s.trim().is_empty() {
        Err(FieldError::Required)
    } else {
        length(s)
    }
}

pub fn length(s: &str) -> Result<(), FieldError> {
    if s.chars().count() > MAX_FIELD_CHARS {
        Err(FieldError::TooLong)
    } else {
        Ok(())
    }
}

/// Empty, or digits with the usual separators: "+996 (3138) 5-12-34"; 5 to 15 digits
/// (a bare local number such as "5-12-34" has five).
pub fn phone(s: &str) -> Result<(), FieldError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(());
    }
    let ok_chars = s.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c));
    let plus_ok = s.rfind('+').is_none_or(|i| i == 0);
    let digits = s.chars().filter(|c| c.is_ascii_digit()).count();
    if ok_chars && plus_ok && (5..=15).contains(&digits) {
        Ok(())
    } else {
        Err(FieldError::BadPhone)
    }
}

/// Empty, or one `@` with something before it and a dotted domain after it, no spaces.
pub fn email(s: &str) -> Result<(), FieldError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(());
    }
    let Some((local, domain)) = s.split_once('@') else {
        return Err(FieldError::BadEmail);
    };
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !domain.contains('@');
    if local.is_empty() || !domain_ok || s.chars().any(char::is_whitespace) {
        Err(FieldError::BadEmail)
    } else {
        Ok(())
    }
}

/// Required dd.mm.yyyy date.
pub fn date(s: &str) -> Result<chrono::NaiveDate, FieldError> {
    if s.trim().is_empty() {
        return Err(FieldError::Required);
    }
    super::date::parse(s).ok_or(FieldError::BadDate)
}

/// Optional dd.mm.yyyy date.
pub fn optional_date(s: &str) -> Result<Option<chrono::NaiveDate>, FieldError> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        date(s).map(Some)
    }
}

/// Required hh:mm time.
pub fn time(s: &str) -> Result<chrono::NaiveTime, FieldError> {
    if s.trim().is_empty() {
        return Err(FieldError::Required);
    }
    super::session::parse_time(s).ok_or(FieldError::BadTime)
}

/// Required whole number within `min..=max`.
pub fn number(s: &str, min: i64, max: i64) -> Result<i64, FieldError> {
    if s.trim().is_empty() {
        return Err(FieldError::Required);
    }
    match s.trim().parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(FieldError::BadNumber),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        for ok in ["", "+996 (3138) 5-12-34", "0555123456", "5-12-34"] {
            assert_eq!(phone(ok), Ok(()), "{ok}");
        }
        for bad in [
            "12",
            "12-34",
            "phone",
            "+996+555123",
            "0555 12 34 56 78 90 12",
            "05551a",
        ] {
            assert_eq!(phone(bad), Err(FieldError::BadPhone), "{bad}");
        }
    }

    #[test]
    fn emails() {
        for ok in ["", "mektep5@tokmok.kg", "a.b@c.d"] {
            assert_eq!(email(ok), Ok(()), "{ok}");
        }
        for bad in [
            "a",
            "@tokmok.kg",
            "a@b",
            "a@.kg",
            "a b@c.kg",
            "a@b..kg",
            "a@b@c.kg",
        ] {
            assert_eq!(email(bad), Err(FieldError::BadEmail), "{bad}");
        }
    }

    #[test]
    fn times_and_numbers() {
        assert_eq!(time(""), Err(FieldError::Required));
        assert_eq!(time("25:00"), Err(FieldError::BadTime));
        assert!(time("09:30").is_ok());
        assert_eq!(number("", 1, 10), Err(FieldError::Required));
        assert_eq!(number("11", 1, 10), Err(FieldError::BadNumber));
        assert_eq!(number("x", 1, 10), Err(FieldError::BadNumber));
        assert_eq!(number(" 7 ", 1, 10), Ok(7));
    }

    #[test]
    fn dates_and_required() {
        assert_eq!(date(""), Err(FieldError::Required));
        assert_eq!(date("31.02.2026"), Err(FieldError::BadDate));
        assert!(date("01.02.2026").is_ok());
        assert_eq!(optional_date("  "), Ok(None));
        assert_eq!(required("  "), Err(FieldError::Required));
        assert_eq!(required(&"я".repeat(501)), Err(FieldError::TooLong));
    }
}
