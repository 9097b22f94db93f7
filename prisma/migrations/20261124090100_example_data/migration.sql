-- Example business data for the example tools (src/examples): a dozen customers across tiers
-- and countries. Plain data, hand-written; ON CONFLICT keeps it harmless on databases that
-- already hold rows with these ids.
INSERT INTO "customers" ("id", "name", "email", "tier", "country", "created_at") VALUES
    ('cus_001', 'Acme Logistics GmbH',      'ops@acme-logistics.de',        'enterprise', 'DE', '2025-01-14 09:12:00+00'),
    ('cus_002', 'Blue Harbor Analytics',    'admin@blueharbor.io',          'pro',        'US', '2025-02-03 16:45:00+00'),
    ('cus_003', 'Camille Laurent',          'camille.laurent@orange.fr',    'free',       'FR', '2025-02-21 08:30:00+00'),
    ('cus_004', 'Northwind Traders Ltd',    'it@northwind-traders.co.uk',   'enterprise', 'GB', '2025-03-10 11:05:00+00'),
    ('cus_005', 'Sakura Robotics KK',       'support@sakura-robotics.jp',   'pro',        'JP', '2025-03-28 02:17:00+00'),
    ('cus_006', 'Mateo Fernández',          'mateo.fernandez@gmail.com',    'free',       'ES', '2025-04-09 19:40:00+00'),
    ('cus_007', 'Maple Leaf Health',        'platform@mapleleafhealth.ca',  'enterprise', 'CA', '2025-05-02 14:22:00+00'),
    ('cus_008', 'Fjord Energy AS',          'devops@fjordenergy.no',        'pro',        'NO', '2025-05-19 07:55:00+00'),
    ('cus_009', 'Priya Raman',              'priya.raman@outlook.com',      'free',       'IN', '2025-06-11 05:03:00+00'),
    ('cus_010', 'Southern Cross Retail',    'tech@southerncross.com.au',    'pro',        'AU', '2025-07-01 23:48:00+00'),
    ('cus_011', 'Vale Mineração S.A.',      'ti@valemineracao.com.br',      'enterprise', 'BR', '2025-07-24 13:36:00+00'),
    ('cus_012', 'Lukas Novak',              'lukas.novak@seznam.cz',        'free',       'CZ', '2025-08-15 10:10:00+00')
ON CONFLICT ("id") DO NOTHING;
