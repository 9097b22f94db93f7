-- CreateTable
CREATE TABLE "stream_events" (
    "id" BIGSERIAL NOT NULL,
    "session_id" UUID NOT NULL,
    "stream_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "message" JSONB NOT NULL,
    "final" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stream_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "stream_events_created_at_idx" ON "stream_events"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "stream_events_stream_id_seq_key" ON "stream_events"("stream_id", "seq");
