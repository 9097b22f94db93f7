-- Cross-replica events (a cancellation, an elicitation answer, "this context changed", "this
-- session ended") travel over LISTEN/NOTIFY, which keeps nothing: one sent while a replica's
-- listener is reconnecting never reaches it. Each event is now also written here, in the
-- statement that sends it, and a listener that reconnects reads what it missed by `seq`.
-- Rows are kept for minutes (housekeeping deletes older ones), so the table stays small.
-- A logged table on purpose: an unlogged one's sequence restarts after a crash, and reused
-- numbers would make listeners drop new events as already seen.
-- `to_replica`: the replica an addressed event is for (null: every replica), so that a replay
-- reads only its own and the broadcast ones.
CREATE TABLE "event_log" (
    "seq" BIGSERIAL NOT NULL,
    "to_replica" TEXT,
    "payload" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_log_pkey" PRIMARY KEY ("seq")
);
