//! Customers as people: the fields a till or the back office edits (`CustomerEdit`), the rules they pass
//! (`CustomerEdit::check`: names, the named rule **phone normalisation** and **email normalisation**, each
//! failure a `FieldError` naming the field), the push mutation that saves one (`SaveCustomer`, made offline
//! too: the id is the till's, the `base_version` the one it edited), the search key, and the back office's
//! requests (merge, erase).
//!
//! Phone normalisation: spaces, `-`, `.`, `/` and brackets are dropped; a leading `+` or `00` starts the
//! international number, a leading single `0` is a national number of the given country calling code
//! (`CountryCode`; without one, a national number is refused asking for the country code); the result is `+`
//! and 7 to 15 digits (E.164), which is also what is stored, so a till and the server agree on it without
//! knowing each other's country. Written by hand: the `phonenumber` crate carries every country's metadata,
//! too heavy for the till's wasm.
//! Email normalisation: trimmed, checked with the `email_address` crate (RFC 5322), lower-cased as a whole
//! for the duplicate key (mailbox providers treat the local part without regard to case in practice).

use crate::catalog::validate::{FieldError, Problem};
use crate::catalog::CustomerRecord;
use crate::tax::TaxExemption;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use uuid::Uuid;

/// Longest name, company or address.
pub const MAX_NAME: usize = 200;
/// Longest note.
pub const MAX_NOTE: usize = 2000;
/// Most tags on one customer, and the longest tag.
pub const MAX_TAGS: usize = 20;
pub const MAX_TAG: usize = 40;
/// Digits of an E.164 number, country code included.
pub const PHONE_DIGITS: std::ops::RangeInclusive<usize> = 7..=15;

/// A country calling code without `+` (e.g. `49`): how a national number (`030 1234567`) is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CountryCode(pub u16);

/// The phone as its duplicate key, `+` and digits (see the module doc), or why it is not a phone number.
pub fn normalise_phone(raw: &str, country: Option<CountryCode>) -> Result<String, Problem> {
    let raw = raw.trim();
    let (international, rest) = if let Some(rest) = raw.strip_prefix('+') {
        (true, rest)
    } else {
        (false, raw)
    };
    let mut digits = String::with_capacity(rest.len());
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '/' | '(' | ')' => {}
            _ => {
                return Err(Problem::Expected(
                    "a phone number of digits, spaces, + ( ) - . / only, e.g. +49 30 1234567",
                ))
            }
        }
    }
    let full = if international {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_string()
    } else if let (Some(rest), Some(country)) = (digits.strip_prefix('0'), country) {
        format!("{}{rest}", country.0)
    } else if country.is_none() {
        return Err(Problem::Expected(
            "a phone number with its country code, e.g. +49 30 1234567",
        ));
    } else {
        return Err(Problem::Expected(
            "a phone number starting with +, 00 or 0, e.g. +49 30 1234567 or 030 1234567",
        ));
    };
    if !PHONE_DIGITS.contains(&full.len()) {
        return Err(Problem::Expected(
            "a phone number of 7 to 15 digits with its country code, e.g. +49 30 1234567",
        ));
    }
    Ok(format!("+{full}"))
}

/// The email trimmed, and its duplicate key (lower case), or why it is not an email address.
pub fn normalise_email(raw: &str) -> Result<(String, String), Problem> {
    let email = raw.trim();
    let valid = email_address::EmailAddress::from_str(email)
        .map(|e| e.domain().contains('.') && e.display_part().is_empty())
        .unwrap_or(false);
    if !valid {
        return Err(Problem::Expected("an email address like name@example.com"));
    }
    Ok((email.to_string(), email.to_lowercase()))
}

pub use crate::catalog::Consent;

/// What a till or the back office sets on a customer. Balances (store credit, points) are not edited here.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerEdit {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The consent as last given or withdrawn; `None` leaves it as stored (never asked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<Consent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Asked for by a business customer; the store policy decides whether pricing honours it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tax_exempt: bool,
    /// The price-list and promotion group (e.g. `staff`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// A loyalty card's number, as scanned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loyalty_card: Option<String>,
}

/// An edit that passed its rules, with its duplicate keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    pub edit: CustomerEdit,
    pub phone_key: Option<String>,
    pub email_key: Option<String>,
}

fn blank_to_none(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn text(found: &mut Vec<FieldError>, field: &str, value: &str, max: usize, required: bool) {
    if value.trim().is_empty() {
        if required {
            found.push(FieldError::new(field, Problem::Empty));
        }
    } else if value.chars().count() > max {
        found.push(FieldError::new(field, Problem::TooLong(max)));
    } else if value.chars().any(|c| c.is_control() && c != '\n') {
        found.push(FieldError::new(field, Problem::ControlCharacter));
    }
}

impl CustomerEdit {
    /// Check every field (all failures, each naming its field) and normalise: blanks become `None`, the
    /// phone becomes its E.164 form, the email is trimmed, tags trimmed and without repeats.
    pub fn check(&self, country: Option<CountryCode>) -> Result<Checked, Vec<FieldError>> {
        let mut found = Vec::new();
        let mut edit = self.clone();
        edit.name = self.name.trim().to_string();
        text(&mut found, "name", &edit.name, MAX_NAME, true);
        text(&mut found, "note", &edit.note, MAX_NOTE, false);
        edit.phone = blank_to_none(&self.phone);
        edit.email = blank_to_none(&self.email);
        edit.company = blank_to_none(&self.company);
        edit.tax_id = blank_to_none(&self.tax_id);
        edit.address = blank_to_none(&self.address);
        edit.group = blank_to_none(&self.group);
        edit.loyalty_card = blank_to_none(&self.loyalty_card);
        for (field, value) in [
            ("company", &edit.company),
            ("tax_id", &edit.tax_id),
            ("address", &edit.address),
            ("group", &edit.group),
            ("loyalty_card", &edit.loyalty_card),
        ] {
            if let Some(v) = value {
                text(&mut found, field, v, MAX_NAME, true);
            }
        }
        let phone_key = match &edit.phone {
            Some(p) => match normalise_phone(p, country) {
                Ok(key) => {
                    edit.phone = Some(key.clone());
                    Some(key)
                }
                Err(problem) => {
                    found.push(FieldError::new("phone", problem));
                    None
                }
            },
            None => None,
        };
        let email_key = match &edit.email {
            Some(e) => match normalise_email(e) {
                Ok((email, key)) => {
                    edit.email = Some(email);
                    Some(key)
                }
                Err(problem) => {
                    found.push(FieldError::new("email", problem));
                    None
                }
            },
            None => None,
        };
        if edit.tax_exempt && edit.tax_id.is_none() {
            found.push(FieldError::new(
                "tax_id",
                Problem::Expected("given for a tax-exempt customer"),
            ));
        }
        if let Some(c) = &edit.consent {
            text(&mut found, "consent.source", &c.source, MAX_TAG, true);
        }
        let mut tags: Vec<String> = Vec::new();
        for (i, tag) in self.tags.iter().enumerate() {
            let tag = tag.trim().to_string();
            text(&mut found, &format!("tags[{i}]"), &tag, MAX_TAG, true);
            if !tag.is_empty() && !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        if tags.len() > MAX_TAGS {
            found.push(FieldError::new(
                "tags",
                Problem::AboveLimit(MAX_TAGS as u64),
            ));
        }
        edit.tags = tags;
        if found.is_empty() {
            Ok(Checked {
                edit,
                phone_key,
                email_key,
            })
        } else {
            Err(found)
        }
    }
}

/// What the search compares: lower-case name, company, email, the phone's digits and the card.
pub fn search_text(edit: &CustomerEdit, phone_key: Option<&str>) -> String {
    let mut parts = vec![edit.name.to_lowercase()];
    parts.extend(edit.company.as_deref().map(str::to_lowercase));
    parts.extend(edit.email.as_deref().map(str::to_lowercase));
    parts.extend(phone_key.map(|p| p.trim_start_matches('+').to_string()));
    parts.extend(edit.loyalty_card.as_deref().map(str::to_lowercase));
    parts.join(" ")
}

/// The push mutation that saves a customer made or changed at a till (offline too). Its `id` is the till's
/// own for a new customer (UUIDv7 text); `base_version` is the version the till edited (0: a new customer).
/// Applied once (the mutation's id); an edit of a version that moved on, or of a customer erased or merged
/// since, is kept as a flag and changes nothing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaveCustomer {
    pub id: String,
    pub base_version: u64,
    pub device_id: Uuid,
    pub saved_at: DateTime<Utc>,
    pub customer: CustomerEdit,
    /// Who saved it at the till.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cashier: Option<crate::document::StaffStamp>,
}

/// The back office's merge: `from` (the duplicates) into `into`, each duplicate's sales counting for `into`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MergeRequest {
    pub into: String,
    pub from: Vec<String>,
}

/// Customers sharing a normalised phone or email: merge candidates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DuplicateGroup {
    /// `phone` or `email`.
    pub by: String,
    pub key: String,
    pub customers: Vec<CustomerRecord>,
}

/// A customer's purchases as the server counts them (the till's panel, the back office's profile): over
/// their own sales and those of every customer merged into them, across stores.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerSummary {
    pub customer_id: String,
    /// Sales minus refunds, in the store's currency.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub lifetime_spend: rust_decimal::Decimal,
    /// Sales made to them.
    pub visits: u64,
    /// The newest sales first (at most 5).
    pub last_purchases: Vec<Purchase>,
    /// The items bought most often, by number of sales holding them (at most 5).
    pub favourite_items: Vec<FavouriteItem>,
    /// When the server counted this (a till offline shows it "as of").
    pub as_of: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Purchase {
    pub sale_id: Uuid,
    pub receipt_no: String,
    pub created_at: DateTime<Utc>,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub total: rust_decimal::Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FavouriteItem {
    pub product_id: String,
    pub name: String,
    pub times: u64,
}

/// Everything held about a customer (`GET /api/v1/customers/{id}/export`): the record, the customers merged
/// into them, and every sale and refund naming any of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerExport {
    pub customer: CustomerRecord,
    pub merged: Vec<CustomerRecord>,
    pub sales: Vec<crate::document::SaleDocument>,
    pub refunds: Vec<crate::document::Refund>,
    pub exported_at: DateTime<Utc>,
}

/// A customer made of an edit, as the till holds it before the server knows it.
pub fn record_of(id: &str, checked: &Checked, version: u64) -> CustomerRecord {
    let e = &checked.edit;
    CustomerRecord {
        id: id.to_string(),
        name: e.name.clone(),
        group: e.group.clone(),
        exemption: TaxExemption::None,
        phone: e.phone.clone(),
        email: e.email.clone(),
        note: e.note.clone(),
        consent: e.consent.clone(),
        company: e.company.clone(),
        tax_id: e.tax_id.clone(),
        address: e.address.clone(),
        tax_exempt: e.tax_exempt,
        tags: e.tags.clone(),
        loyalty_card: e.loyalty_card.clone(),
        version,
        ..CustomerRecord::default()
    }
}

impl CustomerRecord {
    /// The edit that keeps this customer as it is (what a form starts from).
    pub fn edit(&self) -> CustomerEdit {
        CustomerEdit {
            name: self.name.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            note: self.note.clone(),
            consent: self.consent.clone(),
            company: self.company.clone(),
            tax_id: self.tax_id.clone(),
            address: self.address.clone(),
            tax_exempt: self.tax_exempt,
            group: self.group.clone(),
            tags: self.tags.clone(),
            loyalty_card: self.loyalty_card.clone(),
        }
    }

    /// Drop every personal field (an erasure): the id, balances and the word "Anonymised" remain.
    pub fn anonymised(&self) -> CustomerRecord {
        CustomerRecord {
            id: self.id.clone(),
            name: ERASED_NAME.into(),
            store_credit: self.store_credit,
            loyalty_points: self.loyalty_points,
            erased: true,
            version: self.version,
            ..CustomerRecord::default()
        }
    }
}

/// The named rule **customer tax exemption**: the exemption pricing applies to `c`. An exemption the
/// server set on the customer (`exemption`, e.g. of one rate) applies as pulled; a business customer's
/// `tax_exempt` (asked for, with a tax id) waives every tax only where the store policy allows exempt
/// customers (`StorePolicy::tax_exempt_customers`); otherwise none.
pub fn pricing_exemption(c: &CustomerRecord, policy: &crate::policy::StorePolicy) -> TaxExemption {
    match &c.exemption {
        TaxExemption::None if c.tax_exempt && c.tax_id.is_some() && policy.tax_exempt_customers => {
            TaxExemption::All
        }
        other => other.clone(),
    }
}

/// The name an erased customer's sales show.
pub const ERASED_NAME: &str = "Anonymised customer";

#[cfg(test)]
mod tests {
    use super::*;

    const DE: Option<CountryCode> = Some(CountryCode(49));

    #[test]
    fn phones_of_every_form_give_one_key() {
        for raw in [
            "+49 30 1234567",
            "0049 (30) 123-4567",
            "030 1234567",
            " 030/123 45 67 ",
            "+49.30.1234567",
        ] {
            assert_eq!(normalise_phone(raw, DE), Ok("+49301234567".into()), "{raw}");
        }
        assert_eq!(
            normalise_phone("020 7946 0958", Some(CountryCode(44))),
            Ok("+442079460958".into())
        );
        // Stored in this form, it reads the same without a country.
        assert_eq!(
            normalise_phone("+49301234567", None),
            Ok("+49301234567".into())
        );
        let national = normalise_phone("030 1234567", None).expect_err("no country");
        assert!(national.to_string().contains("country code"), "{national}");
    }

    #[test]
    fn bad_phones_say_what_is_expected() {
        for raw in ["12345", "+49 30 12a4567", "+1 23", "+1234567890123456", "0"] {
            let problem = normalise_phone(raw, DE).expect_err(raw);
            assert!(
                problem.to_string().starts_with("must be a phone number"),
                "{raw}: {problem}"
            );
        }
    }

    #[test]
    fn emails_are_trimmed_and_keyed_in_lower_case() {
        assert_eq!(
            normalise_email("  Erika.M@Example.COM "),
            Ok(("Erika.M@Example.COM".into(), "erika.m@example.com".into()))
        );
        for bad in [
            "erika",
            "erika@",
            "@example.com",
            "erika@localhost",
            "a b@example.com",
            "Erika <e@example.com>",
        ] {
            assert!(normalise_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn check_names_every_bad_field_and_normalises_the_rest() {
        let edit = CustomerEdit {
            name: "  ".into(),
            phone: Some("call me".into()),
            email: Some("nope".into()),
            tax_exempt: true,
            tags: vec!["vip".into(), " vip ".into(), String::new()],
            ..CustomerEdit::default()
        };
        let errors = edit.check(DE).expect_err("bad");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "phone", "email", "tax_id", "tags[2]"]);
        assert!(
            errors[1].to_string().contains("phone number"),
            "{}",
            errors[1]
        );

        let good = CustomerEdit {
            name: " Erika ".into(),
            phone: Some("030 1234567".into()),
            email: Some(" E@Example.com".into()),
            company: Some("  ".into()),
            tags: vec!["vip".into(), " vip ".into()],
            ..CustomerEdit::default()
        };
        let checked = good.check(DE).expect("good");
        assert_eq!(checked.edit.name, "Erika");
        assert_eq!(checked.edit.company, None);
        assert_eq!(checked.edit.tags, ["vip"]);
        assert_eq!(checked.phone_key.as_deref(), Some("+49301234567"));
        assert_eq!(checked.email_key.as_deref(), Some("e@example.com"));
        assert_eq!(
            search_text(&checked.edit, checked.phone_key.as_deref()),
            "erika e@example.com 49301234567"
        );
    }

    #[test]
    fn tax_exemption_applies_only_where_the_policy_allows_it() {
        use crate::policy::StorePolicy;
        let business = CustomerRecord {
            id: "b".into(),
            name: "Muster GmbH".into(),
            tax_id: Some("DE123456789".into()),
            tax_exempt: true,
            ..CustomerRecord::default()
        };
        let mut policy = StorePolicy::default();
        assert_eq!(pricing_exemption(&business, &policy), TaxExemption::None);
        policy.tax_exempt_customers = true;
        assert_eq!(pricing_exemption(&business, &policy), TaxExemption::All);
        // Without a tax id, or not asked for: nothing waived.
        let no_id = CustomerRecord {
            tax_id: None,
            ..business.clone()
        };
        assert_eq!(pricing_exemption(&no_id, &policy), TaxExemption::None);
        // An exemption the server set applies as it is, whatever the policy.
        let one_rate = CustomerRecord {
            exemption: TaxExemption::Rates(vec!["pst".into()]),
            tax_exempt: false,
            ..business
        };
        policy.tax_exempt_customers = false;
        assert_eq!(
            pricing_exemption(&one_rate, &policy),
            TaxExemption::Rates(vec!["pst".into()])
        );
    }

    #[test]
    fn an_anonymised_customer_keeps_only_id_and_balances() {
        let checked = CustomerEdit {
            name: "Erika".into(),
            phone: Some("030 1234567".into()),
            note: "likes rye".into(),
            ..CustomerEdit::default()
        }
        .check(DE)
        .expect("good");
        let record = record_of("c-1", &checked, 3);
        let gone = record.anonymised();
        assert_eq!(gone.id, "c-1");
        assert_eq!(gone.name, ERASED_NAME);
        assert!(gone.erased);
        assert_eq!((gone.phone, gone.note.as_str()), (None, ""));
    }
}
