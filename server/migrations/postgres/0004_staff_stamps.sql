-- Staff stamps: who made each document (the cashier signed in at the till) and who approved it (a supervisor's
-- or manager's PIN). Taken from the pushed document's stamps; NULL on documents made before stamps existed. No
-- foreign key to staff: documents are facts, and a terminal may stamp someone the server does not (yet) know.

ALTER TABLE sales ADD COLUMN cashier_id UUID, ADD COLUMN approver_id UUID;
ALTER TABLE refunds ADD COLUMN cashier_id UUID, ADD COLUMN approver_id UUID;
ALTER TABLE voids ADD COLUMN cashier_id UUID, ADD COLUMN approver_id UUID;
ALTER TABLE cash_movements ADD COLUMN cashier_id UUID, ADD COLUMN approver_id UUID;

CREATE INDEX sales_cashier ON sales (cashier_id) WHERE cashier_id IS NOT NULL;
CREATE INDEX refunds_cashier ON refunds (cashier_id) WHERE cashier_id IS NOT NULL;
