/* kpi: performance targets (绩效目标, 绩效指标) found in records (SPEC §6).
 *
 * Two sources: prose target lists (`参保人数≥373.87万人;政策知晓率≥95%`,
 * `数量指标为覆盖率≥90%,社会效益指标为让群众知晓政策`) and indicator tables
 * (一级指标 / 二级指标 / 三级指标 / 指标值 columns). Prose counts only in a
 * target context (see kpi.c), so `参保率稳定在95%以上` in a work plan is a
 * statement, not a target. Not for money amounts in general: extract-amounts. */
#ifndef GONGKAI_KPI_H
#define GONGKAI_KPI_H

#include <stdbool.h>
#include <stddef.h>

/* One indicator. Every field is UTF-8 with an explicit length; the strings
 * belong to the scanner and live until the emit callback returns. */
struct kpi_field {
	const char *s;
	size_t n;
};

struct kpi {
	struct kpi_field category;  /* 数量指标, 满意度指标, …, or empty */
	struct kpi_field indicator; /* the indicator's name */
	const char *op;             /* ">=", "<=", "=", ">", "<", "~" or "text" */
	struct kpi_field value;     /* base units: 3738700, 7860000.00, 2025-12-31 */
	struct kpi_field unit;      /* 人, CNY, %, date, 月, …; empty for text */
	struct kpi_field raw;       /* the target as written: ≥373.87万人 */
	bool overflow;              /* the number did not fit: value is as written */
};

typedef void kpi_emit_fn(const struct kpi *k, void *ctx);

struct kpi_scanner;

/* Compiles the patterns once (PCRE2, JIT where available). */
struct kpi_scanner *kpi_scanner_new(kpi_emit_fn *emit, void *ctx);
void kpi_scanner_free(struct kpi_scanner *s);

/* Scans one record's text (cells separated by real TABs) under its section
 * path, calling emit once per indicator, in text order. */
void kpi_scan(struct kpi_scanner *s, const char *section, size_t section_len,
	      const char *text, size_t text_len);

/* Forgets the document's state (an open indicator table). */
void kpi_doc_end(struct kpi_scanner *s);

#endif
