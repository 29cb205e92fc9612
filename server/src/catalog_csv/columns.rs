//! The file's columns: their names, which are required, and where each is in a given file's header.

use super::report::{codes, Problems};
use csv::StringRecord;

/// Option columns: as many options as a product group may have.
pub const OPTION_SLOTS: usize = shared::catalog::validate::MAX_OPTIONS;

/// A column of the products file (see the module documentation of `catalog_csv` for what each holds).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    Sku,
    Name,
    Group,
    GroupName,
    Option1Name,
    Option1Value,
    Option2Name,
    Option2Value,
    Option3Name,
    Option3Value,
    Option4Name,
    Option4Value,
    Option5Name,
    Option5Value,
    Barcodes,
    Category,
    TaxRate,
    Unit,
    Price,
    Cost,
    Tracking,
    ModifierGroups,
    Image,
    Active,
}

impl Column {
    /// Every column, in the order an export writes them.
    pub const ALL: [Column; 24] = [
        Column::Sku,
        Column::Name,
        Column::Group,
        Column::GroupName,
        Column::Option1Name,
        Column::Option1Value,
        Column::Option2Name,
        Column::Option2Value,
        Column::Option3Name,
        Column::Option3Value,
        Column::Option4Name,
        Column::Option4Value,
        Column::Option5Name,
        Column::Option5Value,
        Column::Barcodes,
        Column::Category,
        Column::TaxRate,
        Column::Unit,
        Column::Price,
        Column::Cost,
        Column::Tracking,
        Column::ModifierGroups,
        Column::Image,
        Column::Active,
    ];

    /// The option columns: (name, value) of options 1 to [`OPTION_SLOTS`], as many as a group may have.
    pub const OPTIONS: [(Column, Column); OPTION_SLOTS] = [
        (Column::Option1Name, Column::Option1Value),
        (Column::Option2Name, Column::Option2Value),
        (Column::Option3Name, Column::Option3Value),
        (Column::Option4Name, Column::Option4Value),
        (Column::Option5Name, Column::Option5Value),
    ];

    /// The column's name in a file's header.
    pub fn name(self) -> &'static str {
        match self {
            Column::Sku => "sku",
            Column::Name => "name",
            Column::Group => "group",
            Column::GroupName => "group_name",
            Column::Option1Name => "option1_name",
            Column::Option1Value => "option1_value",
            Column::Option2Name => "option2_name",
            Column::Option2Value => "option2_value",
            Column::Option3Name => "option3_name",
            Column::Option3Value => "option3_value",
            Column::Option4Name => "option4_name",
            Column::Option4Value => "option4_value",
            Column::Option5Name => "option5_name",
            Column::Option5Value => "option5_value",
            Column::Barcodes => "barcodes",
            Column::Category => "category",
            Column::TaxRate => "tax_rate",
            Column::Unit => "unit",
            Column::Price => "price",
            Column::Cost => "cost",
            Column::Tracking => "tracking",
            Column::ModifierGroups => "modifier_groups",
            Column::Image => "image",
            Column::Active => "active",
        }
    }

    /// Whether every file must have this column.
    pub fn required(self) -> bool {
        matches!(
            self,
            Column::Sku | Column::Name | Column::Category | Column::TaxRate | Column::Price
        )
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Where each known column is in one file (`None`: the file has no such column).
#[derive(Clone, Debug)]
pub struct Header {
    at: [Option<usize>; Column::ALL.len()],
}

impl Header {
    /// Read the header row: names are matched without case and surrounding spaces; an unknown, repeated or
    /// missing required column is a problem on row 1.
    pub fn read(record: &StringRecord, problems: &mut Problems) -> Header {
        let mut at = [None; Column::ALL.len()];
        for (i, raw) in record.iter().enumerate() {
            let name = raw.trim().to_ascii_lowercase();
            match Column::ALL.iter().find(|c| c.name() == name) {
                Some(c) if at[c.index()].is_some() => problems.add(
                    1,
                    Some(raw),
                    codes::DUPLICATE_COLUMN,
                    format!("the column `{}` appears more than once", c.name()),
                ),
                Some(c) => at[c.index()] = Some(i),
                None => problems.add(
                    1,
                    Some(raw),
                    codes::UNKNOWN_COLUMN,
                    format!(
                        "unknown column `{raw}`; the columns are: {}",
                        Column::ALL.map(Column::name).join(", ")
                    ),
                ),
            }
        }
        for c in Column::ALL {
            if c.required() && at[c.index()].is_none() {
                problems.add(
                    1,
                    Some(c.name()),
                    codes::MISSING_COLUMN,
                    format!("the required column `{}` is missing", c.name()),
                );
            }
        }
        Header { at }
    }

    pub fn has(&self, c: Column) -> bool {
        self.at[c.index()].is_some()
    }

    /// The cell of column `c` in `record`, trimmed; empty when the file has no such column.
    pub fn cell<'r>(&self, record: &'r StringRecord, c: Column) -> &'r str {
        self.at[c.index()]
            .and_then(|i| record.get(i))
            .map_or("", str::trim)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_in_order() {
        let names = Column::ALL.map(Column::name);
        let mut sorted = names.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len());
        for (i, c) in Column::ALL.iter().enumerate() {
            assert_eq!(c.index(), i, "{c:?}");
        }
    }

    #[test]
    fn unknown_repeated_and_missing_columns_are_reported_on_row_one() {
        let mut problems = Problems::default();
        let header = Header::read(
            &StringRecord::from(vec![" SKU ", "Name", "colour", "name", "price"]),
            &mut problems,
        );
        assert!(header.has(Column::Sku) && header.has(Column::Price));
        let found: Vec<(u64, Option<&str>, &str)> = problems
            .list()
            .iter()
            .map(|p| (p.row, p.column.as_deref(), p.code.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![
                (1, Some("colour"), codes::UNKNOWN_COLUMN),
                (1, Some("name"), codes::DUPLICATE_COLUMN),
                (1, Some("category"), codes::MISSING_COLUMN),
                (1, Some("tax_rate"), codes::MISSING_COLUMN),
            ]
        );
        let row = StringRecord::from(vec![" A-1 ", "Tea", "x", "y", "2.50"]);
        assert_eq!(header.cell(&row, Column::Sku), "A-1");
        assert_eq!(header.cell(&row, Column::Cost), "");
    }
}
