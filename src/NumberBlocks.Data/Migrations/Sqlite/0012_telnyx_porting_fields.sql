-- Telnyx porting to the letter (telnyx-porting-core.yml):
-- 1. Every field of end_user.admin, end_user.location, documents, misc, phone_number_configuration and user_feedback
--    gets a column of its own, copied from the JSON columns that held them, which are then dropped: a PATCH replaces
--    exactly the fields it names, and the list filters (filter[end_user][admin][entity_name], filter[misc][type], …)
--    compare indexed columns instead of parsing JSON.
-- 2. old_service_provider_ocn (the losing carrier; filter[phone_numbers][carrier_name]).
-- 3. Sharing tokens of porting orders (actions/share).
-- 4. Indexes for the filters and sorts of GET /v2/porting_orders (plans checked with EXPLAIN on PostgreSQL).
-- Old documents ids and ratings that the new rules refuse (not a uuid; a rating outside 1..5) are not carried over.

ALTER TABLE porting_orders ADD COLUMN admin_account_number TEXT NULL;
ALTER TABLE porting_orders ADD COLUMN admin_auth_person_name TEXT NULL;
ALTER TABLE porting_orders ADD COLUMN admin_billing_phone_number TEXT NULL;
ALTER TABLE porting_orders ADD COLUMN admin_business_identifier TEXT NULL;
ALTER TABLE porting_orders ADD COLUMN admin_entity_name TEXT NULL;
ALTER TABLE porting_orders ADD COLUMN admin_pin_passcode TEXT NULL;
ALTER TABLE porting_orders ADD COLUMN admin_tax_identifier TEXT NULL;
ALTER TABLE porting_orders ADD COLUMN location_administrative_area TEXT NULL;
ALTER TABLE porting_orders ADD COLUMN location_country_code TEXT NULL;
ALTER TABLE porting_orders ADD COLUMN location_extended_address TEXT NULL;
ALTER TABLE porting_orders ADD COLUMN location_locality TEXT NULL;
ALTER TABLE porting_orders ADD COLUMN location_postal_code TEXT NULL;
ALTER TABLE porting_orders ADD COLUMN location_street_address TEXT NULL;
ALTER TABLE porting_orders ADD COLUMN misc_new_billing_phone_number TEXT NULL;
ALTER TABLE porting_orders ADD COLUMN config_billing_group_id TEXT NULL;
ALTER TABLE porting_orders ADD COLUMN config_connection_id TEXT NULL;
ALTER TABLE porting_orders ADD COLUMN config_emergency_address_id TEXT NULL;
ALTER TABLE porting_orders ADD COLUMN config_messaging_profile_id TEXT NULL;
ALTER TABLE porting_orders ADD COLUMN feedback_user_comment TEXT NULL;
ALTER TABLE porting_orders ADD COLUMN old_service_provider_ocn TEXT NULL;
ALTER TABLE porting_orders ADD COLUMN documents_invoice TEXT NULL;
ALTER TABLE porting_orders ADD COLUMN documents_loa TEXT NULL;
ALTER TABLE porting_orders ADD COLUMN misc_type TEXT NULL CHECK (misc_type IN ('full', 'partial'));
ALTER TABLE porting_orders ADD COLUMN misc_remaining_numbers_action TEXT NULL CHECK (misc_remaining_numbers_action IN ('keep', 'disconnect'));
ALTER TABLE porting_orders ADD COLUMN config_tags_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE porting_orders ADD COLUMN feedback_user_rating INTEGER NULL;

UPDATE porting_orders SET
    admin_account_number = json_extract(end_user_json, '$.admin.account_number'),
    admin_auth_person_name = json_extract(end_user_json, '$.admin.auth_person_name'),
    admin_billing_phone_number = json_extract(end_user_json, '$.admin.billing_phone_number'),
    admin_business_identifier = json_extract(end_user_json, '$.admin.business_identifier'),
    admin_entity_name = json_extract(end_user_json, '$.admin.entity_name'),
    admin_pin_passcode = json_extract(end_user_json, '$.admin.pin_passcode'),
    admin_tax_identifier = json_extract(end_user_json, '$.admin.tax_identifier'),
    location_administrative_area = json_extract(end_user_json, '$.location.administrative_area'),
    location_country_code = json_extract(end_user_json, '$.location.country_code'),
    location_extended_address = json_extract(end_user_json, '$.location.extended_address'),
    location_locality = json_extract(end_user_json, '$.location.locality'),
    location_postal_code = json_extract(end_user_json, '$.location.postal_code'),
    location_street_address = json_extract(end_user_json, '$.location.street_address'),
    misc_new_billing_phone_number = json_extract(misc_json, '$.new_billing_phone_number'),
    config_billing_group_id = json_extract(phone_number_configuration_json, '$.billing_group_id'),
    config_connection_id = json_extract(phone_number_configuration_json, '$.connection_id'),
    config_emergency_address_id = json_extract(phone_number_configuration_json, '$.emergency_address_id'),
    config_messaging_profile_id = json_extract(phone_number_configuration_json, '$.messaging_profile_id'),
    feedback_user_comment = json_extract(user_feedback_json, '$.user_comment'),
    misc_type = CASE WHEN json_extract(misc_json, '$.type') IN ('full', 'partial') THEN json_extract(misc_json, '$.type') END,
    misc_remaining_numbers_action = CASE WHEN json_extract(misc_json, '$.remaining_numbers_action') IN ('keep', 'disconnect') THEN json_extract(misc_json, '$.remaining_numbers_action') END,
    documents_invoice = CASE WHEN length(json_extract(documents_json, '$.invoice')) = 36 AND lower(json_extract(documents_json, '$.invoice')) GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]' THEN lower(json_extract(documents_json, '$.invoice')) END,
    documents_loa = CASE WHEN length(json_extract(documents_json, '$.loa')) = 36 AND lower(json_extract(documents_json, '$.loa')) GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]' THEN lower(json_extract(documents_json, '$.loa')) END,
    config_tags_json = COALESCE(json_extract(phone_number_configuration_json, '$.tags'), '[]'),
    feedback_user_rating = CASE WHEN json_extract(user_feedback_json, '$.user_rating') BETWEEN 1 AND 5 THEN json_extract(user_feedback_json, '$.user_rating') END;

ALTER TABLE porting_orders DROP COLUMN end_user_json;
ALTER TABLE porting_orders DROP COLUMN misc_json;
ALTER TABLE porting_orders DROP COLUMN documents_json;
ALTER TABLE porting_orders DROP COLUMN phone_number_configuration_json;
ALTER TABLE porting_orders DROP COLUMN user_feedback_json;

CREATE TABLE porting_order_sharing_tokens (
    id TEXT NOT NULL PRIMARY KEY,
    porting_order_id TEXT NOT NULL REFERENCES porting_orders(id) ON DELETE CASCADE,
    account_id TEXT NOT NULL,
    permissions TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
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
