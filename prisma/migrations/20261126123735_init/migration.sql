-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "ModelStatus" AS ENUM ('DOWNLOADING', 'LOADING', 'QUANTIZING', 'READY', 'ERROR', 'INCOMPATIBLE');

-- CreateEnum
CREATE TYPE "QuantizationFormat" AS ENUM ('FP32', 'FP16', 'Q8', 'Q4', 'Q2');

-- CreateEnum
CREATE TYPE "ExtractionStatus" AS ENUM ('QUEUED', 'INITIALIZING', 'EXTRACTING', 'COMPLETED', 'ERROR', 'CANCELLED');

-- CreateEnum
CREATE TYPE "HookType" AS ENUM ('RESIDUAL', 'MLP', 'ATTENTION');

-- CreateEnum
CREATE TYPE "DatasetStatus" AS ENUM ('DOWNLOADING', 'READY', 'ERROR');

-- CreateTable
CREATE TABLE "Model" (
    "id" UUID NOT NULL,
    "repoId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "revision" TEXT,
    "requestedFormat" "QuantizationFormat" NOT NULL,
    "format" "QuantizationFormat" NOT NULL,
    "fallbackReason" TEXT,
    "status" "ModelStatus" NOT NULL DEFAULT 'DOWNLOADING',
    "statusMessage" TEXT,
    "errorCode" TEXT,
    "architectureName" TEXT,
    "architecture" JSONB,
    "parameterCount" BIGINT,
    "rawBytes" BIGINT,
    "variantBytes" BIGINT,
    "estimatedMemoryBytes" BIGINT,
    "measuredMemoryBytes" BIGINT,
    "fidelity" JSONB,
    "quantizationConfig" JSONB,
    "progress" JSONB,
    "jobId" TEXT,
    "sourceModelId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Model_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Extraction" (
    "id" UUID NOT NULL,
    "modelId" UUID NOT NULL,
    "datasetId" UUID NOT NULL,
    "status" "ExtractionStatus" NOT NULL DEFAULT 'QUEUED',
    "statusMessage" TEXT,
    "errorCode" TEXT,
    "layers" INTEGER[],
    "hookTypes" "HookType"[],
    "maxSamples" INTEGER,
    "batchSize" INTEGER NOT NULL,
    "sequenceLength" INTEGER NOT NULL,
    "topK" INTEGER NOT NULL,
    "storageDType" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "progress" JSONB,
    "files" JSONB,
    "statistics" JSONB,
    "metrics" JSONB,
    "jobId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "Extraction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExtractionTemplate" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "layerSelection" JSONB NOT NULL,
    "hookTypes" "HookType"[],
    "maxSamples" INTEGER,
    "batchSize" INTEGER NOT NULL,
    "sequenceLength" INTEGER NOT NULL,
    "topK" INTEGER NOT NULL,
    "storageDType" TEXT NOT NULL,
    "isFavorite" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExtractionTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Dataset" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "repoId" TEXT,
    "config" TEXT,
    "split" TEXT,
    "textField" TEXT,
    "fileName" TEXT,
    "status" "DatasetStatus" NOT NULL DEFAULT 'DOWNLOADING',
    "statusMessage" TEXT,
    "errorCode" TEXT,
    "sampleCount" INTEGER,
    "bytes" BIGINT,
    "preview" TEXT[],
    "progress" JSONB,
    "jobId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Dataset_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Model_status_idx" ON "Model"("status");

-- CreateIndex
CREATE INDEX "Model_architectureName_idx" ON "Model"("architectureName");

-- CreateIndex
CREATE INDEX "Model_createdAt_idx" ON "Model"("createdAt");

-- CreateIndex
CREATE INDEX "Model_sourceModelId_idx" ON "Model"("sourceModelId");

-- CreateIndex
CREATE INDEX "Extraction_status_idx" ON "Extraction"("status");

-- CreateIndex
CREATE INDEX "Extraction_modelId_idx" ON "Extraction"("modelId");

-- CreateIndex
CREATE INDEX "Extraction_datasetId_idx" ON "Extraction"("datasetId");

-- CreateIndex
CREATE INDEX "Extraction_createdAt_idx" ON "Extraction"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ExtractionTemplate_name_key" ON "ExtractionTemplate"("name");

-- CreateIndex
CREATE INDEX "ExtractionTemplate_isFavorite_updatedAt_idx" ON "ExtractionTemplate"("isFavorite", "updatedAt");

-- CreateIndex
CREATE INDEX "Dataset_status_idx" ON "Dataset"("status");

-- CreateIndex
CREATE INDEX "Dataset_createdAt_idx" ON "Dataset"("createdAt");

-- AddForeignKey
ALTER TABLE "Model" ADD CONSTRAINT "Model_sourceModelId_fkey" FOREIGN KEY ("sourceModelId") REFERENCES "Model"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Extraction" ADD CONSTRAINT "Extraction_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Extraction" ADD CONSTRAINT "Extraction_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Full-text search over name + architecture, which schema.prisma cannot express. The query in
-- server/src/services/models.ts repeats this exact expression so the planner uses the index.
-- (No semicolons in comments: the script is split on them.)
CREATE INDEX "Model_search_idx" ON "Model" USING GIN (to_tsvector('simple', "name" || ' ' || "repoId" || ' ' || coalesce("architectureName", '')));
