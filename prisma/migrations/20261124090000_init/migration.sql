-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "sessions" (
    "id" UUID NOT NULL,
    "agent_id" TEXT NOT NULL,
    "transport" TEXT NOT NULL,
    "protocol_version" TEXT NOT NULL,
    "client_info" JSONB,
    "client_capabilities" JSONB,
    "context_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contexts" (
    "id" UUID NOT NULL,
    "agent_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "state" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contexts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "context_updates" (
    "context_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "patch" JSONB NOT NULL,
    "agent_id" TEXT NOT NULL,
    "session_id" UUID,
    "correlation_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "context_updates_pkey" PRIMARY KEY ("context_id","version")
);

-- CreateTable
CREATE TABLE "tool_call_audit" (
    "id" BIGSERIAL NOT NULL,
    "agent_id" TEXT NOT NULL,
    "session_id" UUID,
    "tool" TEXT NOT NULL,
    "correlation_id" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "error_code" INTEGER,
    "duration_ms" DOUBLE PRECISION NOT NULL,
    "args_digest" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tool_call_audit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customers" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tickets" (
    "id" UUID NOT NULL,
    "customer_id" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "priority" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "idempotency_key" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tickets_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "sessions_agent_id_last_seen_at_idx" ON "sessions"("agent_id", "last_seen_at");

-- CreateIndex
CREATE INDEX "contexts_agent_id_idx" ON "contexts"("agent_id");

-- CreateIndex
CREATE INDEX "tool_call_audit_agent_id_created_at_idx" ON "tool_call_audit"("agent_id", "created_at");

-- CreateIndex
CREATE INDEX "tool_call_audit_tool_created_at_idx" ON "tool_call_audit"("tool", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "customers_email_key" ON "customers"("email");

-- CreateIndex
CREATE UNIQUE INDEX "tickets_idempotency_key_key" ON "tickets"("idempotency_key");

-- CreateIndex
CREATE INDEX "tickets_customer_id_idx" ON "tickets"("customer_id");

-- AddForeignKey
ALTER TABLE "context_updates" ADD CONSTRAINT "context_updates_context_id_fkey" FOREIGN KEY ("context_id") REFERENCES "contexts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- CreateFunction (hand-written): RFC 7396 JSON Merge Patch, used by context updates.
-- A patch that is not an object replaces the target; a null member deletes the key; object
-- members merge recursively; a target that is not an object is treated as {}.
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
