-- Telnyx porting to the letter (telnyx-porting-core.yml):
-- 1. Every field of end_user.admin, end_user.location, documents, misc, phone_number_configuration and user_feedback
--    gets a column of its own, copied from the JSON columns that held them, which are then dropped: a PATCH replaces
--    exactly the fields it names, and the list filters (filter[end_user][admin][entity_name], filter[misc][type], …)
--    compare indexed columns instead of parsing JSON.
-- 2. old_service_provider_ocn (the losing carrier; filter[phone_numbers][carrier_name]).
-- 3. Sharing tokens of porting orders (actions/share).
-- 4. Indexes for the filters and sorts of GET /v2/porting_orders (plans checked with EXPLAIN on PostgreSQL).
-- Old documents ids and ratings that the new rules refuse (not a uuid; a rating outside 1..5) are not carried over.

ALTER TABLE porting_orders ADD COLUMN admin_account_number text NULL;
ALTER TABLE porting_orders ADD COLUMN admin_auth_person_name text NULL;
ALTER TABLE porting_orders ADD COLUMN admin_billing_phone_number text NULL;
ALTER TABLE porting_orders ADD COLUMN admin_business_identifier text NULL;
ALTER TABLE porting_orders ADD COLUMN admin_entity_name text NULL;
ALTER TABLE porting_orders ADD COLUMN admin_pin_passcode text NULL;
ALTER TABLE porting_orders ADD COLUMN admin_tax_identifier text NULL;
ALTER TABLE porting_orders ADD COLUMN location_administrative_area text NULL;
ALTER TABLE porting_orders ADD COLUMN location_country_code text NULL;
ALTER TABLE porting_orders ADD COLUMN location_extended_address text NULL;
ALTER TABLE porting_orders ADD COLUMN location_locality text NULL;
ALTER TABLE porting_orders ADD COLUMN location_postal_code text NULL;
ALTER TABLE porting_orders ADD COLUMN location_street_address text NULL;
ALTER TABLE porting_orders ADD COLUMN misc_new_billing_phone_number text NULL;
ALTER TABLE porting_orders ADD COLUMN config_billing_group_id text NULL;
ALTER TABLE porting_orders ADD COLUMN config_connection_id text NULL;
ALTER TABLE porting_orders ADD COLUMN config_emergency_address_id text NULL;
ALTER TABLE porting_orders ADD COLUMN config_messaging_profile_id text NULL;
ALTER TABLE porting_orders ADD COLUMN feedback_user_comment text NULL;
ALTER TABLE porting_orders ADD COLUMN old_service_provider_ocn text NULL;
ALTER TABLE porting_orders ADD COLUMN documents_invoice uuid NULL;
ALTER TABLE porting_orders ADD COLUMN documents_loa uuid NULL;
ALTER TABLE porting_orders ADD COLUMN misc_type text NULL CHECK (misc_type IN ('full', 'partial'));
ALTER TABLE porting_orders ADD COLUMN misc_remaining_numbers_action text NULL CHECK (misc_remaining_numbers_action IN ('keep', 'disconnect'));
ALTER TABLE porting_orders ADD COLUMN config_tags_json text NOT NULL DEFAULT '[]';
ALTER TABLE porting_orders ADD COLUMN feedback_user_rating integer NULL;

UPDATE porting_orders SET
    admin_account_number = (end_user_json::jsonb) #>> '{admin,account_number}',
    admin_auth_person_name = (end_user_json::jsonb) #>> '{admin,auth_person_name}',
    admin_billing_phone_number = (end_user_json::jsonb) #>> '{admin,billing_phone_number}',
    admin_business_identifier = (end_user_json::jsonb) #>> '{admin,business_identifier}',
    admin_entity_name = (end_user_json::jsonb) #>> '{admin,entity_name}',
    admin_pin_passcode = (end_user_json::jsonb) #>> '{admin,pin_passcode}',
    admin_tax_identifier = (end_user_json::jsonb) #>> '{admin,tax_identifier}',
    location_administrative_area = (end_user_json::jsonb) #>> '{location,administrative_area}',
    location_country_code = (end_user_json::jsonb) #>> '{location,country_code}',
    location_extended_address = (end_user_json::jsonb) #>> '{location,extended_address}',
    location_locality = (end_user_json::jsonb) #>> '{location,locality}',
    location_postal_code = (end_user_json::jsonb) #>> '{location,postal_code}',
    location_street_address = (end_user_json::jsonb) #>> '{location,street_address}',
    misc_new_billing_phone_number = (misc_json::jsonb) #>> '{new_billing_phone_number}',
    config_billing_group_id = (phone_number_configuration_json::jsonb) #>> '{billing_group_id}',
    config_connection_id = (phone_number_configuration_json::jsonb) #>> '{connection_id}',
    config_emergency_address_id = (phone_number_configuration_json::jsonb) #>> '{emergency_address_id}',
    config_messaging_profile_id = (phone_number_configuration_json::jsonb) #>> '{messaging_profile_id}',
    feedback_user_comment = (user_feedback_json::jsonb) #>> '{user_comment}',
    misc_type = CASE WHEN (misc_json::jsonb) ->> 'type' IN ('full', 'partial') THEN (misc_json::jsonb) ->> 'type' END,
    misc_remaining_numbers_action = CASE WHEN (misc_json::jsonb) ->> 'remaining_numbers_action' IN ('keep', 'disconnect') THEN (misc_json::jsonb) ->> 'remaining_numbers_action' END,
    documents_invoice = CASE WHEN (documents_json::jsonb) ->> 'invoice' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN ((documents_json::jsonb) ->> 'invoice')::uuid END,
    documents_loa = CASE WHEN (documents_json::jsonb) ->> 'loa' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN ((documents_json::jsonb) ->> 'loa')::uuid END,
    config_tags_json = COALESCE(((phone_number_configuration_json::jsonb) -> 'tags')::text, '[]'),
    feedback_user_rating = CASE WHEN jsonb_typeof((user_feedback_json::jsonb) -> 'user_rating') = 'number' AND ((user_feedback_json::jsonb) ->> 'user_rating')::numeric BETWEEN 1 AND 5 THEN ((user_feedback_json::jsonb) ->> 'user_rating')::numeric::integer END;

ALTER TABLE porting_orders DROP COLUMN end_user_json;
ALTER TABLE porting_orders DROP COLUMN misc_json;
ALTER TABLE porting_orders DROP COLUMN documents_json;
ALTER TABLE porting_orders DROP COLUMN phone_number_configuration_json;
ALTER TABLE porting_orders DROP COLUMN user_feedback_json;

CREATE TABLE porting_order_sharing_tokens (
    id uuid NOT NULL PRIMARY KEY,
    porting_order_id uuid NOT NULL REFERENCES porting_orders(id) ON DELETE CASCADE,
    account_id uuid NOT NULL,
    permissions text NOT NULL,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX ix_porting_order_sharing_tokens_order ON porting_order_sharing_tokens(porting_order_id);

-- Indexes for GET /v2/porting_orders beyond 0009's (account_id, created_at, id) and (account_id, status, created_at):
-- sort[value]=activation_settings.foc_datetime_requested and filter[activation_settings][foc_datetime_requested][gt|lt].
CREATE INDEX ix_porting_orders_account_foc_requested ON porting_orders(account_id, foc_datetime_requested, id);
-- filter[support_key] / filter[parent_support_key].
CREATE INDEX ix_porting_orders_account_support_key ON porting_orders(account_id, support_key) WHERE support_key IS NOT NULL;
-- filter[end_user][admin][entity_name] and [auth_person_name].
CREATE INDEX ix_porting_orders_account_entity_name ON porting_orders(account_id, admin_entity_name) WHERE admin_entity_name IS NOT NULL;
CREATE INDEX ix_porting_orders_account_auth_person ON porting_orders(account_id, admin_auth_person_name) WHERE admin_auth_person_name IS NOT NULL;
-- filter[phone_numbers][country_code] and filter[activation_settings][fast_port_eligible] (a US order is FastPort-eligible).
CREATE INDEX ix_porting_orders_account_country_created ON porting_orders(account_id, country_code, created_at);
-- filter[phone_numbers][carrier_name].
CREATE INDEX ix_porting_orders_account_carrier ON porting_orders(account_id, old_service_provider_ocn) WHERE old_service_provider_ocn IS NOT NULL;
