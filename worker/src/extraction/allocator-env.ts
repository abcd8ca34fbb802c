/**
 * glibc malloc settings for the extraction process (extraction-process.ts starts it with these).
 *
 * Every batch, onnxruntime-node copies each tap output into a fresh ArrayBuffer (even when output
 * tensors are passed in), about 113 MB for GPT-2 small's 36 taps at 8 × 128. With glibc's
 * defaults that memory keeps going back to the kernel between batches (chunks in the inference
 * thread's own arena, whose 64 MiB heaps are unmapped when empty; dynamic trimming of the rest),
 * so the next batch touches fresh pages again: 20,000 to 31,000 page faults per batch at ~10 µs
 * each on this VM, on the inference thread, where they delay everything else. With one arena, a
 * fixed mmap threshold above the tap sizes and no trimming, the same memory is reused from batch
 * to batch (GPT-2 small, all taps, FP32: 22,500 → 7,500 faults per batch; 795 to 1,000 → 1,230 to
 * 1,250 tokens/s).
 *
 * The price: memory freed during the extraction is not returned to the system until the process
 * exits. That is why these settings belong to a process that lives exactly as long as one
 * extraction, and not to the long-lived worker; the peak resident set is unchanged.
 */
export const EXTRACTION_ALLOCATOR_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: "1",
  // Larger than any tap output of a batch (hidden × seq × rows × 4 B stays well under 64 MiB at
  // the default sizes); ORT's own arena grows in larger steps and still gets fresh mappings.
  MALLOC_MMAP_THRESHOLD_: String(64 << 20),
  MALLOC_TRIM_THRESHOLD_: String(2 ** 40),
};
