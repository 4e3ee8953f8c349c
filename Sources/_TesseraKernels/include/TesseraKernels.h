#ifndef TESSERA_KERNELS_H
#define TESSERA_KERNELS_H
// Vector kernels behind Tessera's hot loops. Each takes its code path as an argument (AVX2
// where the CPU has it, portable C otherwise); every path gives the same bits.

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// One row's random stream: a xoshiro256** state (s[0] ... s[3]).
typedef struct {
    uint64_t s[4];
} tk_stream;

/// The best code path this CPU runs: 1 for AVX2, 0 for portable C (detected once).
int tk_best_path(void);

/// Adds normal noise to rows, each row drawing only from its own stream:
/// out[r][p] = base[r][p] + scale * z, or z when `bases` is NULL, for p in 0..<count.
/// `outs[r]` may equal `bases[r]`.
///
/// A row's deviates come from a 256-layer ziggurat on its stream, with the rejected
/// candidates finished late: positions go in chunks of 256; each position takes its
/// stream's next word as a candidate, accepted inside its layer's rectangle (about 98.8%),
/// and is otherwise written as base + scale * 0 (or 0) and finished after the chunk, in
/// order, by the wedge or tail test on the stream's next words (adding scale * z). So a
/// row's values depend on its stream alone, never on the rows drawn beside it; on the
/// AVX2 path four rows share the vector lanes.
///
/// `tables` holds the ziggurat's 1,282 numbers: the layer edges x[0...256] (x[0] the base
/// strip's virtual width, x[256] = 0), ratio[0..<256] = x[i + 1] / x[i], the density
/// f[0...256] = exp(-x[i]^2 / 2), then the pairs (x[i], ratio[i]) for i in 0..<256.
void tk_normal_rows(int path, tk_stream *streams, size_t rows, const double *tables, const double *const *bases,
                    double scale, double *const *outs, size_t count);

/// The shifted sphere and the linear-projection descriptors of `rows` rows of `d` genes
/// (row-major in `x`): objectives[r] = (raw - worst) / (0 - worst) * 100 with raw the sum
/// of (x - shift)^2, and descriptors[2r], descriptors[2r + 1] the sums of the folded
/// genes (5.12 / x outside [-5.12, 5.12]) of the first d / 2 genes and of the rest.
/// Every sum runs in four partial sums, term i into sum i mod 4 counted from the range's
/// start, the tail into sum 0, added as (s0 + s1) + (s2 + s3): the same bits on both paths.
/// `objectives` may be NULL (descriptors only, as Rastrigin uses them).
void tk_sphere_rows(int path, const double *x, size_t rows, size_t d, double shift, double worst, double *objectives,
                    double *descriptors);

/// Tells the CPU that the calling thread is spinning on a flag (x86 `pause`), so a
/// spinning thread takes less from the core's other threads and leaves the loop sooner.
static inline void tk_spin_hint(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

/// Asks the CPU to bring `bytes` bytes from `start` into its caches (a hint; no effect
/// on results). For rows read soon at a random place, such as a parent's genome.
static inline void tk_prefetch(const void *start, size_t bytes) {
    const char *p = (const char *)start;
    for (size_t offset = 0; offset < bytes; offset += 64) __builtin_prefetch(p + offset, 0, 3);
}

#ifdef __cplusplus
}
#endif

#endif
