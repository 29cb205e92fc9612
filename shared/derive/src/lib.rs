//! `#[derive(TagFirst)]`: a `Deserialize` for an enum with `#[serde(tag = "…")]` (internally tagged) or
//! `#[serde(tag = "…", content = "…")]` (adjacently tagged) that reads the tag as the first key of the object and
//! then the variant straight from the rest, as serde's `Serialize` derive writes it (tag first).
//!
//! serde's own derive reads such an enum whole into a private buffer before it looks at the tag, and so compiles
//! a second deserializer of every type inside the enum (reading from that buffer): in the browser app that was the
//! largest block of the wasm. This derive emits, beside the enum, the same enum again for serde to derive as an
//! externally tagged `remote` of it, carrying only the `#[serde]` attributes (every rename, default and skip is
//! serde's own code), and a `Deserialize` that hands it `shared::wire::TagFirst` (the runtime: the tag read
//! first, the variant's fields from the same object; with shared's `any-key-order` feature a tag found later
//! is accepted too, by buffering the object).
//!
//! `Serialize` stays serde's derive, so the bytes written do not change.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;
use quote::{format_ident, quote};
use syn::punctuated::Punctuated;
use syn::{parse_macro_input, Attribute, Data, DeriveInput, Expr, Lit, Meta, Token};

#[proc_macro_derive(TagFirst, attributes(serde))]
pub fn derive_tag_first(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

fn expand(input: &DeriveInput) -> syn::Result<TokenStream2> {
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "TagFirst is for enums",
        ));
    };
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new_spanned(
            &input.generics,
            "TagFirst takes no generics",
        ));
    }
    let (tag, content, container) = container_attrs(&input.attrs)?;
    let tag = tag.ok_or_else(|| {
        syn::Error::new_spanned(&input.ident, "TagFirst needs #[serde(tag = \"…\")]")
    })?;
    let ident = &input.ident;
    let remote = ident.to_string();
    let mirror = format_ident!("__TagFirst{}", ident);
    let variants = data.variants.iter().map(|v| {
        let attrs = serde_attrs(&v.attrs);
        let name = &v.ident;
        let fields = match &v.fields {
            syn::Fields::Named(named) => {
                let fields = named.named.iter().map(|f| {
                    let attrs = serde_attrs(&f.attrs);
                    let (name, ty) = (&f.ident, &f.ty);
                    quote! { #(#attrs)* #name: #ty }
                });
                quote! { { #(#fields),* } }
            }
            syn::Fields::Unnamed(unnamed) => {
                let fields = unnamed.unnamed.iter().map(|f| {
                    let attrs = serde_attrs(&f.attrs);
                    let ty = &f.ty;
                    quote! { #(#attrs)* #ty }
                });
                quote! { ( #(#fields),* ) }
            }
            syn::Fields::Unit => quote! {},
        };
        quote! { #(#attrs)* #name #fields }
    });
    let runtime = match content {
        Some(content) => {
            quote! { ::shared::wire::TagFirst::adjacent(deserializer, #tag, #content) }
        }
        None => quote! { ::shared::wire::TagFirst::internal(deserializer, #tag) },
    };
    Ok(quote! {
        const _: () = {
            #[derive(::serde::Deserialize)]
            #[serde(remote = #remote)]
            #(#container)*
            #[allow(dead_code)]
            enum #mirror { #(#variants),* }

            impl<'de> ::serde::Deserialize<'de> for #ident {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    #mirror::deserialize(#runtime)
                }
            }
        };
    })
}

/// The enum's `tag` and `content` names, and its other `#[serde(…)]` attributes (without those two) to copy.
fn container_attrs(
    attrs: &[Attribute],
) -> syn::Result<(Option<String>, Option<String>, Vec<TokenStream2>)> {
    let (mut tag, mut content, mut rest) = (None, None, Vec::new());
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let metas = attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)?;
        let mut kept = Vec::new();
        for meta in metas {
            match &meta {
                Meta::NameValue(nv) if nv.path.is_ident("tag") => {
                    tag = Some(string_value(&nv.value)?)
                }
                Meta::NameValue(nv) if nv.path.is_ident("content") => {
                    content = Some(string_value(&nv.value)?)
                }
                Meta::Path(p) if p.is_ident("untagged") => {
                    return Err(syn::Error::new_spanned(p, "TagFirst is for tagged enums"))
                }
                _ => kept.push(meta),
            }
        }
        if !kept.is_empty() {
            rest.push(quote! { #[serde(#(#kept),*)] });
        }
    }
    Ok((tag, content, rest))
}

fn string_value(expr: &Expr) -> syn::Result<String> {
    match expr {
        Expr::Lit(lit) => match &lit.lit {
            Lit::Str(s) => Ok(s.value()),
            other => Err(syn::Error::new_spanned(other, "expected a string")),
        },
        other => Err(syn::Error::new_spanned(other, "expected a string")),
    }
}

fn serde_attrs(attrs: &[Attribute]) -> Vec<&Attribute> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("serde"))
        .collect()
}
