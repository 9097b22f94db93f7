-- Read-only analytics over the sample dataset (src/examples/analytics).
--
-- Schema "analytics" holds views over the sample tables; they are the ONLY relations the
-- analytics tool may read. The views run with their owner's rights on the base tables, so the
-- role below needs SELECT on the views and nothing on "public".
--
-- Deliberately left out: customers.email (personal contact data: customers_get behind
-- customers:read is the place for it, not ad-hoc SQL behind analytics:read) and
-- tickets.idempotency_key (a retry token agents choose; useless for analytics and not theirs
-- to read across agents).
CREATE SCHEMA IF NOT EXISTS "analytics";

CREATE OR REPLACE VIEW "analytics"."customers" AS
    SELECT "id", "name", "tier", "country", "created_at" FROM "public"."customers";

CREATE OR REPLACE VIEW "analytics"."tickets" AS
    SELECT "id", "customer_id", "subject", "priority", "status", "created_by", "created_at" FROM "public"."tickets";

COMMENT ON SCHEMA "analytics" IS 'Read-only views for the analytics_query tool; readable by role switchboard_analytics only';

-- switchboard_analytics: NOLOGIN. The app's user is made a member, and the analytics repository
-- runs every query as `BEGIN READ ONLY; SET LOCAL ROLE switchboard_analytics; ...`. Roles are
-- cluster-wide, so the role may already exist (another database on the same server, a clone).
-- A migrating user without CREATEROLE cannot create it: then the views are still created, a
-- warning is raised, and the tool reports the missing role until a DBA runs this file's grants.
DO $$
DECLARE
    can_create boolean;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'switchboard_analytics') THEN
        SELECT rolsuper OR rolcreaterole INTO can_create FROM pg_roles WHERE rolname = current_user;
        IF NOT can_create THEN
            RAISE WARNING 'role switchboard_analytics is missing and % may not create it: the analytics_query tool stays unavailable until a DBA creates it (see prisma/migrations/20261124100000_analytics_role)', current_user;
            RETURN;
        END IF;
        CREATE ROLE switchboard_analytics NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS;
    END IF;

    -- Nothing on public beyond what PUBLIC itself has (which is no table, view or sequence).
    REVOKE ALL ON ALL TABLES IN SCHEMA public FROM switchboard_analytics;
    REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM switchboard_analytics;
    REVOKE CREATE ON SCHEMA public FROM switchboard_analytics;

    GRANT USAGE ON SCHEMA analytics TO switchboard_analytics;
    GRANT SELECT ON analytics.customers, analytics.tickets TO switchboard_analytics;

    -- The app's user may switch to it (SET LOCAL ROLE). A superuser may anyway; granting is a no-op
    -- for the role's own rights: membership flows from the app's user to the role, never back.
    IF NOT pg_has_role(current_user, 'switchboard_analytics', 'MEMBER') THEN
        EXECUTE format('GRANT switchboard_analytics TO %I', current_user);
    END IF;
END
$$;
