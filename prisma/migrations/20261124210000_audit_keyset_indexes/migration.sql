-- audit/list pages newest first by id (keyset: id < cursor), filtered by agent or by tool. The
-- (agent_id, created_at) and (tool, created_at) indexes could not give that order, so PostgreSQL
-- scanned the primary key backwards and filtered: fine for a busy agent, a scan of most of the
-- table for a rare tool or a deep page. (agent_id, id) and (tool, id) serve every such page as
-- one index range. Retention deletes by created_at, which grows with id: a BRIN index finds the
-- old rows at a fraction of a B-tree's size and insert cost. Measured with
-- bench/experiments/audit-copy-batch.mjs: PostgreSQL's CPU per inserted row is unchanged.
--
-- On a large table these statements block audit inserts while the indexes build; the audit
-- buffer holds and retries the rows meanwhile (see docs/state.md).
DROP INDEX "tool_call_audit_agent_id_created_at_idx";
DROP INDEX "tool_call_audit_tool_created_at_idx";

CREATE INDEX "tool_call_audit_agent_id_id_idx" ON "tool_call_audit"("agent_id", "id");
CREATE INDEX "tool_call_audit_tool_id_idx" ON "tool_call_audit"("tool", "id");
CREATE INDEX "tool_call_audit_created_at_idx" ON "tool_call_audit" USING BRIN ("created_at");
