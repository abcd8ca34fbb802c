import type { FitVerdict } from "../gql/graphql.ts";

// Words as well as colour, so the verdict does not depend on seeing green from red.
const TEXT: Record<FitVerdict, string> = { GREEN: "fits", YELLOW: "tight", RED: "too big" };

export const FitBadge = (props: { fit: FitVerdict }) => (
  <span class={`badge fit-${props.fit.toLowerCase()}`} title={`Memory fit against the device budget: ${TEXT[props.fit]}`}>
    {TEXT[props.fit]}
  </span>
);
