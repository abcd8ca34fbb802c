/**
 * `modelPlan` asks the Hub what each format would cost before downloading. The computation is
 * the Hub client's (worker/src/hub/, `planModel`); the server receives it through this port so
 * it never imports worker code paths it does not need.
 */
import { CodedError, type ModelPlanRecord } from "../../../contracts/src/index.ts";

export interface ModelPlanRequest {
  repoId: string;
  revision: string;
  accessToken: string | undefined;
  hubUrl: string;
  deviceBudgetBytes: number;
  dataDir: string;
}

export type ModelPlanner = (request: ModelPlanRequest) => Promise<ModelPlanRecord>;

/** PROVISIONAL until the Hub client lands: main.ts swaps in `planModel` from worker/src/hub/. */
export const planModelUnavailable: ModelPlanner = async () => {
  throw new CodedError("UNAVAILABLE", "Model plans are not available in this build.", "repoId");
};
