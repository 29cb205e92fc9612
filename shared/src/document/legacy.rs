//! Sales stored before the commerce engine (the simple [`crate::sale::Sale`]) as [`SaleDocument`]s, written
//! once for the server (reading old sale bodies) and the terminal (upgrading its stored sales and outbox).

use super::SaleDocument;
use crate::basket::Unit;
use crate::pricing::priced::{LineTax, PricedCart, PricedLine, RateTotal};
use crate::promotion::CouponOutcome;
use crate::sale::Sale;
use crate::tender::{Payment, Settlement};
use rust_decimal::Decimal;

impl SaleDocument {
    /// The legacy sale as a document: one tax per line, no adjustments, cash and card payments, no tip. Its
    /// figures are the stored ones, so it passes [`SaleDocument::verify`] whenever the legacy sale was valid.
    pub fn from_legacy(sale: &Sale) -> SaleDocument {
        let zero = Decimal::new(0, sale.currency.scale);
        let inclusive = sale.tax_mode == crate::catalog::TaxMode::Inclusive;
        let lines: Vec<PricedLine> = sale
            .lines
            .iter()
            .map(|l| {
                let shelf = if inclusive { l.gross } else { l.net };
                PricedLine {
                    product_id: l.product_id.clone(),
                    name: l.name.clone(),
                    sku: l.sku.clone(),
                    category_id: String::new(),
                    quantity: l.quantity,
                    unit: Unit::Each,
                    list_unit_price: l.unit_price,
                    unit_price: l.unit_price,
                    price_list: None,
                    base: shelf,
                    adjustments: vec![],
                    amount: shelf,
                    exemption: zero,
                    taxes: vec![LineTax {
                        rate_id: l.tax_rate_id.clone(),
                        name: l.tax_name.clone(),
                        percent: l.tax_percent,
                        compound: false,
                        tax: l.tax,
                    }],
                    net: l.net,
                    tax: l.tax,
                    gross: l.gross,
                    list_net: l.net,
                    modifiers: vec![],
                }
            })
            .collect();
        let taxes = sale
            .taxes
            .iter()
            .map(|t| RateTotal {
                rate_id: t.rate_id.clone(),
                name: t.name.clone(),
                percent: t.percent,
                compound: false,
                net: t.net,
                tax: t.tax,
                gross: t.gross,
            })
            .collect();
        let payments: Vec<Payment> = sale.tenders.iter().map(Payment::from).collect();
        let paid = payments.iter().map(Payment::amount).sum();
        SaleDocument {
            id: sale.id,
            device_id: sale.device_id,
            receipt_no: sale.receipt_no.clone(),
            created_at: sale.created_at,
            customer_id: None,
            priced: PricedCart {
                currency: sale.currency.clone(),
                tax_mode: sale.tax_mode,
                tax_rounding: crate::catalog::TaxRounding::PerLine,
                subtotal: lines.iter().map(|l| l.base).sum(),
                discount: zero,
                exemption: zero,
                net: sale.net,
                tax: sale.tax,
                total: sale.total,
                lines,
                taxes,
                promotions: vec![],
                coupons: Vec::<CouponOutcome>::new(),
            },
            tip: zero,
            payments,
            settlement: Settlement {
                due: sale.total,
                paid,
                rounding: zero,
                change: sale.change,
            },
            cashier: None,
            approval: None,
        }
    }
}
