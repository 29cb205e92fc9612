//! A stock sheet of the back office (feature `office`): the items of a purchase order, of what arrived against
//! it, or of a count, each with its codes, its cost and a quantity typed or scanned. A keyboard-wedge scan
//! (digits, then Enter) adds 1 of the item whose barcode (or SKU) it is; the count's variance report is
//! counted minus expected per item and its value at cost.

use super::error::RuleError;
use rust_decimal::Decimal;
use shared::catalog::Product;
use shared::stock::StockLine;

/// One item on a sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetLine {
    pub product_id: String,
    pub sku: String,
    pub name: String,
    /// Every barcode of the item.
    pub barcodes: Vec<String>,
    /// Cost per unit (the order's unit cost, else the item's moving average cost); `None` when unknown.
    pub cost: Option<Decimal>,
    /// What the ledger holds at the location (a count), or what is still to arrive (a receipt).
    pub expected: Decimal,
    /// Typed or scanned: ordered, arrived or counted.
    pub quantity: Decimal,
}

impl SheetLine {
    /// A line for `p` with nothing entered yet.
    pub fn of(p: &Product, expected: Decimal) -> SheetLine {
        SheetLine {
            product_id: p.id.clone(),
            sku: p.sku.clone(),
            name: p.name.clone(),
            barcodes: p.barcodes().map(str::to_owned).collect(),
            cost: p.cost,
            expected,
            quantity: Decimal::ZERO,
        }
    }

    /// Counted minus expected.
    pub fn difference(&self) -> Decimal {
        self.quantity - self.expected
    }
}

/// What was typed into a sheet's scan box.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry<'a> {
    /// Digits only: a keyboard-wedge scan of a barcode.
    Scan(&'a str),
    /// Anything else: an SKU typed (matched the same way, exactly).
    Code(&'a str),
    Empty,
}

/// Classify the scan box's text (trimmed).
pub fn read_entry(text: &str) -> Entry<'_> {
    let t = text.trim();
    if t.is_empty() {
        Entry::Empty
    } else if t.bytes().all(|b| b.is_ascii_digit()) {
        Entry::Scan(t)
    } else {
        Entry::Code(t)
    }
}

/// A quantity typed on a sheet: a decimal number (`,` or `.`), 0 or more (a count may find none).
pub fn read_sheet_quantity(text: &str) -> Result<Decimal, RuleError> {
    let q: Decimal = text
        .trim()
        .replace(',', ".")
        .parse()
        .map_err(|_| RuleError::StockCount)?;
    if q.is_sign_negative() {
        return Err(RuleError::StockCount);
    }
    Ok(q)
}

/// The variance report of a count.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Variance {
    /// Items whose count differs from what was expected, with the difference's value at cost (0 when the cost
    /// is unknown).
    pub lines: Vec<(usize, Decimal, Decimal)>,
    /// Sum of the differences (units).
    pub units: Decimal,
    /// Sum of the differences' values at cost.
    pub value: Decimal,
    /// Items with a difference but no cost known (their value is left out).
    pub without_cost: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sheet {
    pub lines: Vec<SheetLine>,
}

impl Sheet {
    /// The line whose barcode is `code` exactly, else whose SKU is `code` (ignoring case).
    pub fn find(&self, code: &str) -> Option<usize> {
        let code = code.trim();
        self.lines
            .iter()
            .position(|l| l.barcodes.iter().any(|b| b == code))
            .or_else(|| {
                self.lines
                    .iter()
                    .position(|l| l.sku.eq_ignore_ascii_case(code))
            })
    }

    /// A scan or a typed code: adds 1 to its line; answers the line.
    pub fn scan(&mut self, text: &str) -> Result<Option<usize>, RuleError> {
        let code = match read_entry(text) {
            Entry::Empty => return Ok(None),
            Entry::Scan(c) | Entry::Code(c) => c,
        };
        let i = self
            .find(code)
            .ok_or_else(|| RuleError::StockUnknownCode(code.to_owned()))?;
        self.lines[i].quantity += Decimal::ONE;
        Ok(Some(i))
    }

    /// Set line `i` to the quantity typed.
    pub fn set(&mut self, i: usize, text: &str) -> Result<(), RuleError> {
        let q = read_sheet_quantity(text)?;
        if let Some(l) = self.lines.get_mut(i) {
            l.quantity = q;
        }
        Ok(())
    }

    /// Set line `i`'s cost per unit to the amount typed.
    pub fn set_cost(&mut self, i: usize, text: &str) -> Result<(), RuleError> {
        let c = read_sheet_quantity(text)?;
        if let Some(l) = self.lines.get_mut(i) {
            l.cost = Some(c);
        }
        Ok(())
    }

    /// Add an item (not twice); answers its line.
    pub fn add(&mut self, line: SheetLine) -> usize {
        match self
            .lines
            .iter()
            .position(|l| l.product_id == line.product_id)
        {
            Some(i) => i,
            None => {
                self.lines.push(line);
                self.lines.len() - 1
            }
        }
    }

    /// The lines with a quantity above 0, for a purchase order's receipt.
    pub fn entered(&self) -> Vec<StockLine> {
        self.lines
            .iter()
            .filter(|l| l.quantity > Decimal::ZERO)
            .map(|l| StockLine {
                product_id: l.product_id.clone(),
                quantity: l.quantity,
            })
            .collect()
    }

    /// Every line as counted (0 included: a count that found none).
    pub fn counted(&self) -> Vec<StockLine> {
        self.lines
            .iter()
            .map(|l| StockLine {
                product_id: l.product_id.clone(),
                quantity: l.quantity,
            })
            .collect()
    }

    /// Sum of quantity × cost (an order's total; unknown costs count 0).
    pub fn total(&self) -> Decimal {
        self.lines
            .iter()
            .map(|l| l.quantity * l.cost.unwrap_or_default())
            .sum()
    }

    /// Counted against expected, per item and in sum, valued at cost.
    pub fn variance(&self) -> Variance {
        let mut v = Variance::default();
        for (i, l) in self.lines.iter().enumerate() {
            let d = l.difference();
            if d.is_zero() {
                continue;
            }
            let value = match l.cost {
                Some(c) => d * c,
                None => {
                    v.without_cost += 1;
                    Decimal::ZERO
                }
            };
            v.units += d;
            v.value += value;
            v.lines.push((i, d, value));
        }
        v
    }
}

/// The sheet of what `order` asked for (quantities ordered, its unit costs), named from `products` (an item
/// the catalog no longer has keeps its id as its name): an order read back from the server.
pub fn ordered_sheet(order: &shared::purchasing::PurchaseOrder, products: &[Product]) -> Sheet {
    let lines = order
        .lines
        .iter()
        .map(|o| {
            let base = match products.iter().find(|p| p.id == o.product_id) {
                Some(p) => SheetLine::of(p, Decimal::ZERO),
                None => SheetLine {
                    product_id: o.product_id.clone(),
                    sku: String::new(),
                    name: o.product_id.clone(),
                    barcodes: Vec::new(),
                    cost: None,
                    expected: Decimal::ZERO,
                    quantity: Decimal::ZERO,
                },
            };
            SheetLine {
                cost: Some(o.unit_cost),
                quantity: o.ordered,
                ..base
            }
        })
        .collect();
    Sheet { lines }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(id: &str, barcode: &str, cost: Option<i64>, expected: i64) -> SheetLine {
        SheetLine {
            product_id: id.into(),
            sku: format!("SKU-{id}"),
            name: id.into(),
            barcodes: vec![barcode.into()],
            cost: cost.map(|c| Decimal::new(c, 2)),
            expected: Decimal::from(expected),
            quantity: Decimal::ZERO,
        }
    }

    fn sheet() -> Sheet {
        Sheet {
            lines: vec![
                line("a", "4000001", Some(150), 10),
                line("b", "4000002", None, 3),
            ],
        }
    }

    #[test]
    fn a_wedge_scan_is_digits_anything_else_a_code() {
        assert_eq!(read_entry(" 4000001\n"), Entry::Scan("4000001"));
        assert_eq!(read_entry("sku-a"), Entry::Code("sku-a"));
        assert_eq!(read_entry("  "), Entry::Empty);
    }

    #[test]
    fn scans_add_one_to_the_line_of_the_barcode_or_sku() {
        let mut s = sheet();
        assert_eq!(s.scan("4000002"), Ok(Some(1)));
        assert_eq!(s.scan("4000002\r\n"), Ok(Some(1)));
        assert_eq!(s.scan("sku-A"), Ok(Some(0)));
        assert_eq!(s.scan(""), Ok(None));
        assert_eq!(
            s.scan("999"),
            Err(RuleError::StockUnknownCode("999".into()))
        );
        assert_eq!(s.lines[1].quantity, Decimal::from(2));
        assert_eq!(s.lines[0].quantity, Decimal::ONE);
        assert_eq!(
            s.entered().iter().map(|l| l.quantity).collect::<Vec<_>>(),
            vec![Decimal::ONE, Decimal::from(2)]
        );
    }

    #[test]
    fn typed_quantities_are_zero_or_more() {
        let mut s = sheet();
        assert_eq!(s.set(0, " 2,5 "), Ok(()));
        assert_eq!(s.lines[0].quantity, Decimal::new(25, 1));
        assert_eq!(s.set(0, "-1"), Err(RuleError::StockCount));
        assert_eq!(s.set(0, "x"), Err(RuleError::StockCount));
        assert_eq!(s.set(1, "0"), Ok(()));
        assert_eq!(s.entered().len(), 1);
        assert_eq!(s.counted().len(), 2);
    }

    #[test]
    fn adding_an_item_twice_keeps_one_line() {
        let mut s = sheet();
        assert_eq!(s.add(line("b", "x", None, 0)), 1);
        assert_eq!(s.add(line("c", "x", None, 0)), 2);
        assert_eq!(s.lines.len(), 3);
    }

    #[test]
    fn the_order_total_is_quantity_times_cost() {
        let mut s = sheet();
        s.set(0, "4").unwrap();
        s.set(1, "7").unwrap();
        assert_eq!(s.total(), Decimal::new(600, 2));
        s.set_cost(1, "0,10").unwrap();
        assert_eq!(s.total(), Decimal::new(670, 2));
        assert_eq!(s.set_cost(1, "-1"), Err(RuleError::StockCount));
    }

    #[test]
    fn the_variance_sums_differences_and_their_value_at_cost() {
        let mut s = sheet();
        s.set(0, "8").unwrap(); // 2 short at 1.50
        s.set(1, "5").unwrap(); // 2 over, no cost
        let v = s.variance();
        assert_eq!(
            v.lines,
            vec![
                (0, Decimal::from(-2), Decimal::new(-300, 2)),
                (1, Decimal::from(2), Decimal::ZERO)
            ]
        );
        assert_eq!(v.units, Decimal::ZERO);
        assert_eq!(v.value, Decimal::new(-300, 2));
        assert_eq!(v.without_cost, 1);
        s.set(1, "3").unwrap();
        assert_eq!(s.variance().lines.len(), 1);
    }

    #[test]
    fn an_order_read_back_is_named_from_its_products() {
        use shared::purchasing::{OrderStatus, PurchaseOrder, PurchaseOrderLine};
        let at = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
        let order = PurchaseOrder {
            id: uuid::Uuid::nil(),
            supplier_id: uuid::Uuid::nil(),
            location_id: uuid::Uuid::nil(),
            status: OrderStatus::PartlyReceived,
            lines: ["p1", "gone"]
                .iter()
                .map(|id| PurchaseOrderLine {
                    product_id: (*id).into(),
                    ordered: Decimal::from(12),
                    received: Decimal::from(6),
                    unit_cost: Decimal::new(250, 2),
                })
                .collect(),
            created_at: at,
            expected_at: at,
        };
        let p1 = Product {
            id: "p1".into(),
            name: "Rye bread".into(),
            sku: "RYE".into(),
            barcode: Some("4000001".into()),
            ..Default::default()
        };
        let sheet = ordered_sheet(&order, &[p1]);
        assert_eq!(sheet.lines[0].name, "Rye bread");
        assert_eq!(sheet.lines[0].barcodes, ["4000001"]);
        assert_eq!(sheet.lines[0].quantity, Decimal::from(12));
        assert_eq!(sheet.lines[0].cost, Some(Decimal::new(250, 2)));
        assert_eq!(sheet.lines[1].name, "gone");
    }
}
