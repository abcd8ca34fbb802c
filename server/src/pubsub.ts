/**
 * Progress fan-out. Workers PUBLISH JSON on `<prefix>:<topic>:<id>` (contracts channelName); the
 * yoga pub/sub with the Redis event target subscribes to exactly those channels, so a worker
 * needs nothing from the server to reach a graphql-ws subscriber.
 */
import { createPubSub } from "graphql-yoga";
import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { channelName, TOPICS } from "../../contracts/src/index.ts";
import type { DatasetProgressEvent, ExtractionProgressEvent, ModelListEvent, ModelProgressEvent } from "../../contracts/src/index.ts";
import type { Redis } from "./redis.ts";

export interface TopicPayloads {
  [TOPICS.modelProgress]: ModelProgressEvent;
  [TOPICS.extractionProgress]: ExtractionProgressEvent;
  [TOPICS.datasetProgress]: DatasetProgressEvent;
  [TOPICS.modelEvents]: ModelListEvent;
}
export type Topic = keyof TopicPayloads;

export interface ProgressPubSub {
  subscribe<T extends Topic>(topic: T, id: string): AsyncIterableIterator<TopicPayloads[T]>;
  publish<T extends Topic>(topic: T, id: string, payload: TopicPayloads[T]): void;
}

export function createProgressPubSub(prefix: string, publishClient: Redis, subscribeClient: Redis): ProgressPubSub {
  const pubsub = createPubSub<Record<string, [id: string, payload: unknown]>>({
    eventTarget: createRedisEventTarget({ publishClient, subscribeClient }),
  });
  // yoga builds `<routingKey>:<id>`; prefixing the routing key yields contracts' channelName.
  const routingKey = (topic: Topic) => channelName(prefix, topic, "").slice(0, -1);
  return {
    subscribe: <T extends Topic>(topic: T, id: string) =>
      pubsub.subscribe(routingKey(topic), id) as unknown as AsyncIterableIterator<TopicPayloads[T]>,
    publish: (topic, id, payload) => pubsub.publish(routingKey(topic), id, payload),
  };
}
