-- Context versions become bigint: an `integer` capped a context at 2,147,483,647 updates, after
-- which every update failed with "integer out of range". Clients still get `version` as a JSON
-- number; the server accepts and returns versions up to 2^53 - 1 (Number.MAX_SAFE_INTEGER), far
-- below bigint's own limit. Both columns change together: each history row carries the version
-- its patch produced, and the merge statements copy `contexts.version` into it.
--
-- No SQL function takes or returns a version (jsonb_merge_patch and jsonb_merge_patch_capped
-- take and return documents; the cap is already a bigint), so none is recreated. The column
-- default (0) and the (context_id, version) primary key carry over as they are.
--
-- For operators: changing a column's type from integer to bigint rewrites the whole table and
-- rebuilds its indexes, under an ACCESS EXCLUSIVE lock held to the end of the transaction the
-- migration runs in. Meanwhile every read and write of contexts and their history waits, for a
-- time that grows with the tables' size (context_updates is the larger one; CONTEXT_HISTORY_KEEP
-- bounds it per context), and the rewrite needs free disk space for a second copy of each table.
-- Apply it when a pause of context traffic is acceptable. Replicas of an older build that are
-- still running after it send the versions they read with raw SQL as JSON strings (pg returns
-- bigint as text) until they are replaced, so replace them promptly.
ALTER TABLE "contexts" ALTER COLUMN "version" SET DATA TYPE BIGINT;

ALTER TABLE "context_updates" ALTER COLUMN "version" SET DATA TYPE BIGINT;
