/** Model plan slice: what each format would cost, fetched (debounced) as the repo id is typed. */
import type { Api } from "../api/api.ts";
import { ModelPlanQuery } from "../api/documents.ts";
import type { ModelPlanQuery as ModelPlanData } from "../gql/graphql.ts";
import { isValidRepoId } from "../lib/hub.ts";
import { createLatest } from "../lib/latest.ts";

export type ModelPlan = ModelPlanData["modelPlan"];

export function createModelPlan(api: Api, debounceMs: number) {
  const latest = createLatest(
    async ({ repoId, accessToken }: { repoId: string; accessToken: string }) =>
      (await api.query(ModelPlanQuery, { repoId, accessToken: accessToken || null })).modelPlan,
    debounceMs,
  );
  return {
    state: latest.state,
    request(repoId: string, accessToken: string) {
      if (isValidRepoId(repoId)) latest.request({ repoId, accessToken });
      else latest.reset();
    },
  };
}
