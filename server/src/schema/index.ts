/** Imports every domain file (each registers its types and operations) and builds the schema. */
import { builder } from "../builder.ts";
import "./scalars.ts";
import "./enums.ts";
import "./resources.ts";
import "./architecture.ts";
import "./model.ts";
import "./comparison.ts";
import "./model-plan.ts";
import "./deletion.ts";
import "./extraction.ts";
import "./template.ts";
import "./dataset.ts";
import "./system.ts";

export const schema = builder.toSchema();
