//! The protocol's parts as records: a section, a speech, a decision point, an invited
//! person, a delivered extract.

use rusqlite::Row;

use crate::domain::protocol::{Decision, Delivery, DeliveryWay, Item, Speech, Votes};
use crate::domain::session::InvitedPerson;
use crate::store::row::{Record, code};

impl Record for Item {
    const TABLE: &'static str = "protocol_item";
    const COLUMNS: &'static str =
        "id, agenda_item_id, position, title, heard_speaker, heard_summary, version";

    /// Its speeches and decision points are read after it.
    fn from_row(r: &Row) -> rusqlite::Result<Item> {
        Ok(Item {
            id: r.get(0)?,
            agenda_item_id: r.get(1)?,
            position: r.get(2)?,
            title: r.get(3)?,
            heard_speaker: r.get(4)?,
            heard_summary: r.get(5)?,
            speeches: Vec::new(),
            decisions: Vec::new(),
            version: r.get(6)?,
        })
    }
}

impl Record for Speech {
    const TABLE: &'static str = "protocol_speech";
    const COLUMNS: &'static str = "id, protocol_item_id, position, speaker, summary, version";

    fn from_row(r: &Row) -> rusqlite::Result<Speech> {
        Ok(Speech {
            id: r.get(0)?,
            item_id: r.get(1)?,
            position: r.get(2)?,
            speaker: r.get(3)?,
            summary: r.get(4)?,
            version: r.get(5)?,
        })
    }
}

impl Record for Decision {
    const TABLE: &'static str = "decision";
    const COLUMNS: &'static str =
        "id, protocol_item_id, number, text, votes_for, votes_against, votes_abstained, version";

    /// Votes only when all three counts are there; its tasks are read after it.
    fn from_row(r: &Row) -> rusqlite::Result<Decision> {
        let votes = match (r.get(4)?, r.get(5)?, r.get(6)?) {
            (Some(yes), Some(no), Some(abstained)) => Some(Votes { yes, no, abstained }),
            _ => None,
        };
        Ok(Decision {
            id: r.get(0)?,
            item_id: r.get(1)?,
            number: r.get(2)?,
            text: r.get(3)?,
            votes,
            tasks: Vec::new(),
            version: r.get(7)?,
        })
    }
}

impl Record for InvitedPerson {
    const TABLE: &'static str = "invited_person";
    const COLUMNS: &'static str = "id, session_id, full_name, position, organization_id, version";

    fn from_row(r: &Row) -> rusqlite::Result<InvitedPerson> {
        Ok(InvitedPerson {
            id: r.get(0)?,
            session_id: r.get(1)?,
            full_name: r.get(2)?,
            position: r.get(3)?,
            organization_id: r.get(4)?,
            version: r.get(5)?,
        })
    }
}

impl Record for Delivery {
    const TABLE: &'static str = "extract_delivery";
    const COLUMNS: &'static str = "id, protocol_id, organization_id, delivered_on, way, \
                                   received_by, doc_number, version";

    fn from_row(r: &Row) -> rusqlite::Result<Delivery> {
        Ok(Delivery {
            id: r.get(0)?,
            protocol_id: r.get(1)?,
            organization_id: r.get(2)?,
            delivered_on: r.get(3)?,
            way: code(r, 4, "delivery way", DeliveryWay::from_code)?,
            received_by: r.get(5)?,
            doc_number: r.get(6)?,
            version: r.get(7)?,
        })
    }
}
