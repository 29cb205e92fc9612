//! Products with variants as CSV: import (validated in full first) and export, read and written with the `csv`
//! crate. One row per sellable item (a product, or one variant of a product group); `server import products`,
//! `server export products` and the back office's import jobs all go through here.
//!
//! Columns (the header row names them, in any order, without regard to case; * = required):
//!
//! | column | holds |
//! | --- | --- |
//! | `sku`* | the item's SKU, unique in the catalog; an import matches existing items by it |
//! | `name`* | the item's name at the till (a variant's own, e.g. `T-shirt M red`) |
//! | `group` | the product group (handle) the item is a variant of; rows with the same `group` are its variants; empty: a plain product |
//! | `group_name` | the group's name (default: the `group` handle); may be given on its first row only |
//! | `option1_name` … `option5_name` | the group's options (e.g. `Size`, `Colour`), the same on every row of the group (or given on its first row only) |
//! | `option1_value` … `option5_value` | the item's value of each option (e.g. `M`); the combination is unique in the group |
//! | `barcodes` | GTINs (EAN-13, UPC-A, EAN-8, GTIN-14) with a correct check digit, separated by `\|`; unique in the catalog |
//! | `category`* | the category's id (it must exist) |
//! | `tax_rate`* | the tax rate's id (it must exist) |
//! | `unit` | `each` (default), `kilogram` or `litre` |
//! | `price`* | the shelf price per unit, not negative, at most the currency's decimals |
//! | `cost` | what one unit costs the shop, not negative (empty: unknown) |
//! | `tracking` | `none` (default), `lot_expiry` or `serial` |
//! | `modifier_groups` | ids of modifier groups offered with the item, separated by `\|` |
//! | `image` | an image URL or the id of an uploaded image |
//! | `active` | `true` (default) or `false` (also `yes`/`no`, `1`/`0`) |
//!
//! Numbers use the decimal separator the user picked for the file (`.` or `,`, see [`number`]); the cell
//! delimiter is `,` unless chosen otherwise (`;` is usual with `,` decimals). Row 1 is the header; every
//! problem names its row, its column and why. Nothing is written unless every row is good, or the user chose
//! to write only the good rows; the write is one transaction in which every item takes the next change
//! sequence value, so terminals pull the import as one batch of changes.

mod against;
pub mod cells;
pub mod columns;
pub mod command;
pub mod existing;
pub mod export;
mod groups;
pub mod job;
pub mod number;
pub mod read;
pub mod report;
pub mod rows;
pub mod run;
pub mod sample;
pub mod validate;
