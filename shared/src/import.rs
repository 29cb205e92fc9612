//! Wire types of the catalog CSV import: the job the back office polls for its progress bar, and each problem
//! found in the file (row, column, reason).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The decimal separator of a file, as the user picked it: `.` (`12.50`) or `,` (`12,50`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DecimalSeparator {
    #[default]
    #[serde(rename = ".")]
    Dot,
    #[serde(rename = ",")]
    Comma,
}

impl DecimalSeparator {
    pub fn char(self) -> char {
        match self {
            DecimalSeparator::Dot => '.',
            DecimalSeparator::Comma => ',',
        }
    }

    /// The separator this file does not use.
    pub fn other(self) -> char {
        match self {
            DecimalSeparator::Dot => ',',
            DecimalSeparator::Comma => '.',
        }
    }
}

impl std::fmt::Display for DecimalSeparator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.char())
    }
}

impl std::str::FromStr for DecimalSeparator {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "." => Ok(DecimalSeparator::Dot),
            "," => Ok(DecimalSeparator::Comma),
            other => Err(format!(
                "the decimal separator is `.` or `,`, not `{other}`"
            )),
        }
    }
}

/// Where an import is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportState {
    /// Reading and checking every row; nothing written yet.
    Validating,
    /// Every row checked; writing them in one transaction.
    Writing,
    /// Finished: written (or, for a dry run, checked) as `rows_written` says.
    Done,
    /// Bad rows and not "only the good rows": nothing was written.
    Rejected,
    /// The server could not finish (e.g. the database failed): nothing was written.
    Failed,
}

impl ImportState {
    pub fn is_finished(self) -> bool {
        matches!(
            self,
            ImportState::Done | ImportState::Rejected | ImportState::Failed
        )
    }
}

/// One problem in the file. Row 1 is the header; the first product is row 2.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowProblem {
    pub row: u64,
    /// The column's name in the file, when the problem is in one column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// A stable code, e.g. `duplicate_sku`, `invalid_gtin`, `ambiguous_number`, `unknown_column`.
    pub code: String,
    /// What is wrong, for people.
    pub message: String,
}

/// An import job: its options, progress and (one page of) the problems found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportJob {
    pub id: Uuid,
    pub state: ImportState,
    /// Only check the file; write nothing.
    pub dry_run: bool,
    /// Write the good rows even when some are bad (the bad ones are listed and skipped).
    pub only_good_rows: bool,
    pub decimal_separator: DecimalSeparator,
    /// Products (data rows) in the file; 0 until the file has been read.
    pub total_rows: u64,
    pub rows_validated: u64,
    /// Rows written so far (all of them are visible only once the job is `done`: one transaction).
    pub rows_written: u64,
    /// Rows with at least one problem.
    pub rows_bad: u64,
    /// All problems found (also those in the header and file-wide ones).
    pub problem_count: u64,
    /// Problems from `problems_after` on, at most `problems_limit` of them, in row order.
    pub problems: Vec<RowProblem>,
    /// Pass as `problems_after` to get the next page of problems; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_problems_after: Option<u64>,
    /// Why a `failed` job failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    pub started_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<DateTime<Utc>>,
}
