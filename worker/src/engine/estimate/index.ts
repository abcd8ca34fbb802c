export { estimateFormats } from "./estimate-formats.ts";
