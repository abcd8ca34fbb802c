/**
 * Status and progress of the row a job works on. Every status change goes through the contracts
 * state machine; every progress event is PUBLISHed on Redis (contracts channelName) and the last
 * one persisted (at most every PERSIST_EVERY_MS, so a 100-events-per-second download does not
 * write 100 rows a second) so that a late subscriber starts from it.
 */
import {
  assertDatasetTransition,
  assertExtractionTransition,
  assertModelTransition,
  channelName,
  MODEL_EVENTS_ID,
  TOPICS,
  type DatasetProgressEvent,
  type DatasetStatus,
  type ExtractionProgressEvent,
  type ExtractionStatus,
  type ModelListEvent,
  type ModelProgressEvent,
  type ModelStatus,
} from "../../../contracts/src/index.ts";
import type { Db } from "../../../server/src/db.ts";
import type { Prisma } from "../../../server/src/generated/prisma/client.ts";
import type { Redis } from "../../../server/src/redis.ts";

const PERSIST_EVERY_MS = 500;

export interface TrackerDeps {
  db: Db;
  redis: Redis;
  prefix: string;
}

/** What differs between models, extractions and datasets; the tracker logic is shared. */
interface EntitySpec<S extends string, E extends { status: S; at: string }, U> {
  topic: string;
  load(db: Db, id: string): Promise<{ status: S; progress: unknown } | null>;
  /** Conditional on the status read, so two writers cannot both move the row. */
  update(db: Db, id: string, from: S, data: U & { status?: S; progress?: Prisma.InputJsonValue }): Promise<void>;
  assert(from: S, to: S): void;
  blank(id: string, status: S): E;
  /** Models also announce status changes on the list channel. */
  listChannel?: boolean;
}

export class Tracker<S extends string, E extends { status: S; at: string }, U> {
  private last: E | undefined;
  private persistedAt = 0;

  constructor(
    private readonly deps: TrackerDeps,
    private readonly spec: EntitySpec<S, E, U>,
    readonly id: string,
  ) {}

  async status(): Promise<S> {
    const row = await this.spec.load(this.deps.db, this.id);
    if (!row) throw new Error(`${this.spec.topic}: row ${this.id} is gone`);
    this.last ??= (row.progress as E | null) ?? undefined;
    return row.status;
  }

  /** Moves the row to `to` (a no-op move keeps it) and publishes the new state. */
  async transition(to: S, data: U = {} as U): Promise<void> {
    const from = await this.status();
    this.spec.assert(from, to);
    const event = { ...(this.last ?? this.spec.blank(this.id, to)), ...this.messageOf(data), status: to, at: new Date().toISOString() } as E;
    await this.spec.update(this.deps.db, this.id, from, { ...data, status: to, progress: event as unknown as Prisma.InputJsonValue });
    this.last = event;
    this.persistedAt = Date.now();
    await this.publish(event);
    if (this.spec.listChannel && from !== to) {
      const listEvent: ModelListEvent = { kind: "UPDATED", modelId: this.id, at: event.at };
      await this.deps.redis.publish(channelName(this.deps.prefix, TOPICS.modelEvents, MODEL_EVENTS_ID), JSON.stringify(listEvent));
    }
  }

  /** Publishes a progress event within the current status; persists it when due (or `force`). */
  async progress(partial: Partial<Omit<E, "status" | "at">>, force = false): Promise<void> {
    const status = this.last?.status ?? (await this.status());
    const event = { ...(this.last ?? this.spec.blank(this.id, status)), ...partial, status, at: new Date().toISOString() } as E;
    this.last = event;
    await this.publish(event);
    if (force || Date.now() - this.persistedAt >= PERSIST_EVERY_MS) {
      this.persistedAt = Date.now();
      await this.spec.update(this.deps.db, this.id, status, { progress: event as unknown as Prisma.InputJsonValue } as U & { progress: Prisma.InputJsonValue });
    }
  }

  private messageOf(data: U): { message?: string | null; errorCode?: string | null } {
    const fields = data as { statusMessage?: string | null; errorCode?: string | null };
    return {
      ...("statusMessage" in fields ? { message: fields.statusMessage ?? null } : {}),
      ...("errorCode" in fields ? { errorCode: fields.errorCode ?? null } : {}),
    };
  }

  private async publish(event: E): Promise<void> {
    await this.deps.redis.publish(channelName(this.deps.prefix, this.spec.topic, this.id), JSON.stringify(event));
  }
}

/** A conditional update that matched no row means another writer moved the row first. */
async function guarded(run: () => Promise<{ count: number }>, what: string): Promise<void> {
  const { count } = await run();
  if (count === 0) throw new Error(`${what} changed status concurrently`);
}

const now = () => new Date().toISOString();

export const modelSpec: EntitySpec<ModelStatus, ModelProgressEvent, Prisma.ModelUpdateManyMutationInput> = {
  topic: TOPICS.modelProgress,
  load: (db, id) => db.model.findUnique({ where: { id }, select: { status: true, progress: true } }),
  update: (db, id, from, data) => guarded(() => db.model.updateMany({ where: { id, status: from }, data }), `model ${id}`),
  assert: assertModelTransition,
  blank: (modelId, status) => ({ modelId, status, phase: null, percent: 0, bytesDone: null, bytesTotal: null, speed: null, etaSeconds: null, currentFile: null, message: null, errorCode: null, resources: null, at: now() }),
  listChannel: true,
};

export const extractionSpec: EntitySpec<ExtractionStatus, ExtractionProgressEvent, Prisma.ExtractionUpdateManyMutationInput> = {
  topic: TOPICS.extractionProgress,
  load: (db, id) => db.extraction.findUnique({ where: { id }, select: { status: true, progress: true } }),
  update: (db, id, from, data) => guarded(() => db.extraction.updateMany({ where: { id, status: from }, data }), `extraction ${id}`),
  assert: assertExtractionTransition,
  blank: (extractionId, status) => ({ extractionId, status, percent: 0, samplesDone: 0, samplesTotal: 0, tokensPerSecond: null, etaSeconds: null, batchSize: null, message: null, errorCode: null, resources: null, at: now() }),
};

export const datasetSpec: EntitySpec<DatasetStatus, DatasetProgressEvent, Prisma.DatasetUpdateManyMutationInput> = {
  topic: TOPICS.datasetProgress,
  load: (db, id) => db.dataset.findUnique({ where: { id }, select: { status: true, progress: true } }),
  update: (db, id, from, data) => guarded(() => db.dataset.updateMany({ where: { id, status: from }, data }), `dataset ${id}`),
  assert: assertDatasetTransition,
  blank: (datasetId, status) => ({ datasetId, status, percent: 0, bytesDone: null, bytesTotal: null, message: null, errorCode: null, at: now() }),
};

export type ModelTracker = Tracker<ModelStatus, ModelProgressEvent, Prisma.ModelUpdateManyMutationInput>;
export type ExtractionTracker = Tracker<ExtractionStatus, ExtractionProgressEvent, Prisma.ExtractionUpdateManyMutationInput>;
export type DatasetTracker = Tracker<DatasetStatus, DatasetProgressEvent, Prisma.DatasetUpdateManyMutationInput>;
