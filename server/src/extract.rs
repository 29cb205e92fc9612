//! Request extractors whose rejections are problem-details answers (via `ApiError`), not axum's plain text.
//!
//! [`Json`] reads a body as serde does, with one rule more: a JSON object type (a struct) is read from a JSON
//! object only, never from an array (serde alone takes `[null, null]` as a struct of two fields). Bodies that
//! are not JSON are 400 `invalid_body`, JSON of the wrong shape or types 422 `invalid_body`, a missing or
//! other content type 415.

use crate::csrf::{is_json_media, media_type};
use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use serde::de::{DeserializeOwned, Visitor};
use serde::Deserializer;

/// A JSON body with problem-details errors: 400 bad syntax, 415 wrong content type, 413 too large, 422 wrong
/// shape (an array where an object is expected included).
pub struct Json<T>(pub T);

/// `axum::extract::Query` with a 400 `invalid_query` error.
pub struct Query<T>(pub T);

/// `axum::extract::Path` with a 400 `invalid_path` error.
pub struct Path<T>(pub T);

/// Read `T` from JSON text, a struct from an object only (see the module documentation).
pub fn from_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let refused = |path: String, e: serde_json::Error| {
        let status = match e.classify() {
            serde_json::error::Category::Data => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::BAD_REQUEST,
        };
        let message = if path == "." || path.is_empty() {
            format!("the JSON body cannot be read: {e}")
        } else {
            format!("the JSON body cannot be read: {path}: {e}")
        };
        ApiError::Request {
            status,
            code: "invalid_body",
            message,
        }
    };
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(ObjectsOnly(&mut de)).map_err(|e| {
        let path = e.path().to_string();
        refused(path, e.into_inner())
    })?;
    de.end().map_err(|e| refused(String::new(), e))?;
    Ok(value)
}

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !media_type(req.headers()).is_some_and(|m| is_json_media(&m)) {
            return Err(ApiError::Request {
                status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                code: "unsupported_media_type",
                message: "expected a body with Content-Type: application/json".into(),
            });
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|r| {
            let status = r.status();
            ApiError::Request {
                status,
                code: if status == StatusCode::PAYLOAD_TOO_LARGE {
                    "payload_too_large"
                } else {
                    "invalid_body"
                },
                message: r.body_text(),
            }
        })?;
        from_json(&bytes).map(Json)
    }
}

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Query(value) =
            axum::extract::Query::<T>::from_request_parts(parts, state).await?;
        Ok(Query(value))
    }
}

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Path(value) =
            axum::extract::Path::<T>::from_request_parts(parts, state).await?;
        Ok(Path(value))
    }
}

/// A deserializer that reads a struct through `deserialize_map` (which takes a JSON object only) and forwards
/// everything else unchanged. It applies to the top level of a body.
struct ObjectsOnly<D>(D);

macro_rules! forward {
    ($($method:ident),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
                self.0.$method(visitor)
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectsOnly<D> {
    type Error = D::Error;

    forward!(
        deserialize_any,
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_str,
        deserialize_string,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_option,
        deserialize_unit,
        deserialize_seq,
        deserialize_map,
        deserialize_identifier,
        deserialize_ignored_any,
    );

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_unit_struct(name, visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_newtype_struct(name, visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_tuple(len, visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_tuple_struct(name, len, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_enum(name, variants, visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Patch {
        #[serde(default)]
        name: Option<String>,
        #[serde(default)]
        active: Option<bool>,
    }

    fn status(r: Result<Patch, ApiError>) -> Option<StatusCode> {
        match r {
            Err(ApiError::Request { status, .. }) => Some(status),
            _ => None,
        }
    }

    #[test]
    fn a_struct_is_read_from_an_object_only() {
        assert_eq!(
            from_json::<Patch>(br#"{"name":"Alex"}"#).ok(),
            Some(Patch {
                name: Some("Alex".into()),
                active: None
            })
        );
        assert_eq!(
            status(from_json::<Patch>(b"[null, null]")),
            Some(StatusCode::UNPROCESSABLE_ENTITY)
        );
        assert_eq!(
            status(from_json::<Patch>(br#"{"active":"yes"}"#)),
            Some(StatusCode::UNPROCESSABLE_ENTITY)
        );
        assert_eq!(
            status(from_json::<Patch>(b"{")),
            Some(StatusCode::BAD_REQUEST)
        );
        assert_eq!(
            status(from_json::<Patch>(b"{} x")),
            Some(StatusCode::BAD_REQUEST)
        );
        // Arrays stay arrays.
        assert_eq!(from_json::<Vec<u8>>(b"[1, 2]").ok(), Some(vec![1, 2]));
    }
}
