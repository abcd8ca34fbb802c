/** Hub input rules, the same as the API's (it validates again; these only spare a round trip). */
export const REPO_ID_PATTERN = /^[A-Za-z0-9_-]+\/[A-Za-z0-9_.-]+$/;
export const isValidRepoId = (repoId: string) => repoId.length <= 500 && REPO_ID_PATTERN.test(repoId);
export const TOKEN_PATTERN = /^hf_[A-Za-z0-9]{20,}$/;
export const TOKENS_URL = "https://huggingface.co/settings/tokens";
