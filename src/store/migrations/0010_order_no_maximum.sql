-- mapo schema, protection: a kind of order with no statutory maximum (issue 8, part 2).
--
-- Act 670 s.54(3) as amended lets the Magistrate extend a protection order "for such further
-- period as the Magistrate thinks fit": no longest term to compute. data/orders.csv says so with an
-- empty duration and unit, and order_kinds keeps them NULL (both, the loader sees to it); an order
-- of such a kind carries the end date the court set. The columns are made again without NOT NULL
-- (SQLite cannot drop a constraint), keeping their names and values.

ALTER TABLE order_kinds ADD COLUMN duration_new INTEGER CHECK (duration_new > 0);
ALTER TABLE order_kinds ADD COLUMN unit_new TEXT CHECK (unit_new IN ('days', 'months'));
UPDATE order_kinds SET duration_new = duration, unit_new = unit;
ALTER TABLE order_kinds DROP COLUMN duration;
ALTER TABLE order_kinds DROP COLUMN unit;
ALTER TABLE order_kinds RENAME COLUMN duration_new TO duration;
ALTER TABLE order_kinds RENAME COLUMN unit_new TO unit;
