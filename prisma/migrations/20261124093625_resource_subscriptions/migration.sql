-- CreateTable
CREATE TABLE "resource_subscriptions" (
    "session_id" UUID NOT NULL,
    "uri" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "resource_subscriptions_pkey" PRIMARY KEY ("session_id","uri")
);

-- CreateIndex
CREATE INDEX "resource_subscriptions_uri_idx" ON "resource_subscriptions"("uri");
