-- Each set keeps its weight as the user typed it ("5 lb"), so it is shown back in that unit.
-- Older rows have neither column set and read as kg.
ALTER TABLE log_sets ADD COLUMN weight_as_typed REAL;
ALTER TABLE log_sets ADD COLUMN weight_unit TEXT CHECK (weight_unit IN ('kg', 'lb'));
