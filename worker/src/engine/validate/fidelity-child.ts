/**
 * Child-process entry of the fidelity report (fidelity.ts runs it): argv <variantDir> <rawDir>
 * <scratchDir>; prints the FidelityReport as one JSON line on stdout.
 */
import { computeFidelity } from "./fidelity.ts";

const [variantDir, rawDir, scratchDir] = process.argv.slice(2);
const report = await computeFidelity(variantDir!, rawDir!, scratchDir!);
process.stdout.write(`${JSON.stringify(report)}\n`);
