-- audit/list pages newest first by id (keyset: id < cursor), filtered by agent or by tool. The
-- (agent_id, created_at) and (tool, created_at) indexes cannot give that order, so PostgreSQL
-- scanned the primary key backwards and filtered: fine for a busy agent, most of the table for
-- a rare tool or a deep page. (agent_id, id) and (tool, id) serve such a page as one index
-- range. Retention now deletes the oldest ids first through the primary key, so no index on
-- created_at is needed. PostgreSQL's CPU per inserted row is unchanged
-- (bench/experiments/audit-copy-batch.mjs).
--
-- The new indexes are built before the old ones are dropped, so reads keep an index until the
-- end. While they build, audit inserts wait (the tool calls do not: their rows stay in the
-- audit buffer, up to 50,000, past which the oldest tenth is dropped and logged). On a large
-- table, build them first without blocking, under the same names, and this migration only
-- drops the old ones:
--   CREATE INDEX CONCURRENTLY "tool_call_audit_agent_id_id_idx" ON "tool_call_audit"("agent_id", "id");
--   CREATE INDEX CONCURRENTLY "tool_call_audit_tool_id_idx" ON "tool_call_audit"("tool", "id");
CREATE INDEX IF NOT EXISTS "tool_call_audit_agent_id_id_idx" ON "tool_call_audit"("agent_id", "id");
CREATE INDEX IF NOT EXISTS "tool_call_audit_tool_id_idx" ON "tool_call_audit"("tool", "id");

DROP INDEX IF EXISTS "tool_call_audit_agent_id_created_at_idx";
DROP INDEX IF EXISTS "tool_call_audit_tool_created_at_idx";
