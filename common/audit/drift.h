/*
 * drift: does a window of the ledger look like its baseline? Per feature,
 * for all records and per (backend, model), with Evidently's defaults:
 *
 *   numeric (latency, ttft, prompt and output bytes, tokens): the
 *     two-sample Kolmogorov-Smirnov test, drift when p < 0.05, while the
 *     baseline has <= 1000 values; above that the Wasserstein-1 distance
 *     divided by the baseline's standard deviation (at least 0.001), drift
 *     when >= 0.1;
 *   categorical (class, finding types, status, finish reason): the
 *     chi-square goodness-of-fit test of the window's counts against the
 *     baseline's proportions, drift when p < 0.05, while the baseline has
 *     <= 1000 values; above that the Jensen-Shannon distance (natural log),
 *     drift when >= 0.1.
 *
 * PSI is reported beside each (ten baseline-decile bins for numbers, one
 * bin per category; 1e-4 floor): < 0.1 none, < 0.25 moderate, else major.
 * The KS p-value is the asymptotic Kolmogorov distribution.
 */
#ifndef LLM_AUDIT_DRIFT_H
#define LLM_AUDIT_DRIFT_H

#include <stddef.h>
#include <stdint.h>

#include "audit/store.h"
#include "core/buf.h"

/* Appends one NDJSON line per (group, feature) with both sides non-empty,
 * then a summary line. *drifted gets the number of drifted features.
 * Returns 0 or -1 with err. */
int drift_report(struct store *s, int64_t base_lo, int64_t base_hi, int64_t win_lo, int64_t win_hi,
		 struct buf *out, int *drifted, char *err, size_t errlen);

/* The statistics, exposed for tests. */
double drift_ks(const double *a, size_t n, const double *b, size_t m, double *p);
double drift_wasserstein_norm(const double *a, size_t n, const double *b, size_t m);
double drift_chi2_p(double chi2, int df);
double drift_psi_numeric(const double *a, size_t n, const double *b, size_t m);

#endif
