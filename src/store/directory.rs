//! Organizations and HQ members.

use rusqlite::{Row, Transaction, params};

use super::row::{Record, by_id, code, delete_checked, save, set_active};
use super::{Result, Store};
use crate::domain::{Member, OrgKind, Organization, Role, text};

#[derive(Debug, Clone, Default)]
pub struct OrgFilter {
    pub kind: Option<OrgKind>,
    /// Words that must all appear (folded) in the name, head or address.
    pub text: String,
    pub include_inactive: bool,
    /// Order by the Russian name (where there is one) instead of the Kyrgyz.
    pub russian: bool,
}

#[derive(Debug, Clone, Default)]
pub struct MemberFilter {
    pub text: String,
    pub include_inactive: bool,
}

impl Record for Organization {
    const TABLE: &'static str = "organization";
    const COLUMNS: &'static str =
        "id, name_ky, name_ru, kind, head_name, head_title, phone, email, address, active, version";

    fn from_row(r: &Row) -> rusqlite::Result<Organization> {
        Ok(Organization {
            id: r.get(0)?,
            name_ky: r.get(1)?,
            name_ru: r.get(2)?,
            kind: code(r, 3, "organization kind", OrgKind::from_code)?,
            head_name: r.get(4)?,
            head_title: r.get(5)?,
            phone: r.get(6)?,
            email: r.get(7)?,
            address: r.get(8)?,
            active: r.get(9)?,
            version: r.get(10)?,
        })
    }
}

impl Record for Member {
    const TABLE: &'static str = "member";
    const COLUMNS: &'static str = "id, full_name, position, role, organization_id, phone, email, \
                                   term_from, term_to, active, version";

    fn from_row(r: &Row) -> rusqlite::Result<Member> {
        Ok(Member {
            id: r.get(0)?,
            full_name: r.get(1)?,
            position: r.get(2)?,
            role: code(r, 3, "role", Role::from_code)?,
            organization_id: r.get(4)?,
            phone: r.get(5)?,
            email: r.get(6)?,
            term_from: r.get(7)?,
            term_to: r.get(8)?,
            active: r.get(9)?,
            version: r.get(10)?,
        })
    }
}

/// `LIKE` pattern for one folded word; `\` escapes the wildcards a user may type.
fn like_word(word: &str) -> String {
    let escaped = word
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

impl Store {
    /// Organizations in Kyrgyz alphabet order.
    pub fn organizations(&self, f: &OrgFilter) -> Result<Vec<Organization>> {
        let mut sql = format!("{} WHERE 1=1", Organization::select());
        let mut args: Vec<String> = Vec::new();
        if !f.include_inactive {
            sql.push_str(" AND active = 1");
        }
        if let Some(k) = f.kind {
            args.push(k.code().to_string());
            sql.push_str(&format!(" AND kind = ?{}", args.len()));
        }
        for w in text::fold(&f.text).split_whitespace() {
            args.push(like_word(w));
            sql.push_str(&format!(" AND search LIKE ?{} ESCAPE '\\'", args.len()));
        }
        sql.push_str(if f.russian {
            " ORDER BY CASE WHEN trim(name_ru) <> '' THEN name_ru ELSE name_ky END COLLATE ky, id"
        } else {
            " ORDER BY name_ky COLLATE ky, id"
        });
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(
            rusqlite::params_from_iter(args.iter()),
            Organization::from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn organization(&self, id: i64) -> Result<Organization> {
        by_id(&self.conn, id)
    }

    /// Insert (id 0) or update (optimistic: the stored version must match). Returns the id.
    pub fn save_organization(&mut self, o: &Organization) -> Result<i64> {
        self.write(|tx| save_organization(tx, o))
    }

    pub fn set_organization_active(&mut self, id: i64, version: i64, active: bool) -> Result<()> {
        self.write(|tx| set_active::<Organization>(tx, id, version, active))
    }

    /// Delete an organization nothing refers to.
    pub fn delete_organization(&mut self, id: i64, version: i64) -> Result<()> {
        self.write(|tx| delete_checked::<Organization>(tx, id, version))
    }

    pub fn members(&self, f: &MemberFilter) -> Result<Vec<Member>> {
        let mut sql = format!("{} WHERE 1=1", Member::select());
        let mut args: Vec<String> = Vec::new();
        if !f.include_inactive {
            sql.push_str(" AND active = 1");
        }
        for w in text::fold(&f.text).split_whitespace() {
            args.push(like_word(w));
            sql.push_str(&format!(" AND search LIKE ?{} ESCAPE '\\'", args.len()));
        }
        sql.push_str(" ORDER BY full_name COLLATE ky, id");
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(args.iter()), Member::from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn member(&self, id: i64) -> Result<Member> {
        by_id(&self.conn, id)
    }

    pub fn save_member(&mut self, m: &Member) -> Result<i64> {
        self.write(|tx| save_member(tx, m))
    }

    /// Save a member and the fields only papers use (the position in Russian, a gender
    /// override `m`/`f` or empty) in one transaction. Returns the id.
    pub fn save_member_for_papers(
        &mut self,
        m: &Member,
        position_ru: &str,
        gender: &str,
    ) -> Result<i64> {
        self.write(|tx| {
            let id = save_member(tx, m)?;
            tx.execute(
                "UPDATE member SET position_ru = ?2, gender = ?3 WHERE id = ?1",
                rusqlite::params![id, position_ru.trim(), gender],
            )?;
            Ok(id)
        })
    }

    /// Save an organization and its head's fields for papers (title in Russian, gender
    /// override) in one transaction. Returns the id.
    pub fn save_organization_for_papers(
        &mut self,
        o: &Organization,
        head_title_ru: &str,
        head_gender: &str,
    ) -> Result<i64> {
        self.write(|tx| {
            let id = save_organization(tx, o)?;
            tx.execute(
                "UPDATE organization SET head_title_ru = ?2, head_gender = ?3 WHERE id = ?1",
                rusqlite::params![id, head_title_ru.trim(), head_gender],
            )?;
            Ok(id)
        })
    }

    pub fn set_member_active(&mut self, id: i64, version: i64, active: bool) -> Result<()> {
        self.write(|tx| set_active::<Member>(tx, id, version, active))
    }

    pub fn delete_member(&mut self, id: i64, version: i64) -> Result<()> {
        self.write(|tx| delete_checked::<Member>(tx, id, version))
    }

    /// Members serving on `day`, for the composition rule.
    pub fn all_members(&self) -> Result<Vec<Member>> {
        self.members(&MemberFilter {
            include_inactive: true,
            ..Default::default()
        })
    }
}

pub(crate) fn save_organization(tx: &Transaction, o: &Organization) -> Result<i64> {
    save::<Organization>(
        tx,
        o.id,
        o.version,
        &[
            "name_ky",
            "name_ru",
            "kind",
            "head_name",
            "head_title",
            "phone",
            "email",
            "address",
            "active",
            "search",
        ],
        params![
            o.name_ky.trim(),
            o.name_ru.trim(),
            o.kind.code(),
            o.head_name.trim(),
            o.head_title.trim(),
            o.phone.trim(),
            o.email.trim(),
            o.address.trim(),
            o.active,
            o.search_text()
        ],
    )
}

pub(crate) fn save_member(tx: &Transaction, m: &Member) -> Result<i64> {
    save::<Member>(
        tx,
        m.id,
        m.version,
        &[
            "full_name",
            "position",
            "role",
            "organization_id",
            "phone",
            "email",
            "term_from",
            "term_to",
            "active",
            "search",
        ],
        params![
            m.full_name.trim(),
            m.position.trim(),
            m.role.code(),
            m.organization_id,
            m.phone.trim(),
            m.email.trim(),
            m.term_from,
            m.term_to,
            m.active,
            m.search_text()
        ],
    )
}
