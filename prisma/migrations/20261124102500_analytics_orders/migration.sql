-- The example orders as analytics views (src/examples/analytics), with the role design of
-- 20261124100000_analytics_role: views in schema "analytics" owned by the migrating user, SELECT
-- on them for role switchboard_analytics and nothing on "public". workflow_runs is left out on
-- purpose (agents' idempotency keys and workflow inputs are not analytics data).
CREATE OR REPLACE VIEW "analytics"."orders" AS
    SELECT "id", "customer_id", "status", "currency", "total_cents", "created_at" FROM "public"."orders";

CREATE OR REPLACE VIEW "analytics"."order_lines" AS
    SELECT "order_id", "line_no", "sku", "description", "quantity", "unit_price_cents" FROM "public"."order_lines";

-- The role exists unless 20261124100000_analytics_role could not create it (a migrating user
-- without CREATEROLE): then the views stay unreadable, exactly as the others, until a DBA creates
-- the role and runs both files' grants.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'switchboard_analytics') THEN
        RAISE WARNING 'role switchboard_analytics is missing: analytics.orders and analytics.order_lines are not granted (see prisma/migrations/20261124102500_analytics_orders)';
        RETURN;
    END IF;
    GRANT SELECT ON analytics.orders, analytics.order_lines TO switchboard_analytics;
END
$$;
