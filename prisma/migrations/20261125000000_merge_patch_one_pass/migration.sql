-- jsonb_merge_patch, same results (RFC 7396), without the quadratic case. The first version
-- rebuilt the whole document once per member of the patch (`result || jsonb_build_object(…)`),
-- so a patch of many members cost members × document size: 40,000 short keys (578 KB, under
-- MAX_MESSAGE_BYTES) took 49 s of a backend holding the row lock. A patch of more than 8 members
-- is now merged in one pass: the target's members the patch does not name, plus the patch's
-- non-null members merged into the target's, aggregated once. Small patches keep the loop, which
-- copies a large document fewer times than a full pass would.
CREATE OR REPLACE FUNCTION jsonb_merge_patch(target jsonb, patch jsonb)
RETURNS jsonb
LANGUAGE plpgsql
IMMUTABLE
PARALLEL SAFE
AS $$
DECLARE
    result jsonb;
    member_key text;
    member_value jsonb;
BEGIN
    IF patch IS NULL OR jsonb_typeof(patch) <> 'object' THEN
        RETURN patch;
    END IF;

    IF target IS NULL OR jsonb_typeof(target) <> 'object' THEN
        result := '{}'::jsonb;
    ELSE
        result := target;
    END IF;

    IF (SELECT count(*) FROM jsonb_object_keys(patch)) > 8 THEN
        RETURN coalesce((
            SELECT jsonb_object_agg(members.key, members.value)
              FROM (
                SELECT t.key, t.value FROM jsonb_each(result) t WHERE NOT patch ? t.key
                UNION ALL
                SELECT p.key, jsonb_merge_patch(result -> p.key, p.value)
                  FROM jsonb_each(patch) p
                 WHERE jsonb_typeof(p.value) <> 'null'
              ) members
        ), '{}'::jsonb);
    END IF;

    FOR member_key, member_value IN SELECT key, value FROM jsonb_each(patch) LOOP
        IF jsonb_typeof(member_value) = 'null' THEN
            result := result - member_key;
        ELSE
            result := result || jsonb_build_object(member_key, jsonb_merge_patch(result -> member_key, member_value));
        END IF;
    END LOOP;

    RETURN result;
END;
$$;
