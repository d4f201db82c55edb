-- When a porting phone number itself last changed (activated later, or its extensions activated); null until then,
-- when its order's updated_at stands for it.
ALTER TABLE porting_phone_numbers ADD COLUMN updated_at timestamptz NULL;
