//! Product groups (the parents of variants) and modifier groups on both stores: their rows, written through
//! [`Upsert`] on the change sequence, and read back for pulls and checks.

use super::sql::{Columns, Json};
use super::upsert::Upsert;
use super::{StoreError, StoreResult};
use shared::catalog::{ModifierGroup, ProductGroup};

pub const PRODUCT_GROUPS_SQL: &str =
    "SELECT id, name, category_id, option_names, active, version, change_seq FROM product_groups";

pub const MODIFIER_GROUPS_SQL: &str =
    "SELECT id, name, min_choices, max_choices, options, active, version, \
     change_seq FROM modifier_groups";

pub fn product_group_row(g: &ProductGroup) -> StoreResult<Upsert<'_>> {
    Ok(Upsert::new("product_groups", "id", &g.id)
        .col("name", &g.name)
        .col("category_id", &g.category_id)
        .col("option_names", Json::of(&g.option_names)?)
        .col("active", g.active)
        .versioned("version"))
}

pub fn modifier_group_row(g: &ModifierGroup) -> StoreResult<Upsert<'_>> {
    Ok(Upsert::new("modifier_groups", "id", &g.id)
        .col("name", &g.name)
        .col("min_choices", i64::from(g.min_choices))
        .col("max_choices", i64::from(g.max_choices))
        .col("options", Json::of(&g.options)?)
        .col("active", g.active)
        .versioned("version"))
}

pub fn product_group_from_row(row: &impl Columns) -> StoreResult<ProductGroup> {
    Ok(ProductGroup {
        id: row.text("id")?,
        name: row.text("name")?,
        category_id: row.text("category_id")?,
        option_names: row.json("option_names")?,
        active: row.flag("active")?,
        version: row.int("version")?,
    })
}

pub fn modifier_group_from_row(row: &impl Columns) -> StoreResult<ModifierGroup> {
    let count = |col: &str| {
        let n = row.int(col)?;
        u32::try_from(n).map_err(|_| StoreError::Corrupt(format!("{col} {n}")))
    };
    Ok(ModifierGroup {
        id: row.text("id")?,
        name: row.text("name")?,
        min_choices: count("min_choices")?,
        max_choices: count("max_choices")?,
        options: row.json("options")?,
        active: row.flag("active")?,
        version: row.int("version")?,
    })
}
