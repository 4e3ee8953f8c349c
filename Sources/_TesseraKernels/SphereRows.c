// The sphere task's objective and the linear-projection descriptors over whole batches:
// portable C and AVX2, with the same four-partial-sum order (so the same bits) on both.

#include "TesseraKernels.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#define TK_X86 1
#endif

#pragma clang fp contract(off)

static inline double fold(double v) { return (v < -5.12 || v > 5.12) ? 5.12 / v : v; }

static double squares_portable(const double *x, size_t n, double shift) {
    double s[4] = {0, 0, 0, 0};
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        for (int j = 0; j < 4; j++) {
            double t = x[i + j] - shift;
            s[j] += t * t;
        }
    }
    for (; i < n; i++) {
        double t = x[i] - shift;
        s[0] += t * t;
    }
    return (s[0] + s[1]) + (s[2] + s[3]);
}

static double folds_portable(const double *x, size_t n) {
    double s[4] = {0, 0, 0, 0};
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        for (int j = 0; j < 4; j++) s[j] += fold(x[i + j]);
    }
    for (; i < n; i++) s[0] += fold(x[i]);
    return (s[0] + s[1]) + (s[2] + s[3]);
}

#ifdef TK_X86
#define TK_AVX2 __attribute__((target("avx2")))


TK_AVX2 static double squares_avx2(const double *x, size_t n, double shift) {
    __m256d acc = _mm256_setzero_pd();
    const __m256d shift4 = _mm256_set1_pd(shift);
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        __m256d t = _mm256_sub_pd(_mm256_loadu_pd(x + i), shift4);
        acc = _mm256_add_pd(acc, _mm256_mul_pd(t, t));
    }
    double s[4];
    _mm256_storeu_pd(s, acc);
    for (; i < n; i++) {
        double t = x[i] - shift;
        s[0] += t * t;
    }
    return (s[0] + s[1]) + (s[2] + s[3]);
}

TK_AVX2 static double folds_avx2(const double *x, size_t n) {
    __m256d acc = _mm256_setzero_pd();
    const __m256d bound = _mm256_set1_pd(5.12), lower = _mm256_set1_pd(-5.12);
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        __m256d v = _mm256_loadu_pd(x + i);
        __m256d outside = _mm256_or_pd(_mm256_cmp_pd(v, lower, _CMP_LT_OQ), _mm256_cmp_pd(v, bound, _CMP_GT_OQ));
        if (__builtin_expect(_mm256_movemask_pd(outside) != 0, 0)) v = _mm256_blendv_pd(v, _mm256_div_pd(bound, v), outside);
        acc = _mm256_add_pd(acc, v);
    }
    double s[4];
    _mm256_storeu_pd(s, acc);
    for (; i < n; i++) s[0] += fold(x[i]);
    return (s[0] + s[1]) + (s[2] + s[3]);
}
#endif

void tk_sphere_rows(int path, const double *x, size_t rows, size_t d, double shift, double worst, double *objectives,
                    double *descriptors) {
    size_t half = d / 2;
#ifdef TK_X86
    if (path == 1 && tk_best_path() == 1) {
        for (size_t r = 0; r < rows; r++) {
            const double *row = x + r * d;
            if (objectives) objectives[r] = (squares_avx2(row, d, shift) - worst) / (0 - worst) * 100;
            descriptors[2 * r] = folds_avx2(row, half);
            descriptors[2 * r + 1] = folds_avx2(row + half, d - half);
        }
        return;
    }
#endif
    for (size_t r = 0; r < rows; r++) {
        const double *row = x + r * d;
        if (objectives) objectives[r] = (squares_portable(row, d, shift) - worst) / (0 - worst) * 100;
        descriptors[2 * r] = folds_portable(row, half);
        descriptors[2 * r + 1] = folds_portable(row + half, d - half);
    }
}
