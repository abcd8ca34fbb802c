/**
 * PROVISIONAL: settings read only by the provisional steps (and deleted with them), so that the
 * handlers call each step exactly as they will call the real one.
 *   PROVISIONAL_STEP_DELAY_MS  pause per chunk/batch, so tests can act mid-job (default 0)
 *   PROVISIONAL_FIXTURES_DIR   where repo `<owner>/<name>` is found as `<name>/`
 *                              (default $SHARED_DIR/fixtures/models, SHARED_DIR default ../shared)
 */
import path from "node:path";

export const provisionalDelayMs = () => Number(process.env.PROVISIONAL_STEP_DELAY_MS ?? 0) || 0;

export const provisionalFixturesDir = () =>
  path.resolve(process.env.PROVISIONAL_FIXTURES_DIR || path.join(process.env.SHARED_DIR || "../shared", "fixtures", "models"));
