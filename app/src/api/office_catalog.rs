//! The back office's catalog endpoints (`/api/v1/catalog/products…`): the searchable, keyset-paged product
//! list, adding, changing (with the `version` read) and archiving an item.

use super::{Client, Creds};
use crate::error::AppError;
use shared::api::ProductPage;
use shared::catalog::edit::Archive;
use shared::catalog::Product;

const PRODUCTS: &str = "/api/v1/catalog/products";

impl Client {
    /// `GET /catalog/products?{query}`: one page of the product list (`query` holds the filters, encoded).
    pub async fn catalog_products(
        &self,
        query: &str,
        creds: Creds<'_>,
    ) -> Result<ProductPage, AppError> {
        self.get(&format!("{PRODUCTS}?{query}"), creds).await
    }

    /// `POST /catalog/products`: add an item; answers it as stored.
    pub async fn create_product(&self, p: &Product, creds: Creds<'_>) -> Result<Product, AppError> {
        self.post(PRODUCTS, p, creds).await
    }

    /// `PUT /catalog/products/{id}`: change an item (its `version` is the one read).
    pub async fn update_product(&self, p: &Product, creds: Creds<'_>) -> Result<Product, AppError> {
        let id = String::from(js_sys::encode_uri_component(&p.id));
        self.put(&format!("{PRODUCTS}/{id}"), p, creds).await
    }

    /// `POST /catalog/products/{id}/archive`: withdraw an item (never deleted).
    pub async fn archive_product(
        &self,
        id: &str,
        version: i64,
        creds: Creds<'_>,
    ) -> Result<Product, AppError> {
        let id = String::from(js_sys::encode_uri_component(id));
        self.post(
            &format!("{PRODUCTS}/{id}/archive"),
            &Archive { version },
            creds,
        )
        .await
    }
}
