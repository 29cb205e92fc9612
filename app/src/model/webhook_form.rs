//! The back office's webhook form and log words (feature `office`): the URL and event types typed into the
//! "Add endpoint" form made into the `NewEndpoint` sent (types separated by commas or spaces; empty or `*`
//! means every type), and a delivery's state and last answer in words for the log.

use super::product_form::FieldError;
use shared::webhooks::{Delivery, DeliveryState, NewEndpoint};

/// What the "Add endpoint" form holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WebhookForm {
    pub url: String,
    /// Event types separated by commas or spaces; empty for every type.
    pub event_types: String,
}

impl WebhookForm {
    /// The request, or the field that is wrong (the server checks the URL's address and the types again).
    pub fn to_new(&self) -> Result<NewEndpoint, FieldError> {
        let url = self.url.trim();
        if url.is_empty() {
            return Err(FieldError::new(
                "url",
                "Enter the URL that receives the events.",
            ));
        }
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(FieldError::new(
                "url",
                "The URL must start with https:// (or http://).",
            ));
        }
        let mut event_types: Vec<String> = Vec::new();
        for t in self
            .event_types
            .split(|c: char| c == ',' || c.is_whitespace())
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            if !event_types.iter().any(|e| e == t) {
                event_types.push(t.to_owned());
            }
        }
        if event_types.is_empty() {
            event_types.push("*".into());
        }
        Ok(NewEndpoint {
            url: url.to_owned(),
            description: String::new(),
            event_types,
        })
    }
}

/// The form field a server's refused field belongs to (`event_types[1]` is the types field).
pub fn form_field(server_field: &str) -> &'static str {
    if server_field.starts_with("event_types") {
        "event_types"
    } else if server_field == "url" {
        "url"
    } else {
        ""
    }
}

/// A delivery's state in words, with its attempts.
pub fn state_words(d: &Delivery) -> String {
    let attempts = match d.attempts {
        1 => "1 attempt".to_owned(),
        n => format!("{n} attempts"),
    };
    match d.state {
        DeliveryState::Delivered => format!("Delivered ({attempts})"),
        DeliveryState::Pending if d.attempts == 0 => "Waiting to be sent".into(),
        DeliveryState::Pending => format!("Retrying ({attempts} so far)"),
        DeliveryState::Dead => format!("Failed for good ({attempts})"),
    }
}

/// The last answer in words: its status and time, or why there was none.
pub fn answer_words(d: &Delivery) -> String {
    match (d.last_status, &d.last_error, d.last_latency_ms) {
        (Some(status), _, Some(ms)) => format!("HTTP {status} in {ms} ms"),
        (Some(status), _, None) => format!("HTTP {status}"),
        (None, Some(error), _) => error.clone(),
        (None, None, _) => "\u{2014}".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};
    use uuid::Uuid;

    fn form(url: &str, types: &str) -> WebhookForm {
        WebhookForm {
            url: url.into(),
            event_types: types.into(),
        }
    }

    #[test]
    fn types_split_on_commas_and_spaces_and_default_to_every_type() {
        let new = form(
            " https://erp.example/pos ",
            "sale.completed, stock.changed sale.completed",
        )
        .to_new()
        .expect("valid");
        assert_eq!(new.url, "https://erp.example/pos");
        assert_eq!(new.event_types, ["sale.completed", "stock.changed"]);
        let all = form("https://erp.example/pos", "  ")
            .to_new()
            .expect("valid");
        assert_eq!(all.event_types, ["*"]);
        assert_eq!(
            form("", "").to_new().map_err(|e| e.field),
            Err("url".into())
        );
        assert_eq!(
            form("erp.example/pos", "").to_new().map_err(|e| e.field),
            Err("url".into())
        );
        assert_eq!(form_field("event_types[2]"), "event_types");
        assert_eq!(form_field("url"), "url");
    }

    #[test]
    fn deliveries_read_as_words() {
        let mut d = Delivery {
            id: 1,
            event_id: Uuid::nil(),
            event_type: "sale.completed".into(),
            state: DeliveryState::Pending,
            attempts: 0,
            next_at: DateTime::<Utc>::UNIX_EPOCH,
            last_status: None,
            last_latency_ms: None,
            last_error: None,
            response_excerpt: None,
            last_attempt_at: None,
            delivered_at: None,
            dead_lettered_at: None,
            created_at: DateTime::<Utc>::UNIX_EPOCH,
        };
        assert_eq!(state_words(&d), "Waiting to be sent");
        assert_eq!(answer_words(&d), "\u{2014}");
        d.attempts = 2;
        d.last_error = Some("connection reset".into());
        assert_eq!(state_words(&d), "Retrying (2 attempts so far)");
        assert_eq!(answer_words(&d), "connection reset");
        d.state = DeliveryState::Delivered;
        d.attempts = 3;
        d.last_status = Some(204);
        d.last_latency_ms = Some(12);
        assert_eq!(state_words(&d), "Delivered (3 attempts)");
        assert_eq!(answer_words(&d), "HTTP 204 in 12 ms");
    }
}
