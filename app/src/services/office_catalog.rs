//! The back office's catalog: the product list's query (text, category, active; keyset pages of
//! `PAGE_SIZE`), and adding, changing and archiving an item with either sign-in (`office::Access`). A write
//! the server refuses for one field comes back as that field's `FieldError`; any other failure as a
//! sentence for the whole form (field `""`).

use super::office::{creds, param, signed_in, Access};
use super::state::AppState;
use crate::error::{AppError, Ask};
use crate::model::product_form::{form_field, FieldError, ProductForm};
use shared::api::ProductPage;
use shared::catalog::Product;

/// Products per page ("Next page" asks for the next).
pub const PAGE_SIZE: u32 = 25;

/// The active filter's choices: a label and the server's `active`.
pub const ACTIVE_CHOICES: [(&str, &str); 3] = [
    ("Active", "true"),
    ("Archived", "false"),
    ("Active and archived", ""),
];

/// The list's filters on screen; empty strings filter nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProductFilters {
    pub text: String,
    pub category_id: String,
    pub active: String,
}

impl Default for ProductFilters {
    fn default() -> Self {
        ProductFilters {
            text: String::new(),
            category_id: String::new(),
            active: "true".into(),
        }
    }
}

/// The search query for `filters`, after the product `after` (a page's `next_after`).
pub fn product_query(filters: &ProductFilters, after: Option<&str>) -> String {
    let mut url = format!("limit={PAGE_SIZE}");
    let text = filters.text.trim();
    let category = filters.category_id.trim();
    for (name, value) in [
        ("q", text),
        ("category_id", category),
        ("active", filters.active.as_str()),
        ("after", after.unwrap_or_default()),
    ] {
        if !value.is_empty() {
            param(&mut url, name, value);
        }
    }
    url
}

fn words(e: &AppError) -> String {
    e.words(Ask::Catalog)
}

/// One page of products (`query` from `product_query`); the error is a sentence for the screen.
pub async fn search(state: AppState, access: Access, query: &str) -> Result<ProductPage, String> {
    let token = signed_in(state, access).map_err(|e| words(&e))?;
    state
        .api()
        .catalog_products(query, creds(access, &token))
        .await
        .map_err(|e| words(&e))
}

/// Send the form: a new item when `base` is `None`, else `base` changed. Answers the item as stored.
pub async fn save(
    state: AppState,
    access: Access,
    form: &ProductForm,
    base: Option<&Product>,
) -> Result<Product, FieldError> {
    let fresh = Product::default();
    let product = form.to_product(base.unwrap_or(&fresh))?;
    let token = signed_in(state, access).map_err(|e| FieldError::new("", words(&e)))?;
    let api = state.api();
    let answer = match base {
        None => api.create_product(&product, creds(access, &token)).await,
        Some(_) => api.update_product(&product, creds(access, &token)).await,
    };
    answer.map_err(|e| match e.invalid_field() {
        Some((field, message)) => FieldError::new(form_field(field), message),
        None => FieldError::new("", words(&e)),
    })
}

/// Archive `p` (at the version read); answers it as stored.
pub async fn archive(state: AppState, access: Access, p: &Product) -> Result<Product, String> {
    let token = signed_in(state, access).map_err(|e| words(&e))?;
    state
        .api()
        .archive_product(&p.id, p.version, creds(access, &token))
        .await
        .map_err(|e| words(&e))
}
