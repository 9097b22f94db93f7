-- logging/setLevel is stored with the session instead of in one replica's session cache, so a
-- Streamable HTTP session whose POSTs reach several replicas (no load-balancer affinity) gets
-- the level it asked for from each of them, and keeps it across restarts. Null: the client has
-- not asked, and no notifications/message is sent. Adding a nullable column without a default
-- only changes the catalog: no table rewrite, and the lock is held for an instant.
ALTER TABLE "sessions" ADD COLUMN "log_level" TEXT;
