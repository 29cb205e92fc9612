//! Finding a customer at the till, offline, from the synced customers: an index built once per pulled list
//! (`CustomerIndex::build`), then each keystroke scans prepared lower-case text without allocating per
//! customer. A query is read as ONE of: a loyalty card number scanned (an exact card wins alone), a phone
//! number (its digits are compared with the phone's, country code or not), or words that must all appear in
//! the name, company, email or group. Erased and merged customers are never offered.
//! Over 100,000 customers one search takes a few milliseconds (BENCHMARKS.md, `customer_search`).

use shared::catalog::CustomerRecord;

/// One customer's prepared text.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    /// Position in the list the index was built from.
    at: usize,
    /// Lower-case name, company, email and group.
    words: String,
    /// The phone's digits (without `+`).
    phone: String,
    card: String,
    /// The lower-case name, for the order of the results.
    name: String,
}

/// The prepared customers of one pulled list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CustomerIndex {
    entries: Vec<Entry>,
}

/// Digits of a query that looks like a phone number (only digits, spaces, `+ ( ) - . /`, at least 4 digits).
fn phone_digits(q: &str) -> Option<String> {
    let phoneish = q
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '(' | ')' | '-' | '.' | '/'));
    let digits: String = q.chars().filter(char::is_ascii_digit).collect();
    (phoneish && digits.len() >= 4).then_some(digits)
}

impl CustomerIndex {
    pub fn build(customers: &[CustomerRecord]) -> CustomerIndex {
        let entries = customers
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.erased && c.merged_into.is_none())
            .map(|(at, c)| {
                let mut words = c.name.to_lowercase();
                for part in [&c.company, &c.email, &c.group].into_iter().flatten() {
                    words.push(' ');
                    words.push_str(&part.to_lowercase());
                }
                Entry {
                    at,
                    words,
                    phone: c
                        .phone
                        .as_deref()
                        .unwrap_or("")
                        .chars()
                        .filter(char::is_ascii_digit)
                        .collect(),
                    card: c.loyalty_card.clone().unwrap_or_default(),
                    name: c.name.to_lowercase(),
                }
            })
            .collect();
        CustomerIndex { entries }
    }

    /// Positions (in the list the index was built from) of the customers `query` finds, by name, at most
    /// `limit`; every offered customer, by name, for an empty query.
    pub fn find(&self, query: &str, limit: usize) -> Vec<usize> {
        let q = query.trim();
        if !q.is_empty() {
            if let Some(card) = self
                .entries
                .iter()
                .find(|e| !e.card.is_empty() && e.card == q)
            {
                return vec![card.at];
            }
        }
        let mut hits: Vec<&Entry> = match phone_digits(q) {
            // A national number typed (0 30 …) matches the stored +49 30 … by its digits after the 0.
            Some(digits) => {
                let national = digits.trim_start_matches('0');
                self.entries
                    .iter()
                    .filter(|e| !e.phone.is_empty() && e.phone.contains(national))
                    .collect()
            }
            None => {
                let lower = q.to_lowercase();
                let words: Vec<&str> = lower.split_whitespace().collect();
                self.entries
                    .iter()
                    .filter(|e| words.iter().all(|w| e.words.contains(w)))
                    .collect()
            }
        };
        hits.sort_by(|a, b| a.name.cmp(&b.name));
        hits.into_iter().take(limit).map(|e| e.at).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customer(id: &str, name: &str, phone: Option<&str>, email: Option<&str>) -> CustomerRecord {
        CustomerRecord {
            id: id.into(),
            name: name.into(),
            phone: phone.map(Into::into),
            email: email.map(Into::into),
            ..CustomerRecord::default()
        }
    }

    fn list() -> Vec<CustomerRecord> {
        let mut card = customer("c3", "Max Power", None, None);
        card.loyalty_card = Some("2900000000017".into());
        let mut gone = customer("c4", "Erika Gone", Some("+49301234567"), None);
        gone.erased = true;
        vec![
            customer(
                "c1",
                "Erika Muster",
                Some("+49301234567"),
                Some("erika@example.com"),
            ),
            customer("c2", "Anna Berg", Some("+442079460958"), None),
            card,
            gone,
        ]
    }

    #[test]
    fn finds_by_name_words_email_phone_and_card() {
        let customers = list();
        let index = CustomerIndex::build(&customers);
        let ids = |q: &str| -> Vec<&str> {
            index
                .find(q, 10)
                .into_iter()
                .map(|i| customers[i].id.as_str())
                .collect()
        };
        assert_eq!(ids("muster erika"), ["c1"]);
        assert_eq!(ids("EXAMPLE.com"), ["c1"]);
        assert_eq!(ids("030 1234567"), ["c1"]);
        assert_eq!(ids("+44 20 7946"), ["c2"]);
        assert_eq!(ids("2900000000017"), ["c3"]);
        assert_eq!(ids(""), ["c2", "c1", "c3"]);
        // The erased customer is never offered, not even by their old phone.
        assert_eq!(ids("gone"), Vec::<&str>::new());
    }

    /// 100,000 customers: build once, then search by name and by phone (run with `--ignored --nocapture`,
    /// in release; figures in BENCHMARKS.md).
    #[test]
    #[ignore = "timing, run by hand"]
    fn customer_search_over_100k() {
        let customers: Vec<CustomerRecord> = (0..100_000)
            .map(|i| {
                customer(
                    &format!("c{i}"),
                    &format!("Customer{i} Family{}", i % 977),
                    Some(&format!("+4930{:07}", i)),
                    Some(&format!("c{i}@example.com")),
                )
            })
            .collect();
        let started = std::time::Instant::now();
        let index = CustomerIndex::build(&customers);
        let built = started.elapsed();
        let started = std::time::Instant::now();
        let by_name = index.find("family12 customer5", 50);
        let by_phone = index.find("030 0099 999", 50);
        let by_email = index.find("c77777@example", 50);
        let searched = started.elapsed() / 3;
        assert!(!by_name.is_empty() && by_phone.len() == 1 && by_email.len() == 1);
        println!("customer_search: built {built:?}, one search {searched:?} over 100000 customers");
    }
}
