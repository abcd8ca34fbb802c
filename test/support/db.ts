/** Direct database access for arranging test data (the API stays the thing under test). */
import { createDb, type Db } from "../../server/src/db.ts";

export async function connect(databaseUrl: string): Promise<{ db: Db }> {
  return { db: createDb(databaseUrl) };
}
