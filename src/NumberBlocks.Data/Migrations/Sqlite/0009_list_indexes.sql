-- Issue 3: indexes for the list endpoints and filters (the same set as Postgres/0009_list_indexes.sql).
-- GET /admin/v1/accounts: ORDER BY created_at, id.
CREATE INDEX ix_accounts_created ON accounts(created_at, id);
-- GET /v2/porting_orders: account_id = ? [AND status IN (…)] ORDER BY created_at DESC, id DESC.
CREATE INDEX ix_porting_orders_account_created_id ON porting_orders(account_id, created_at, id);
CREATE INDEX ix_porting_orders_account_status_created ON porting_orders(account_id, status, created_at);
-- filter[customer_reference] and filter[customer_group_reference] within an account.
CREATE INDEX ix_porting_orders_account_customer_ref ON porting_orders(account_id, customer_reference) WHERE customer_reference IS NOT NULL;
CREATE INDEX ix_porting_orders_account_customer_group_ref ON porting_orders(account_id, customer_group_reference) WHERE customer_group_reference IS NOT NULL;
-- GET /admin/v1/porting_orders across accounts: ORDER BY created_at DESC, id DESC, optionally by status.
CREATE INDEX ix_porting_orders_created_id ON porting_orders(created_at, id);
-- ix_porting_orders_status_created (operator list by status) comes with 0004_porting_completion.
-- GET /v2/porting_phone_numbers?filter[porting_order_id]=…&filter[activate]=…: count and page in number order.
CREATE INDEX ix_porting_phone_numbers_order_activate_number ON porting_phone_numbers(porting_order_id, activate, phone_number);
-- filter[porting_phone_number_id] on extensions, and the ON DELETE CASCADE from porting_phone_numbers.
CREATE INDEX ix_porting_extensions_number ON porting_extensions(porting_phone_number_id);
