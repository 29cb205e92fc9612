//! The till's customer form: the fields as typed, checked with `shared::customer`'s rules (each failure's
//! sentence under its field: "Phone must be a phone number with its country code, e.g. +49 30 1234567"), and
//! the save it makes: the customer as this till now holds it and the `SaveCustomer` mutation for the outbox.
//! A new customer gets this till's own id (UUIDv7) and version 1, as the server will store it; an edit is of
//! the version held and holds one more, so several offline edits apply in order on the server.

use chrono::{DateTime, Utc};
use shared::catalog::validate::FieldError;
use shared::catalog::CustomerRecord;
use shared::customer::{record_of, Consent, CustomerEdit, SaveCustomer};
use shared::document::StaffStamp;
use uuid::Uuid;

/// The form's text as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CustomerForm {
    /// The customer edited; `None` for a new one.
    pub editing: Option<CustomerRecord>,
    pub name: String,
    pub phone: String,
    pub email: String,
    pub note: String,
    pub marketing: bool,
    pub company: String,
    pub tax_id: String,
    pub address: String,
    pub tax_exempt: bool,
}

/// A failed check: the sentence for each field named.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormErrors(pub Vec<(String, String)>);

impl FormErrors {
    /// The sentence under `field`, if it failed.
    pub fn of(&self, field: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.clone())
    }
}

fn label(field: &str) -> &str {
    match field {
        "name" => "Name",
        "phone" => "Phone",
        "email" => "Email",
        "note" => "Note",
        "company" => "Company",
        "tax_id" => "Tax id",
        "address" => "Address",
        other => other,
    }
}

fn words(errors: Vec<FieldError>) -> FormErrors {
    FormErrors(
        errors
            .into_iter()
            .map(|e| {
                (
                    e.field.clone(),
                    format!("{} {}.", label(&e.field), e.problem),
                )
            })
            .collect(),
    )
}

fn optional(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// What a save writes on this till.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    pub record: CustomerRecord,
    pub save: SaveCustomer,
}

impl CustomerForm {
    /// The form filled from a held customer.
    pub fn edit(c: &CustomerRecord) -> CustomerForm {
        CustomerForm {
            editing: Some(c.clone()),
            name: c.name.clone(),
            phone: c.phone.clone().unwrap_or_default(),
            email: c.email.clone().unwrap_or_default(),
            note: c.note.clone(),
            marketing: c.consent.as_ref().is_some_and(|k| k.given),
            company: c.company.clone().unwrap_or_default(),
            tax_id: c.tax_id.clone().unwrap_or_default(),
            address: c.address.clone().unwrap_or_default(),
            tax_exempt: c.tax_exempt,
        }
    }

    fn to_edit(&self, now: DateTime<Utc>) -> CustomerEdit {
        let held = self.editing.as_ref();
        let was = held
            .and_then(|c| c.consent.as_ref())
            .is_some_and(|k| k.given);
        // Consent is recorded when it is given or withdrawn here; otherwise the stored one stays.
        let consent = (self.marketing != was).then(|| Consent {
            given: self.marketing,
            at: now,
            source: "till".into(),
        });
        CustomerEdit {
            name: self.name.clone(),
            phone: optional(&self.phone),
            email: optional(&self.email),
            note: self.note.trim().to_string(),
            consent: consent.or_else(|| held.and_then(|c| c.consent.clone())),
            company: optional(&self.company),
            tax_id: optional(&self.tax_id),
            address: optional(&self.address),
            tax_exempt: self.tax_exempt,
            group: held.and_then(|c| c.group.clone()),
            tags: held.map(|c| c.tags.clone()).unwrap_or_default(),
            loyalty_card: held.and_then(|c| c.loyalty_card.clone()),
        }
    }

    /// Check the form and make the save: `new_id` names a new customer (this till's UUIDv7).
    pub fn save(
        &self,
        new_id: Uuid,
        device_id: Uuid,
        now: DateTime<Utc>,
        cashier: Option<StaffStamp>,
    ) -> Result<Saved, FormErrors> {
        let edit = self.to_edit(now);
        let checked = edit.check(None).map_err(words)?;
        let (id, base_version) = match &self.editing {
            Some(c) => (c.id.clone(), c.version),
            None => (new_id.to_string(), 0),
        };
        let mut record = record_of(&id, &checked, base_version + 1);
        if let Some(held) = &self.editing {
            // Balances and pricing fields are the server's; they stay as pulled.
            record.store_credit = held.store_credit;
            record.loyalty_points = held.loyalty_points;
            record.exemption = held.exemption.clone();
        }
        let save = SaveCustomer {
            id,
            base_version,
            device_id,
            saved_at: now,
            customer: checked.edit,
            cashier,
        };
        Ok(Saved { record, save })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).expect("time")
    }

    #[test]
    fn bad_phone_and_email_are_said_under_their_fields() {
        let form = CustomerForm {
            name: "Erika".into(),
            phone: "030 1234567".into(),
            email: "erika@".into(),
            ..CustomerForm::default()
        };
        let errors = form
            .save(Uuid::from_u128(1), Uuid::from_u128(2), now(), None)
            .expect_err("refused");
        assert_eq!(
            errors.of("phone").as_deref(),
            Some("Phone must be a phone number with its country code, e.g. +49 30 1234567.")
        );
        assert_eq!(
            errors.of("email").as_deref(),
            Some("Email must be an email address like name@example.com.")
        );
        assert_eq!(errors.of("name"), None);
    }

    #[test]
    fn a_new_customer_is_version_1_and_an_edit_goes_one_on() {
        let form = CustomerForm {
            name: " Erika Muster ".into(),
            phone: "+49 30 1234567".into(),
            marketing: true,
            ..CustomerForm::default()
        };
        let made = form
            .save(Uuid::from_u128(1), Uuid::from_u128(2), now(), None)
            .expect("saved");
        assert_eq!(made.save.base_version, 0);
        assert_eq!(made.record.version, 1);
        assert_eq!(made.record.id, Uuid::from_u128(1).to_string());
        assert_eq!(made.record.phone.as_deref(), Some("+49301234567"));
        assert_eq!(
            made.save.customer.consent.as_ref().map(|c| c.given),
            Some(true)
        );

        let mut again = CustomerForm::edit(&made.record);
        again.note = "likes rye".into();
        let edited = again
            .save(Uuid::from_u128(9), Uuid::from_u128(2), now(), None)
            .expect("saved");
        assert_eq!(edited.save.id, made.record.id);
        assert_eq!((edited.save.base_version, edited.record.version), (1, 2));
        // Consent unchanged: the stored one travels as it was.
        assert_eq!(edited.save.customer.consent, made.save.customer.consent);
    }
}
