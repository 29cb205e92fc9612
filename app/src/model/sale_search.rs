//! The "Find a sale" box of Today's sales: what the cashier typed or scanned, read as ONE search term for the
//! server's sales search (`GET /api/v1/sales/search`, across tills and days): a receipt number (what a
//! receipt's barcode reads), a day, a total, or else a customer's name.

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// One term of a sales search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaleTerm {
    /// "ABCD-000042": four letters or digits, a dash, six digits (any case).
    Receipt(String),
    /// "2026-12-07" or "7.12.2026": the store-local day.
    Day(NaiveDate),
    /// "12.50", "12,50" or "12": the sale's total.
    Total(Decimal),
    /// Anything else: part of the customer's name (or their id).
    Customer(String),
}

impl SaleTerm {
    /// Read `text`; `None` when nothing was typed.
    pub fn parse(text: &str) -> Option<SaleTerm> {
        let t = text.trim();
        if t.is_empty() {
            return None;
        }
        if is_receipt_no(t) {
            return Some(SaleTerm::Receipt(t.to_uppercase()));
        }
        if let Some(day) = parse_day(t) {
            return Some(SaleTerm::Day(day));
        }
        if let Some(total) = shared::money::parse_amount(&t.replace(',', ".")) {
            if total >= Decimal::ZERO {
                return Some(SaleTerm::Total(total));
            }
        }
        Some(SaleTerm::Customer(t.to_string()))
    }

    /// The query parameters of the search (values not yet URL-encoded), the day as `since`/`until` from the
    /// local day's bounds the caller computes (`day_bounds`: RFC 3339 instants).
    pub fn params(
        &self,
        day_bounds: impl Fn(NaiveDate) -> (String, String),
    ) -> Vec<(&'static str, String)> {
        match self {
            SaleTerm::Receipt(no) => vec![("receipt_no", no.clone())],
            SaleTerm::Day(d) => {
                let (since, until) = day_bounds(*d);
                vec![("since", since), ("until", until)]
            }
            SaleTerm::Total(t) => vec![("total", t.normalize().to_string())],
            SaleTerm::Customer(c) => vec![("customer", c.clone())],
        }
    }

    /// What the list says it searched for.
    pub fn describe(&self) -> String {
        match self {
            SaleTerm::Receipt(no) => format!("receipt {no}"),
            SaleTerm::Day(d) => format!("sales of {}", d.format("%Y-%m-%d")),
            SaleTerm::Total(t) => format!("sales of {}", t.normalize()),
            SaleTerm::Customer(c) => format!("customer \u{201c}{c}\u{201d}"),
        }
    }
}

fn is_receipt_no(t: &str) -> bool {
    let Some((prefix, number)) = t.split_once('-') else {
        return false;
    };
    prefix.len() == 4
        && prefix.chars().all(|c| c.is_ascii_alphanumeric())
        && number.len() == 6
        && number.chars().all(|c| c.is_ascii_digit())
}

fn parse_day(t: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%d.%m.%Y"))
        .ok()
}

/// What "Find a sale" found, kept while a found sale's receipt is open so Back returns to the same list: the
/// text typed, the term searched, the sales so far (pages appended) and the next page's cursor.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FoundSales {
    pub text: String,
    pub searched: Option<SaleTerm>,
    pub sales: Vec<shared::document::SaleDocument>,
    pub next: Option<String>,
}

impl FoundSales {
    /// A page for `term` arrived: the first page (`first`) replaces the list, a later one is appended.
    pub fn page(
        &mut self,
        term: SaleTerm,
        first: bool,
        sales: Vec<shared::document::SaleDocument>,
        next: Option<String>,
    ) {
        if first {
            self.sales.clear();
        }
        self.sales.extend(sales);
        self.next = next;
        self.searched = Some(term);
    }

    /// The sentence over the list, once something was searched.
    pub fn summary(&self) -> Option<String> {
        self.searched.as_ref().map(|t| match self.sales.len() {
            0 => format!("No sale found for {}.", t.describe()),
            1 => format!("1 sale found for {}.", t.describe()),
            n => format!("{n} sales found for {}.", t.describe()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::order::tests::dec;

    #[test]
    fn one_box_reads_a_receipt_a_day_a_total_or_a_customer() {
        assert_eq!(SaleTerm::parse("  "), None);
        assert_eq!(
            SaleTerm::parse(" abcd-000042 "),
            Some(SaleTerm::Receipt("ABCD-000042".into()))
        );
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(SaleTerm::parse("2026-12-07"), Some(SaleTerm::Day(day)));
        assert_eq!(SaleTerm::parse("7.12.2026"), Some(SaleTerm::Day(day)));
        assert_eq!(
            SaleTerm::parse("12,50"),
            Some(SaleTerm::Total(dec("12.50")))
        );
        assert_eq!(SaleTerm::parse("8"), Some(SaleTerm::Total(dec("8"))));
        assert_eq!(
            SaleTerm::parse("Muster"),
            Some(SaleTerm::Customer("Muster".into()))
        );
        // Not quite a receipt number: a name.
        assert_eq!(
            SaleTerm::parse("ABCD-42"),
            Some(SaleTerm::Customer("ABCD-42".into()))
        );
    }

    #[test]
    fn each_term_is_one_search_parameter() {
        let bounds = |d: NaiveDate| (format!("{d}T00:00:00Z"), format!("{d}T24"));
        assert_eq!(
            SaleTerm::Total(dec("12.50")).params(bounds),
            vec![("total", "12.5".to_string())]
        );
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(
            SaleTerm::Day(day).params(bounds),
            vec![
                ("since", "2026-12-07T00:00:00Z".to_string()),
                ("until", "2026-12-07T24".to_string())
            ]
        );
        assert_eq!(
            SaleTerm::Receipt("ABCD-000001".into()).params(bounds),
            vec![("receipt_no", "ABCD-000001".to_string())]
        );
        assert_eq!(
            SaleTerm::Customer("erika".into()).describe(),
            "customer \u{201c}erika\u{201d}"
        );
    }

    #[test]
    fn found_sales_replace_on_a_new_search_and_grow_with_more() {
        let sale = |no: &str| {
            let mut s = crate::model::refund::tests::sale(None);
            s.receipt_no = no.into();
            s
        };
        let mut found = FoundSales::default();
        assert_eq!(found.summary(), None);
        let term = SaleTerm::Customer("ann".into());
        found.page(term.clone(), true, vec![sale("A")], Some("c1".into()));
        found.page(term.clone(), false, vec![sale("B")], None);
        assert_eq!(found.sales.len(), 2);
        assert_eq!(found.next, None);
        assert!(found
            .summary()
            .is_some_and(|s| s.starts_with("2 sales found")));
        found.page(term, true, vec![], None);
        assert!(found.sales.is_empty());
        assert!(found
            .summary()
            .is_some_and(|s| s.starts_with("No sale found")));
    }
}
