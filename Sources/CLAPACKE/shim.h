#ifndef TESSERA_CLAPACKE_SHIM_H
#define TESSERA_CLAPACKE_SHIM_H
// The two C interfaces Tessera's linear-algebra layer calls: CBLAS and LAPACKE (OpenBLAS).
#include <cblas.h>
#include <lapacke.h>
#endif
