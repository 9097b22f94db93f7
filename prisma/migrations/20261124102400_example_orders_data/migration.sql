-- Example orders for the example tools (src/examples/order.tools.ts) and the analytics views:
-- 30 orders with their lines for the customers of 20261124090100_example_data (cus_012 has none).
-- total_cents is the sum of the lines (quantity * unit_price_cents), in minor units of currency.
-- Plain data, hand-written; ON CONFLICT keeps it harmless on databases that already hold these ids.

-- The values the example tools and their output schemas rely on.
ALTER TABLE "orders" ADD CONSTRAINT "orders_status_check" CHECK ("status" IN ('pending', 'paid', 'shipped', 'cancelled'));
ALTER TABLE "orders" ADD CONSTRAINT "orders_currency_check" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "orders" ADD CONSTRAINT "orders_total_cents_check" CHECK ("total_cents" >= 0);
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_quantity_check" CHECK ("quantity" > 0);
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_unit_price_cents_check" CHECK ("unit_price_cents" >= 0);

INSERT INTO "orders" ("id", "customer_id", "status", "currency", "total_cents", "created_at") VALUES
    ('ord_0001', 'cus_001', 'paid'     , 'EUR',  1650000, '2025-02-10 10:00:00+00'),
    ('ord_0002', 'cus_001', 'shipped'  , 'EUR',   450000, '2025-06-03 08:30:00+00'),
    ('ord_0003', 'cus_001', 'paid'     , 'USD',   200000, '2025-11-20 15:45:00+00'),
    ('ord_0004', 'cus_001', 'cancelled', 'EUR',   600000, '2026-03-15 12:00:00+00'),
    ('ord_0005', 'cus_001', 'pending'  , 'EUR',   360000, '2026-09-01 09:15:00+00'),
    ('ord_0006', 'cus_002', 'paid'     , 'USD',   192000, '2025-02-20 17:00:00+00'),
    ('ord_0007', 'cus_002', 'shipped'  , 'USD',    84000, '2025-08-12 14:10:00+00'),
    ('ord_0008', 'cus_002', 'pending'  , 'USD',    96000, '2026-10-05 16:20:00+00'),
    ('ord_0009', 'cus_003', 'paid'     , 'EUR',    24000, '2025-03-01 07:50:00+00'),
    ('ord_0010', 'cus_003', 'cancelled', 'EUR',     5000, '2025-09-14 19:05:00+00'),
    ('ord_0011', 'cus_004', 'shipped'  , 'GBP',  2625000, '2025-03-22 10:40:00+00'),
    ('ord_0012', 'cus_004', 'paid'     , 'GBP',   540000, '2025-12-02 11:11:00+00'),
    ('ord_0013', 'cus_004', 'paid'     , 'GBP',  1000000, '2026-06-18 09:00:00+00'),
    ('ord_0014', 'cus_005', 'paid'     , 'USD',   318000, '2025-04-11 03:25:00+00'),
    ('ord_0015', 'cus_005', 'shipped'  , 'USD',    36000, '2026-01-09 04:00:00+00'),
    ('ord_0016', 'cus_006', 'pending'  , 'EUR',    24000, '2025-05-02 20:15:00+00'),
    ('ord_0017', 'cus_007', 'paid'     , 'CAD',  1950000, '2025-05-20 13:30:00+00'),
    ('ord_0018', 'cus_007', 'shipped'  , 'CAD',   255000, '2025-10-07 15:00:00+00'),
    ('ord_0019', 'cus_007', 'cancelled', 'CAD',    90000, '2026-02-26 16:45:00+00'),
    ('ord_0020', 'cus_007', 'paid'     , 'CAD',   648000, '2026-08-14 12:05:00+00'),
    ('ord_0021', 'cus_008', 'paid'     , 'EUR',   234000, '2025-06-01 06:40:00+00'),
    ('ord_0022', 'cus_008', 'shipped'  , 'EUR',    75000, '2026-04-23 07:20:00+00'),
    ('ord_0023', 'cus_009', 'paid'     , 'USD',    24000, '2025-07-04 05:30:00+00'),
    ('ord_0024', 'cus_010', 'paid'     , 'AUD',   252000, '2025-07-15 22:10:00+00'),
    ('ord_0025', 'cus_010', 'pending'  , 'AUD',   120000, '2026-11-02 23:30:00+00'),
    ('ord_0026', 'cus_011', 'paid'     , 'USD',  3240000, '2025-08-01 13:00:00+00'),
    ('ord_0027', 'cus_011', 'shipped'  , 'USD',   720000, '2026-01-30 14:20:00+00'),
    ('ord_0028', 'cus_011', 'paid'     , 'USD',   150000, '2026-07-07 12:40:00+00'),
    ('ord_0029', 'cus_011', 'pending'  , 'USD',  1200000, '2026-11-10 10:00:00+00'),
    ('ord_0030', 'cus_004', 'pending'  , 'GBP',   150000, '2026-11-12 08:00:00+00')
ON CONFLICT ("id") DO NOTHING;

INSERT INTO "order_lines" ("order_id", "line_no", "sku", "description", "quantity", "unit_price_cents") VALUES
    ('ord_0001', 1, 'SB-SEAT-ENT'    , 'Enterprise seat, annual'  ,  25,  60000),
    ('ord_0001', 2, 'SB-SUPPORT-PREM', 'Premium support, annual'  ,   1, 150000),
    ('ord_0002', 1, 'SB-CONN-SAP'    , 'SAP connector'            ,   1,  90000),
    ('ord_0002', 2, 'SB-TRAINING'    , 'Onsite training day'      ,   2, 180000),
    ('ord_0003', 1, 'SB-API-10M'     , 'API calls, block of 10M'  ,  40,   5000),
    ('ord_0004', 1, 'SB-SEAT-ENT'    , 'Enterprise seat, annual'  ,  10,  60000),
    ('ord_0005', 1, 'SB-STORE-1TB'   , 'Context storage, 1 TB'    ,   5,  12000),
    ('ord_0005', 2, 'SB-SEAT-ENT'    , 'Enterprise seat, annual'  ,   5,  60000),
    ('ord_0006', 1, 'SB-SEAT-PRO'    , 'Pro seat, annual'         ,   8,  24000),
    ('ord_0007', 1, 'SB-API-10M'     , 'API calls, block of 10M'  ,  12,   5000),
    ('ord_0007', 2, 'SB-STORE-1TB'   , 'Context storage, 1 TB'    ,   2,  12000),
    ('ord_0008', 1, 'SB-SEAT-PRO'    , 'Pro seat, annual'         ,   4,  24000),
    ('ord_0009', 1, 'SB-SEAT-PRO'    , 'Pro seat, annual'         ,   1,  24000),
    ('ord_0010', 1, 'SB-API-10M'     , 'API calls, block of 10M'  ,   1,   5000),
    ('ord_0011', 1, 'SB-SEAT-ENT'    , 'Enterprise seat, annual'  ,  40,  60000),
    ('ord_0011', 2, 'SB-SUPPORT-PREM', 'Premium support, annual'  ,   1, 150000),
    ('ord_0011', 3, 'SB-CONN-SF'     , 'Salesforce connector'     ,   1,  75000),
    ('ord_0012', 1, 'SB-TRAINING'    , 'Onsite training day'      ,   3, 180000),
    ('ord_0013', 1, 'SB-SEAT-ENT'    , 'Enterprise seat, annual'  ,  15,  60000),
    ('ord_0013', 2, 'SB-API-10M'     , 'API calls, block of 10M'  ,  20,   5000),
    ('ord_0014', 1, 'SB-SEAT-PRO'    , 'Pro seat, annual'         ,  12,  24000),
    ('ord_0014', 2, 'SB-API-10M'     , 'API calls, block of 10M'  ,   6,   5000),
    ('ord_0015', 1, 'SB-STORE-1TB'   , 'Context storage, 1 TB'    ,   3,  12000),
    ('ord_0016', 1, 'SB-SEAT-PRO'    , 'Pro seat, annual'         ,   1,  24000),
    ('ord_0017', 1, 'SB-SEAT-ENT'    , 'Enterprise seat, annual'  ,  30,  60000),
    ('ord_0017', 2, 'SB-SUPPORT-PREM', 'Premium support, annual'  ,   1, 150000),
    ('ord_0018', 1, 'SB-CONN-SF'     , 'Salesforce connector'     ,   1,  75000),
    ('ord_0018', 2, 'SB-TRAINING'    , 'Onsite training day'      ,   1, 180000),
    ('ord_0019', 1, 'SB-CONN-SAP'    , 'SAP connector'            ,   1,  90000),
    ('ord_0020', 1, 'SB-SEAT-ENT'    , 'Enterprise seat, annual'  ,  10,  60000),
    ('ord_0020', 2, 'SB-STORE-1TB'   , 'Context storage, 1 TB'    ,   4,  12000),
    ('ord_0021', 1, 'SB-SEAT-PRO'    , 'Pro seat, annual'         ,   6,  24000),
    ('ord_0021', 2, 'SB-CONN-SAP'    , 'SAP connector'            ,   1,  90000),
    ('ord_0022', 1, 'SB-API-10M'     , 'API calls, block of 10M'  ,  15,   5000),
    ('ord_0023', 1, 'SB-SEAT-PRO'    , 'Pro seat, annual'         ,   1,  24000),
    ('ord_0024', 1, 'SB-SEAT-PRO'    , 'Pro seat, annual'         ,  10,  24000),
    ('ord_0024', 2, 'SB-STORE-1TB'   , 'Context storage, 1 TB'    ,   1,  12000),
    ('ord_0025', 1, 'SB-SEAT-PRO'    , 'Pro seat, annual'         ,   5,  24000),
    ('ord_0026', 1, 'SB-SEAT-ENT'    , 'Enterprise seat, annual'  ,  50,  60000),
    ('ord_0026', 2, 'SB-SUPPORT-PREM', 'Premium support, annual'  ,   1, 150000),
    ('ord_0026', 3, 'SB-CONN-SAP'    , 'SAP connector'            ,   1,  90000),
    ('ord_0027', 1, 'SB-TRAINING'    , 'Onsite training day'      ,   4, 180000),
    ('ord_0028', 1, 'SB-API-10M'     , 'API calls, block of 10M'  ,  30,   5000),
    ('ord_0029', 1, 'SB-SEAT-ENT'    , 'Enterprise seat, annual'  ,  20,  60000),
    ('ord_0030', 1, 'SB-SUPPORT-PREM', 'Premium support, annual'  ,   1, 150000)
ON CONFLICT ("order_id", "line_no") DO NOTHING;
