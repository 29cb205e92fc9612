//! Reading tagged wire enums tag first (the runtime of `#[derive(shared_derive::TagFirst)]`, re-exported as
//! `shared::wire::TagFirst`).
//!
//! Every tagged enum of the wire (`{"type": "complete_sale", "sale": {…}}`, `{"kind": "cash", "amount": "5"}`,
//! `{"kind": "products", "ids": […]}`) is written by serde's `Serialize` derive with the tag as the first key.
//! [`TagFirst`] reads that key first and then the variant straight from the rest of the same object, instead of
//! serde's derive, which buffers the whole object before it looks at the tag (and so compiles a second
//! deserializer of every type inside, the largest block of the browser app's wasm).
//!
//! An object whose tag is not its first key (hand-written JSON, or keys reordered by PostgreSQL's `jsonb`) is
//! an error naming the tag, unless the `any-key-order` feature is on (the server): the object is then buffered
//! as `serde_json` values and read again with the tag first.

use serde::de::value::MapAccessDeserializer;
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IgnoredAny, MapAccess, VariantAccess, Visitor,
};
use std::fmt;

/// A deserializer of one tagged enum: hands serde's externally tagged derive (of the enum's `remote` copy) the
/// variant named by the tag and a view of the rest of the object as the variant's content.
pub struct TagFirst<D> {
    inner: D,
    names: Names,
}

#[derive(Clone, Copy)]
struct Names {
    tag: &'static str,
    /// `Some` for adjacently tagged enums: the key holding the variant's content.
    content: Option<&'static str>,
}

impl<D> TagFirst<D> {
    /// `#[serde(tag = "…")]`: the variant's fields sit beside the tag.
    pub fn internal(inner: D, tag: &'static str) -> Self {
        let names = Names { tag, content: None };
        TagFirst { inner, names }
    }

    /// `#[serde(tag = "…", content = "…")]`: the variant's content is the value of the `content` key.
    pub fn adjacent(inner: D, tag: &'static str, content: &'static str) -> Self {
        let names = Names {
            tag,
            content: Some(content),
        };
        TagFirst { inner, names }
    }
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for TagFirst<D> {
    type Error = D::Error;

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_map(ObjectVisitor {
            names: self.names,
            visitor,
        })
    }

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.deserialize_enum("", &[], visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

/// Reads the object: its first key must be the tag.
struct ObjectVisitor<V> {
    names: Names,
    visitor: V,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for ObjectVisitor<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an object with its tag `{}`", self.names.tag)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<V::Value, A::Error> {
        match map.next_key_seed(KeyIs(self.names.tag))? {
            Some(Key::Wanted) => self.visitor.visit_enum(Variant {
                map,
                names: self.names,
            }),
            Some(Key::Other(first)) => buffered::read(self, first, map),
            None => Err(de::Error::missing_field(self.names.tag)),
        }
    }
}

/// The tag's value names the variant; the rest of the object is its content.
struct Variant<A> {
    map: A,
    names: Names,
}

impl<'de, A: MapAccess<'de>> EnumAccess<'de> for Variant<A> {
    type Error = A::Error;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(
        mut self,
        seed: S,
    ) -> Result<(S::Value, Self), A::Error> {
        let variant = self.map.next_value_seed(seed)?;
        Ok((variant, self))
    }
}

impl<'de, A: MapAccess<'de>> VariantAccess<'de> for Variant<A> {
    type Error = A::Error;

    fn unit_variant(mut self) -> Result<(), A::Error> {
        skip_rest(&mut self.map)
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(
        mut self,
        seed: S,
    ) -> Result<S::Value, A::Error> {
        match self.names.content {
            None => seed.deserialize(MapAccessDeserializer::new(self.map)),
            Some(content) => {
                find_key(&mut self.map, content)?;
                let value = self.map.next_value_seed(seed)?;
                skip_rest(&mut self.map)?;
                Ok(value)
            }
        }
    }

    fn tuple_variant<T: Visitor<'de>>(
        self,
        _len: usize,
        _visitor: T,
    ) -> Result<T::Value, A::Error> {
        Err(de::Error::custom("tuple variants are not wire enums"))
    }

    fn struct_variant<T: Visitor<'de>>(
        mut self,
        fields: &'static [&'static str],
        visitor: T,
    ) -> Result<T::Value, A::Error> {
        match self.names.content {
            None => visitor.visit_map(self.map),
            Some(content) => {
                find_key(&mut self.map, content)?;
                let value = self.map.next_value_seed(StructSeed { fields, visitor })?;
                skip_rest(&mut self.map)?;
                Ok(value)
            }
        }
    }
}

/// Skip entries up to the key `name` (its value is next); a missing key is a missing field.
fn find_key<'de, A: MapAccess<'de>>(map: &mut A, name: &'static str) -> Result<(), A::Error> {
    loop {
        match map.next_key_seed(KeyIs(name))? {
            Some(Key::Wanted) => return Ok(()),
            Some(Key::Other(_)) => {
                map.next_value::<IgnoredAny>()?;
            }
            None => return Err(de::Error::missing_field(name)),
        }
    }
}

fn skip_rest<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

/// A struct variant's content, the value of an adjacently tagged enum's `content` key.
struct StructSeed<T> {
    fields: &'static [&'static str],
    visitor: T,
}

impl<'de, T: Visitor<'de>> DeserializeSeed<'de> for StructSeed<T> {
    type Value = T::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T::Value, D::Error> {
        d.deserialize_struct("", self.fields, self.visitor)
    }
}

/// A key compared with the one wanted; any other key is kept (for the error, or for the buffer).
enum Key {
    Wanted,
    Other(String),
}

struct KeyIs(&'static str);

impl<'de> DeserializeSeed<'de> for KeyIs {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeyIs {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(if key == self.0 {
            Key::Wanted
        } else {
            Key::Other(key.to_owned())
        })
    }
}

#[cfg(not(feature = "any-key-order"))]
mod buffered {
    use super::ObjectVisitor;
    use serde::de::{self, MapAccess, Visitor};

    /// Without `any-key-order`, a tag that is not the first key is an error that names it.
    pub(super) fn read<'de, V: Visitor<'de>, A: MapAccess<'de>>(
        visitor: ObjectVisitor<V>,
        first: String,
        _map: A,
    ) -> Result<V::Value, A::Error> {
        Err(de::Error::custom(format_args!(
            "`{}` must be the first key of the object, found `{first}` first",
            visitor.names.tag
        )))
    }
}

#[cfg(feature = "any-key-order")]
mod buffered {
    use super::ObjectVisitor;
    use serde::de::value::MapDeserializer;
    use serde::de::{self, MapAccess, Visitor};
    use serde_json::Value;

    /// With `any-key-order` (the server), the object is buffered and read again with its tag first.
    pub(super) fn read<'de, V: Visitor<'de>, A: MapAccess<'de>>(
        visitor: ObjectVisitor<V>,
        first: String,
        mut map: A,
    ) -> Result<V::Value, A::Error> {
        let mut entries = vec![(first, map.next_value::<Value>()?)];
        while let Some(entry) = map.next_entry::<String, Value>()? {
            entries.push(entry);
        }
        let tag = visitor.names.tag;
        let at = entries
            .iter()
            .position(|(key, _)| key == tag)
            .ok_or_else(|| de::Error::missing_field(tag))?;
        let tag_entry = entries.remove(at);
        entries.insert(0, tag_entry);
        let reordered = MapDeserializer::<_, serde_json::Error>::new(entries.into_iter());
        visitor.visit_map(reordered).map_err(de::Error::custom)
    }
}
