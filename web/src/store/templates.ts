/** Templates slice: saved extraction settings, favorites first, with export/import as JSON. */
import { createMemo } from "solid-js";
import { createStore, produce, reconcile } from "solid-js/store";
import type { Api } from "../api/api.ts";
import {
  CreateExtractionTemplateMutation,
  DeleteExtractionTemplateMutation,
  ExportTemplatesMutation,
  ExtractionTemplatesQuery,
  ImportTemplatesMutation,
  SetExtractionTemplateFavoriteMutation,
} from "../api/documents.ts";
import type { ExtractionTemplateInput, ImportTemplatesMutation as ImportData, TemplateFieldsFragment } from "../gql/graphql.ts";

export type Template = TemplateFieldsFragment;
export type ImportResult = ImportData["importTemplates"];

/** The server's order: favorites first, then most recently updated. */
export const byFavoriteThenRecent = (x: Template, y: Template) =>
  Number(y.isFavorite) - Number(x.isFavorite) || y.updatedAt.localeCompare(x.updatedAt);

export function createTemplates(api: Api) {
  const [byId, setById] = createStore<Record<string, Template>>({});
  const list = createMemo(() => Object.values(byId).sort(byFavoriteThenRecent));
  const put = (template: Template) => setById(template.id, reconcile(template));

  return {
    list,
    async load() {
      const { extractionTemplates } = await api.query(ExtractionTemplatesQuery, {});
      setById(reconcile(Object.fromEntries(extractionTemplates.map((t) => [t.id, t]))));
    },
    async create(input: ExtractionTemplateInput) {
      const { createExtractionTemplate } = await api.mutate(CreateExtractionTemplateMutation, { input });
      put(createExtractionTemplate);
      return createExtractionTemplate;
    },
    async remove(id: string) {
      await api.mutate(DeleteExtractionTemplateMutation, { id });
      setById(produce((all) => delete all[id]));
    },
    /** Optimistic: the star flips at once and flips back if the server refuses. */
    async setFavorite(id: string, isFavorite: boolean) {
      const before = byId[id]?.isFavorite;
      setById(id, "isFavorite", isFavorite);
      try {
        put((await api.mutate(SetExtractionTemplateFavoriteMutation, { id, isFavorite })).setExtractionTemplateFavorite);
      } catch (error) {
        if (before !== undefined) setById(id, "isFavorite", before);
        throw error;
      }
    },
    async exportAll(): Promise<unknown> {
      return (await api.mutate(ExportTemplatesMutation, {})).exportTemplates;
    },
    async importDocument(document: unknown): Promise<ImportResult> {
      const { importTemplates } = await api.mutate(ImportTemplatesMutation, { document });
      importTemplates.imported.forEach(put);
      return importTemplates;
    },
  };
}
