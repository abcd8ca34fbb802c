/**
 * `modelPlan` asks the Hub what each format would cost before downloading. The computation is the
 * Hub client's (`planModel`, worker/src/hub/: pure HTTP + estimates, no onnxruntime); the API
 * reaches it through this port so tests and other deployments can substitute it.
 */
import type { ModelPlanRecord } from "../../../contracts/src/index.ts";
import { planModel } from "../../../worker/src/hub/plan-model.ts";

export interface ModelPlanRequest {
  repoId: string;
  revision: string;
  accessToken: string | undefined;
  hubUrl: string;
  deviceBudgetBytes: number;
  dataDir: string;
}

export type ModelPlanner = (request: ModelPlanRequest) => Promise<ModelPlanRecord>;

export const planFromHub: ModelPlanner = (request) => planModel(request);
