//! How values are kept in IndexedDB: every value is its JSON text (serde_json), stored as a JS string.
//!
//! The app already speaks JSON to the server, so storing JSON text too keeps one serde backend (and one
//! (de)serializer per type) in the WebAssembly instead of two.
//!
//! Earlier versions of the app stored JS objects (serde-wasm-bindgen with maps as plain objects, never JS `Map`s).
//! Reads accept those too: a stored value that is not a string is turned into JSON text by `JSON.stringify`
//! and parsed like the rest. No value stored by any version is a bare JSON string at the top level, so a JS
//! string is always this version's JSON text.

use crate::error::AppError;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::KeyRange;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::future::Future;
use wasm_bindgen::JsValue;

/// The JSON text of a value to store.
pub fn encode<T: Serialize + ?Sized>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value)
        .map_err(|e| AppError::Storage(format!("cannot encode a record: {e}")))
}

/// The JSON text of a stored value: the string itself, or an earlier version's JS object stringified.
pub fn text_of(js: JsValue) -> Result<String, AppError> {
    if let Some(text) = js.as_string() {
        return Ok(text);
    }
    js_sys::JSON::stringify(&js)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| AppError::Storage("a stored record cannot be read as JSON".into()))
}

/// Parse the JSON text of a stored value. The one serde_json entry point for reading, as for HTTP bodies
/// (`from_str`), so each type has a single deserializer in the binary.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, AppError> {
    serde_json::from_str(text)
        .map_err(|e| AppError::Storage(format!("a stored record is broken: {e}")))
}

/// Decode a stored value (see the module doc for the two shapes accepted).
pub fn decode<T: DeserializeOwned>(js: JsValue) -> Result<T, AppError> {
    parse(&text_of(js)?)
}

async fn get_value(store: &ObjectStore<'_>, key: JsValue) -> Result<Option<JsValue>, AppError> {
    Ok(store.get::<JsValue, JsValue, _>(key).primitive()?.await?)
}

/// The record under `key`, if any.
pub async fn get_json<T: DeserializeOwned>(
    store: &ObjectStore<'_>,
    key: impl Into<JsValue>,
) -> Result<Option<T>, AppError> {
    get_value(store, key.into()).await?.map(decode).transpose()
}

/// The stored values in key order, undecoded: all of them, those in `range`, at most `limit`.
pub async fn get_all_values(
    store: &ObjectStore<'_>,
    range: Option<KeyRange<f64>>,
    limit: Option<u32>,
) -> Result<Vec<JsValue>, AppError> {
    let all = store.get_all::<JsValue>();
    let values = match (range, limit) {
        (None, None) => all.primitive()?.await?,
        (None, Some(limit)) => all.with_limit(limit).primitive()?.await?,
        (Some(range), None) => all.with_query::<f64, _>(range).primitive()?.await?,
        (Some(range), Some(limit)) => {
            all.with_query::<f64, _>(range)
                .with_limit(limit)
                .primitive()?
                .await?
        }
    };
    Ok(values.collect::<Result<Vec<_>, _>>()?)
}

/// Every record in key order; one that cannot be decoded fails the whole read.
pub async fn get_all_json<T: DeserializeOwned>(
    store: &ObjectStore<'_>,
) -> Result<Vec<T>, AppError> {
    get_all_json_with(store, None, None).await
}

/// The records in key order within `range` (all when `None`), at most `limit` (all when `None`).
pub async fn get_all_json_with<T: DeserializeOwned>(
    store: &ObjectStore<'_>,
    range: Option<KeyRange<f64>>,
    limit: Option<u32>,
) -> Result<Vec<T>, AppError> {
    get_all_values(store, range, limit)
        .await?
        .into_iter()
        .map(decode)
        .collect()
}

/// Store `text` under `key`, replacing what was there (`add` = fail when the key is taken). Not generic: every
/// write of every type awaits this one future.
async fn write_text(
    store: &ObjectStore<'_>,
    key: JsValue,
    text: Result<String, AppError>,
    add: bool,
) -> Result<(), AppError> {
    let text = text?;
    if add {
        store
            .add(text)
            .with_key(key)
            .without_key_type()
            .primitive()?
            .await?;
    } else {
        store
            .put(text)
            .with_key(key)
            .without_key_type()
            .primitive()?
            .await?;
    }
    Ok(())
}

/// Store `value` under `key`, replacing what was there. Only the encoding is generic; the returned future is
/// the same for every type.
pub fn put_json<'s, T: Serialize + ?Sized>(
    store: &'s ObjectStore<'s>,
    key: impl Into<JsValue>,
    value: &T,
) -> impl Future<Output = Result<(), AppError>> + 's {
    write_text(store, key.into(), encode(value), false)
}

/// Store `value` under `key`, failing when the key is taken.
pub fn add_json<'s, T: Serialize + ?Sized>(
    store: &'s ObjectStore<'s>,
    key: impl Into<JsValue>,
    value: &T,
) -> impl Future<Output = Result<(), AppError>> + 's {
    write_text(store, key.into(), encode(value), true)
}
