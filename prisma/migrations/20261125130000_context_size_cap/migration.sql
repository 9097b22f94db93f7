-- A cap on the size of a context document (CONTEXT_MAX_BYTES). Every statement that writes
-- `contexts.state` merges through this function instead of jsonb_merge_patch directly, so the
-- check runs on the exact document being written, under the row lock: concurrent updates from
-- any number of replicas queue on that lock and each is checked against the state left by the
-- one before it, so together they cannot exceed the cap.
--
-- Size is the length in bytes of the document's text (`jsonb::text`, UTF-8): what a client
-- reads back from context/get, independent of how PostgreSQL stores it (jsonb's binary form
-- and TOAST compression vary with the content and the PostgreSQL version).
--
-- A merge that would leave the document over the cap AND larger than it was is refused with
-- SQLSTATE 'SBCAP' (detail: {"size": <bytes>, "maxBytes": <cap>}); the statement, and the
-- transaction around it, change nothing. A merge that does not grow the document is accepted
-- even over the cap, so a document left oversize by a lowered cap can still be trimmed.
-- max_bytes <= 0 turns the cap off.
--
-- VOLATILE although its result depends on its arguments only: it raises, and the planner
-- evaluates an IMMUTABLE call whose arguments are all constants (as a prepared statement's
-- parameters are in a custom plan) while planning, even inside a CASE branch that is never
-- taken. VOLATILE keeps every call where the statement puts it.
CREATE OR REPLACE FUNCTION jsonb_merge_patch_capped(target jsonb, patch jsonb, max_bytes bigint)
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
PARALLEL SAFE
AS $$
DECLARE
    result jsonb := jsonb_merge_patch(target, patch);
    size bigint;
BEGIN
    IF max_bytes IS NULL OR max_bytes <= 0 THEN
        RETURN result;
    END IF;
    size := octet_length(result::text);
    -- The previous size is only measured when the new one is over the cap (rare).
    IF size > max_bytes AND size > coalesce(octet_length(target::text), 0) THEN
        RAISE EXCEPTION 'context document of % bytes would exceed the cap of % bytes', size, max_bytes
            USING ERRCODE = 'SBCAP',
                  DETAIL = json_build_object('size', size, 'maxBytes', max_bytes)::text;
    END IF;
    RETURN result;
END;
$$;
