/**
 * `modelPlan` asks the Hub what each format would cost before downloading. The computation is the
 * Hub client's (`planModel`, worker/src/hub/: pure HTTP + estimates, no onnxruntime); the API
 * reaches it through this port so tests and other deployments can substitute it.
 */
import type { QuantizationFormat } from "../../../contracts/src/index.ts";
import type { ModelPlan } from "../../../worker/src/hub/model-plan.ts";
import { planModel } from "../../../worker/src/hub/plan-model.ts";

export interface ModelPlanRequest {
  repoId: string;
  revision: string;
  accessToken: string | undefined;
  hubUrl: string;
  deviceBudgetBytes: number;
  dataDir: string;
  /** Format whose conversion output counts in the storage verdict (the plan's default: Q4). */
  targetFormat?: QuantizationFormat;
}

/** The Hub client's plan (a superset of the GraphQL ModelPlanRecord: storage verdict, files' ids). */
export type ModelPlanner = (request: ModelPlanRequest) => Promise<ModelPlan>;

export const planFromHub: ModelPlanner = (request) => planModel(request);
