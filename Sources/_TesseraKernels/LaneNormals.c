// Normal deviates for rows of genes, each row on its own xoshiro256** stream: portable C,
// and AVX2 with four rows in the vector lanes.
//
// Both paths run the same arithmetic in the same order (integer operations, one IEEE
// multiply for the deviate, one multiply and one add per output, no fused multiply-add),
// so they give the same bits. The rare candidates outside their ziggurat layer's
// rectangle (about 1.2%) are finished after their chunk in scalar code both paths share.

#include "TesseraKernels.h"
#include <math.h>
#include <string.h>

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#define TK_X86 1
#endif

#pragma clang fp contract(off)

#define TK_CHUNK 256

static const double tk_tail_start = 3.6541528853610088;

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t stream_next(uint64_t *s) {
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

static inline double unit_open(uint64_t bits) {  // [0, 1), 53 bits
    return (double)(bits >> 11) * 0x1.0p-53;
}

static inline double signed_unit(uint64_t bits) {  // [-1, 1) on a 2^-51 grid
    uint64_t b = (bits >> 12) | 0x4000000000000000ull;
    double d;
    memcpy(&d, &b, sizeof d);
    return d - 3.0;
}

/// Finishes a candidate (u in layer i) that fell outside its layer's rectangle: the tail
/// beyond r for layer 0, the wedge under the density otherwise, and new candidates from
/// the same stream until one is accepted.
static double finish(uint64_t *s, const double *x, double u, int i) {
    const double *ratio = x + 257;
    const double *f = x + 513;
    for (;;) {
        if (fabs(u) < ratio[i]) return u * x[i];
        if (i == 0) {
            double t, y;
            do {
                t = log(1 - unit_open(stream_next(s))) / tk_tail_start;
                y = log(1 - unit_open(stream_next(s)));
            } while (-2 * y < t * t);
            return u < 0 ? t - tk_tail_start : tk_tail_start - t;
        }
        double xx = u * x[i];
        if (f[i + 1] + unit_open(stream_next(s)) * (f[i] - f[i + 1]) < exp(-0.5 * xx * xx)) return xx;
        uint64_t bits = stream_next(s);
        i = (int)(bits & 0xFF);
        u = signed_unit(bits);
    }
}

typedef struct {
    uint32_t row;      // within the four rows drawn together (0 on the one-row path)
    uint32_t position;
    uint64_t bits;
} tk_rejected;

static void finish_rejected(uint64_t *const *states, const double *x, const double *const *bases, double scale,
                            double *const *outs, const tk_rejected *rejected, size_t count) {
    for (size_t r = 0; r < count; r++) {
        uint32_t k = rejected[r].row;
        size_t p = rejected[r].position;
        uint64_t bits = rejected[r].bits;
        double z = finish(states[k], x, signed_unit(bits), (int)(bits & 0xFF));
        outs[k][p] = bases ? outs[k][p] + scale * z : z;
    }
}

/// One position's candidate from a stream: the deviate when it lies inside its layer's
/// rectangle, else 0 with the candidate recorded for later.
static inline double candidate(uint64_t *s, const double *x, uint32_t row, size_t position, tk_rejected *rejected,
                               size_t *nr) {
    uint64_t bits = stream_next(s);
    int i = (int)(bits & 0xFF);
    double u = signed_unit(bits);
    if (fabs(u) < x[257 + i]) return u * x[i];
    rejected[*nr].row = row;
    rejected[*nr].position = (uint32_t)position;
    rejected[*nr].bits = bits;
    (*nr)++;
    return 0;
}

/// One row, portable.
static void normal_row(uint64_t *s, const double *x, const double *base, double scale, double *out, size_t count) {
    tk_rejected rejected[TK_CHUNK];
    const double *const bases[1] = {base};
    double *const outs[1] = {out};
    uint64_t *const states[1] = {s};
    for (size_t start = 0; start < count; start += TK_CHUNK) {
        size_t end = count - start < TK_CHUNK ? count : start + TK_CHUNK;
        size_t nr = 0;
        for (size_t p = start; p < end; p++) {
            double z = candidate(s, x, 0, p, rejected, &nr);
            out[p] = base ? base[p] + scale * z : z;
        }
        finish_rejected(states, x, base ? bases : NULL, scale, outs, rejected, nr);
    }
}

#ifdef TK_X86
#define TK_AVX2 __attribute__((target("avx2")))

TK_AVX2 static inline __m256i rotl4(__m256i v, int k) {
    return _mm256_or_si256(_mm256_slli_epi64(v, k), _mm256_srli_epi64(v, 64 - k));
}

/// One step of four streams held in registers (word w of stream k in lane k of s_w).
TK_AVX2 static inline __m256i next4(__m256i *s0, __m256i *s1, __m256i *s2, __m256i *s3) {
    __m256i m5 = _mm256_add_epi64(_mm256_slli_epi64(*s1, 2), *s1);
    __m256i r = rotl4(m5, 7);
    __m256i result = _mm256_add_epi64(_mm256_slli_epi64(r, 3), r);
    __m256i t = _mm256_slli_epi64(*s1, 17);
    *s2 = _mm256_xor_si256(*s2, *s0);
    *s3 = _mm256_xor_si256(*s3, *s1);
    *s1 = _mm256_xor_si256(*s1, *s2);
    *s0 = _mm256_xor_si256(*s0, *s3);
    *s2 = _mm256_xor_si256(*s2, t);
    *s3 = rotl4(*s3, 45);
    return result;
}

/// Candidates for one position of four rows: the deviates (0 where rejected), and the
/// rejected lanes recorded for later.
TK_AVX2 static inline __m256d candidates4(__m256i *s0, __m256i *s1, __m256i *s2, __m256i *s3, const double *pairs,
                                          size_t position, tk_rejected *rejected, size_t *nr) {
    const __m256i layerMask = _mm256_set1_epi64x(0xFF);
    const __m256i exponent = _mm256_set1_epi64x(0x4000000000000000ll);
    const __m256d three = _mm256_set1_pd(3.0);
    const __m256d absMask = _mm256_castsi256_pd(_mm256_set1_epi64x(0x7FFFFFFFFFFFFFFFll));
    __m256i bits = next4(s0, s1, s2, s3);
    __m256i layer = _mm256_and_si256(bits, layerMask);
    __m256d u = _mm256_sub_pd(_mm256_castsi256_pd(_mm256_or_si256(_mm256_srli_epi64(bits, 12), exponent)), three);
    // The layers' (edge, ratio) pairs by four 16-byte loads: cheaper than two gathers here.
    __m128i lo = _mm256_castsi256_si128(layer), hi = _mm256_extracti128_si256(layer, 1);
    __m128d a0 = _mm_loadu_pd(pairs + 2 * _mm_cvtsi128_si64(lo));
    __m128d a1 = _mm_loadu_pd(pairs + 2 * _mm_extract_epi64(lo, 1));
    __m128d a2 = _mm_loadu_pd(pairs + 2 * _mm_cvtsi128_si64(hi));
    __m128d a3 = _mm_loadu_pd(pairs + 2 * _mm_extract_epi64(hi, 1));
    __m256d a02 = _mm256_insertf128_pd(_mm256_castpd128_pd256(a0), a2, 1);
    __m256d a13 = _mm256_insertf128_pd(_mm256_castpd128_pd256(a1), a3, 1);
    __m256d edge = _mm256_unpacklo_pd(a02, a13);
    __m256d limit = _mm256_unpackhi_pd(a02, a13);
    __m256d inside = _mm256_cmp_pd(_mm256_and_pd(u, absMask), limit, _CMP_LT_OQ);
    int accepted = _mm256_movemask_pd(inside);
    if (__builtin_expect(accepted != 0xF, 0)) {
        uint64_t words[4];
        _mm256_storeu_si256((__m256i *)words, bits);
        for (uint32_t k = 0; k < 4; k++) {
            if (!(accepted >> k & 1)) {
                rejected[*nr].row = k;
                rejected[*nr].position = (uint32_t)position;
                rejected[*nr].bits = words[k];
                (*nr)++;
            }
        }
    }
    return _mm256_and_pd(_mm256_mul_pd(u, edge), inside);
}

/// Four rows, one per lane. Rejections are recorded position by position, so each row's
/// are finished in the order of its positions, as on the one-row path.
TK_AVX2 static void normal_rows4(uint64_t *const *states, const double *x, const double *const *bases, double scale,
                                 double *const *outs, size_t count) {
    const double *pairs = x + 770;
    const __m256d scale4 = _mm256_set1_pd(scale);
    tk_rejected rejected[4 * TK_CHUNK];
    for (size_t start = 0; start < count; start += TK_CHUNK) {
        size_t end = count - start < TK_CHUNK ? count : start + TK_CHUNK;
        size_t nr = 0;
        size_t p = start;
        // Word w of the four streams in the lanes of s_w, from the streams, which the
        // previous chunk's scalar tail and finished rejections left behind.
        __m256i s0 = _mm256_setr_epi64x((long long)states[0][0], (long long)states[1][0], (long long)states[2][0], (long long)states[3][0]);
        __m256i s1 = _mm256_setr_epi64x((long long)states[0][1], (long long)states[1][1], (long long)states[2][1], (long long)states[3][1]);
        __m256i s2 = _mm256_setr_epi64x((long long)states[0][2], (long long)states[1][2], (long long)states[2][2], (long long)states[3][2]);
        __m256i s3 = _mm256_setr_epi64x((long long)states[0][3], (long long)states[1][3], (long long)states[2][3], (long long)states[3][3]);
        for (; p + 4 <= end; p += 4) {
            __m256d z0 = candidates4(&s0, &s1, &s2, &s3, pairs, p, rejected, &nr);
            __m256d z1 = candidates4(&s0, &s1, &s2, &s3, pairs, p + 1, rejected, &nr);
            __m256d z2 = candidates4(&s0, &s1, &s2, &s3, pairs, p + 2, rejected, &nr);
            __m256d z3 = candidates4(&s0, &s1, &s2, &s3, pairs, p + 3, rejected, &nr);
            // Transpose: lane k of z_j is row k's position p + j.
            __m256d t0 = _mm256_unpacklo_pd(z0, z1), t1 = _mm256_unpackhi_pd(z0, z1);
            __m256d t2 = _mm256_unpacklo_pd(z2, z3), t3 = _mm256_unpackhi_pd(z2, z3);
            __m256d w[4] = {_mm256_permute2f128_pd(t0, t2, 0x20), _mm256_permute2f128_pd(t1, t3, 0x20),
                            _mm256_permute2f128_pd(t0, t2, 0x31), _mm256_permute2f128_pd(t1, t3, 0x31)};
            for (int k = 0; k < 4; k++) {
                __m256d v = w[k];
                if (bases) v = _mm256_add_pd(_mm256_loadu_pd(bases[k] + p), _mm256_mul_pd(scale4, v));
                _mm256_storeu_pd(outs[k] + p, v);
            }
        }
        uint64_t lanes[4][4];
        _mm256_storeu_si256((__m256i *)lanes[0], s0);
        _mm256_storeu_si256((__m256i *)lanes[1], s1);
        _mm256_storeu_si256((__m256i *)lanes[2], s2);
        _mm256_storeu_si256((__m256i *)lanes[3], s3);
        for (int k = 0; k < 4; k++) {
            for (int w = 0; w < 4; w++) states[k][w] = lanes[w][k];
        }
        for (; p < end; p++) {  // the last positions of a chunk whose length is not a multiple of 4
            for (uint32_t k = 0; k < 4; k++) {
                double z = candidate(states[k], x, k, p, rejected, &nr);
                outs[k][p] = bases ? bases[k][p] + scale * z : z;
            }
        }
        finish_rejected(states, x, bases, scale, outs, rejected, nr);
    }
}

static int cpu_has_avx2(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2");
}
#else
static int cpu_has_avx2(void) { return 0; }
#endif

static int tk_best = -1;  // -1: not detected yet

int tk_best_path(void) {
    int path = __atomic_load_n(&tk_best, __ATOMIC_RELAXED);
    if (path < 0) {
        path = cpu_has_avx2() ? 1 : 0;
        __atomic_store_n(&tk_best, path, __ATOMIC_RELAXED);
    }
    return path;
}

void tk_normal_rows(int path, tk_stream *streams, size_t rows, const double *tables, const double *const *bases,
                    double scale, double *const *outs, size_t count) {
    size_t r = 0;
#ifdef TK_X86
    if (path == 1 && tk_best_path() == 1) {
        for (; r + 4 <= rows; r += 4) {
            if (bases && r + 8 <= rows) {
                for (size_t k = 4; k < 8; k++) tk_prefetch(bases[r + k], count * sizeof(double));
            }
            uint64_t *const states[4] = {streams[r].s, streams[r + 1].s, streams[r + 2].s, streams[r + 3].s};
            normal_rows4(states, tables, bases ? bases + r : NULL, scale, outs + r, count);
        }
    }
#endif
    for (; r < rows; r++) {
        if (bases && r + 4 < rows) tk_prefetch(bases[r + 4], count * sizeof(double));
        normal_row(streams[r].s, tables, bases ? bases[r] : NULL, scale, outs[r], count);
    }
}
