/* outline: levels, numbering continuity, list items and the table of
 * contents; see outline.h. heading.c says what a line's marker and title
 * are; this file decides what the marker means at this point of the
 * document. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "heading.h"
#include "outline.h"
#include "sys.h"
#include "utf8.h"

/* An open heading. shadow counts a run of list items that restarted this
 * style's numbering inside its section (`三、年度工作任务` / `一、…` `二、…`),
 * so `四、` continues that run and not the headings. */
struct level {
	enum marker_style style;
	enum marker_variant variant;
	long number;
	long shadow;
	struct buf title;
};

struct held {
	struct buf doc, text;
	long line;
	bool text_plain;
};

enum hold_kind { HOLD_NONE, HOLD_HEADING, HOLD_TITLE };
enum toc_state { TOC_BEFORE, TOC_INSIDE, TOC_AFTER };

/* A heading about to open: where, in which style, with which title. */
struct opening {
	int index;
	enum marker_style style;
	enum marker_variant variant;
	long number;
};

struct toc_part {
	uint64_t key;
	long number;
};

struct outline {
	struct outline_sink sink;
	struct level levels[OUTLINE_DEPTH];
	int depth;
	bool in_item;      /* the last numbered line was a list item */
	bool body;         /* a record that opens nothing came since the last heading */
	bool after_table;  /* the last record was a table row */
	bool after_colon;  /* the last record announced a list (`…如下:`) */
	bool after_annex;  /* the last record captioned an attachment (`附件:…`) */
	bool bare;         /* the numbered line being placed is its title alone */
	struct marker item; /* the list item that started the current run */
	const struct record *current; /* the record being placed */
	bool deep_warned;  /* this document was told its headings go too deep */
	size_t too_deep;   /* headings read as items for want of levels, all documents */
	long records;      /* records seen in this document */
	struct buf path;
	struct buf scratch;
	enum toc_state toc;
	uint64_t toc_first;
	bool toc_has_first;
	enum marker_style toc_style;   /* the contents' outermost style */
	enum marker_variant toc_variant;
	struct toc_part parts[OUTLINE_TOC];
	size_t nparts;
	enum hold_kind hold;
	struct held held[OUTLINE_HOLD];
	size_t nheld;
	struct opening pending;
	struct buf heading;
};

static const char toc_section[] = "目录";

struct outline *outline_new(const struct outline_sink *sink)
{
	struct outline *o = xcalloc(1, sizeof *o);
	o->sink = *sink;
	return o;
}

void outline_free(struct outline *o)
{
	if (!o)
		return;
	for (int i = 0; i < OUTLINE_DEPTH; i++)
		buf_free(&o->levels[i].title);
	for (int i = 0; i < OUTLINE_HOLD; i++) {
		buf_free(&o->held[i].doc);
		buf_free(&o->held[i].text);
	}
	buf_free(&o->path);
	buf_free(&o->scratch);
	buf_free(&o->heading);
	free(o);
}

static bool starts(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n >= k && memcmp(s, prefix, k) == 0;
}

static bool ends(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);
	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static bool has_any(const char *s, size_t n, const char *const *any, size_t count)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < count; j++)
			if (starts(s + i, n - i, any[j]))
				return true;
	return false;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static uint64_t key_hash(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037u;
	for (size_t i = 0; i < n; i++) {
		if (is_space(s[i]))
			continue; /* `第一部分\t基本情况` and `第一部分基本情况` match */
		h ^= (unsigned char)s[i];
		h *= 1099511628211u;
	}
	return h;
}

/* ---- the path ---- */

static void rebuild_path(struct outline *o)
{
	buf_clear(&o->path);
	for (int i = 0; i < o->depth; i++) {
		if (i)
			buf_adds(&o->path, " > ");
		buf_add(&o->path, o->levels[i].title.data, o->levels[i].title.len);
	}
}

static void open_level(struct outline *o, const struct opening *at,
		       const char *title, size_t len)
{
	struct level *l = &o->levels[at->index];
	l->style = at->style;
	l->variant = at->variant;
	l->number = at->number;
	l->shadow = 0;
	buf_clear(&l->title);
	buf_add(&l->title, title, len);
	o->depth = at->index + 1;
	o->in_item = false;
	o->body = false;
	o->item.style = MARKER_NONE;
	rebuild_path(o);
}

static void report(struct outline *o, const struct record *r, bool toc, int level,
		   const char *heading, size_t heading_len)
{
	struct outline_line l = {
		.record = r,
		.section = toc ? toc_section : o->path.len ? o->path.data : "",
		.section_len = toc ? strlen(toc_section) : o->path.len,
		.level = level,
		.heading = heading,
		.heading_len = heading_len,
	};
	if (!level)
		o->body = true;
	/* A plain text (record.h) has no TAB: no need to look. */
	o->after_table = !level && !r->text_plain && r->text_len &&
			 memchr(r->text, '\t', r->text_len);
	o->after_colon = !level && ends(r->text, r->text_len, ":");
	if (level)
		o->after_annex = false;
	o->sink.line(&l, o->sink.ctx);
}

/* ---- numbering: where a numbered heading goes, if anywhere ---- */

static int find_level(const struct outline *o, const struct marker *m)
{
	for (int i = o->depth - 1; i >= 0; i--)
		if (o->levels[i].style == m->style && o->levels[i].variant == m->variant)
			return i;
	return -1;
}

static bool is_part(enum marker_style style)
{
	return style == MARKER_PART || style == MARKER_ANNEX;
}

static int as_item(struct outline *o)
{
	o->in_item = true;
	return -1;
}

/* A heading past the deepest level is read as a list item: said once per
 * document, at the first, and counted for --strict. */
static void note_too_deep(struct outline *o)
{
	o->too_deep++;
	if (o->deep_warned || !o->current)
		return;
	o->deep_warned = true;
	warn_doc(o->current->doc, o->current->doc_len, o->current->line,
		"headings nested deeper than %d levels are read as list items (the first here)",
		OUTLINE_DEPTH);
}

size_t outline_too_deep(const struct outline *o)
{
	return o->too_deep;
}

/* A style already open: the next number is a sibling; `1` again restarts a
 * list inside the section (items), unless it starts a level deeper: right
 * under a heading of its own style, or under a deeper heading of another. */
static int place_open_style(struct outline *o, int i, const struct marker *m, bool heading)
{
	struct level *l = &o->levels[i];
	if (l->shadow && m->number == l->shadow + 1) {
		l->shadow++;
		return as_item(o);
	}
	bool next = m->number == 0 || m->number == l->number + 1 ||
		    (is_part(m->style) && m->number > l->number);
	if (next)
		return heading ? i : as_item(o);
	/* Parts are outermost: `第一部分` again starts the parts afresh. */
	if (is_part(m->style))
		return heading && m->number == 1 ? i : as_item(o);
	if (m->number != 1)
		return as_item(o);
	if (heading && o->after_annex)
		return i; /* what is attached numbers afresh */
	if (heading && !o->in_item && (i < o->depth - 1 || !o->body)) {
		if (o->depth < OUTLINE_DEPTH)
			return o->depth;
		note_too_deep(o);
	}
	l->shadow = 1;
	return as_item(o);
}

/* `A.2020年…资金253.12万元按进度到达。` then `B.项目资金执行情况分析`: a
 * run whose first line carried data and whose second is a title is a run
 * of headings. A stray number elsewhere is an item, but starts no list. */
static bool second_of_run(const struct outline *o, const struct marker *m)
{
	return o->bare && o->item.style == m->style && o->item.variant == m->variant &&
	       o->item.number == 1 && m->number == 2 && o->depth < OUTLINE_DEPTH;
}

/* Index where a heading with marker m opens, or -1 for a list item. */
static int place(struct outline *o, const struct marker *m, bool heading)
{
	int i = find_level(o, m);
	if (i >= 0)
		return place_open_style(o, i, m, heading);
	if (is_part(m->style))
		return heading ? 0 : as_item(o); /* parts are outermost */
	if (m->number > 1)
		return heading && second_of_run(o, m) ? o->depth : -1;
	if (heading && !o->in_item && o->depth >= OUTLINE_DEPTH)
		note_too_deep(o);
	if (o->in_item || !heading || o->depth >= OUTLINE_DEPTH) {
		o->item = *m;
		return as_item(o);
	}
	return o->depth;
}

/* ---- the table of contents ---- */

static bool is_toc_title(const char *s, size_t n)
{
	while (n && is_space(s[n - 1]))
		n--;
	if (!ends(s, n, "目录") && !ends(s, n, "目\t录") && !ends(s, n, "目 录"))
		return false;
	return utf8_chars(s, n) <= 40;
}

/* The entry of a contents line: without its bullet, its page number, dot
 * leaders or a Word field left in it. */
static void toc_entry(const char *s, size_t n, const char **entry, size_t *len)
{
	static const char *const bullets[] = { "- ", "• ", "•", "· ", "·" };
	static const char *const leaders[] = { "…", "·", ".", "-", "—", " ", "\t" };
	for (size_t i = 0; i < sizeof bullets / sizeof *bullets; i++)
		if (starts(s, n, bullets[i])) {
			s += strlen(bullets[i]);
			n -= strlen(bullets[i]);
			break;
		}
	for (size_t i = 0; i + 7 <= n; i++)
		if (memcmp(s + i, "PAGEREF", 7) == 0) {
			n = i;
			break;
		}
	while (n && is_space(s[n - 1]))
		n--;
	size_t digits = n;
	while (n && s[n - 1] >= '0' && s[n - 1] <= '9')
		n--;
	/* Only a number after a leader or a space is a page number. */
	size_t before = n;
	for (bool cut = true; cut && n;) {
		cut = false;
		for (size_t i = 0; i < sizeof leaders / sizeof *leaders; i++)
			if (ends(s, n, leaders[i])) {
				n -= strlen(leaders[i]);
				cut = true;
			}
	}
	if (n == before)
		n = digits;
	*entry = s;
	*len = n;
}

static bool looks_like_toc_entry(const char *s, size_t n)
{
	static const char *const stops[] = { "。", ";", "!", "?" };
	return n && utf8_chars(s, n) <= 60 && !has_any(s, n, stops, 4);
}

/* The words of an entry without its marker: what the body repeats. */
static uint64_t entry_key(const char *s, size_t n, struct marker *m)
{
	if (heading_marker(s, n, m) != MARKER_NONE && m->len < n) {
		s += m->len;
		n -= m->len;
	} else if (m->style != MARKER_NONE) {
		return 0;
	}
	return key_hash(s, n);
}

static const struct toc_part *find_part(const struct outline *o, uint64_t key)
{
	for (size_t i = 0; i < o->nparts; i++)
		if (o->parts[i].key == key)
			return &o->parts[i];
	return NULL;
}

/* Is r a line of the contents? Remembers its entry; the contents end when
 * the body repeats an entry (the first one, or a part's title). */
static bool in_toc(struct outline *o, const char *s, size_t n)
{
	const char *entry;
	size_t len;
	struct marker m;
	toc_entry(s, n, &entry, &len);
	uint64_t key = entry_key(entry, len, &m);
	if (!looks_like_toc_entry(entry, len) || (o->toc_has_first && key == o->toc_first) ||
	    (key && find_part(o, key))) {
		o->toc = TOC_AFTER;
		return false;
	}
	if (!o->toc_has_first && key) {
		o->toc_first = key;
		o->toc_has_first = true;
	}
	if (key && o->toc_style == MARKER_NONE) {
		o->toc_style = m.style;
		o->toc_variant = m.variant;
	}
	/* The contents' outermost entries name the parts, whatever the body
	 * numbers them with (`四、名词解释` there, `1. 名词解释` here). */
	bool outermost = m.style == o->toc_style && m.variant == o->toc_variant;
	if (key && (is_part(m.style) || outermost) && o->nparts < OUTLINE_TOC)
		o->parts[o->nparts++] = (struct toc_part){ key, m.number };
	return true;
}

/* ---- holding a heading whose title may go on ---- */

static void hold_record(struct outline *o, const struct record *r)
{
	struct held *h = &o->held[o->nheld++];
	buf_clear(&h->doc);
	buf_clear(&h->text);
	buf_add(&h->doc, r->doc, r->doc_len);
	buf_add(&h->text, r->text, r->text_len);
	h->line = r->line;
	h->text_plain = r->text_plain;
}

/* Reports the held records; the first opens the held heading when it is one. */
static void release(struct outline *o, bool opens)
{
	if (opens)
		open_level(o, &o->pending, o->heading.data, o->heading.len);
	for (size_t i = 0; i < o->nheld; i++) {
		struct held *h = &o->held[i];
		struct record r = {
			.doc = h->doc.data, .doc_len = h->doc.len, .line = h->line,
			.text = h->text.data, .text_len = h->text.len,
			.text_plain = h->text_plain,
		};
		bool first = opens && i == 0;
		report(o, &r, false, first ? o->pending.index + 1 : 0,
		       first ? o->heading.data : NULL, first ? o->heading.len : 0);
	}
	o->nheld = 0;
	o->hold = HOLD_NONE;
}

/* `第二部分永仁县医疗保障局2022年` / `部门预算表(详见附表)`: a title that
 * stops after a year or a number goes on on the next short line. */
static bool title_breaks_off(const char *s, size_t n)
{
	return ends(s, n, "年") || (n && s[n - 1] >= '0' && s[n - 1] <= '9');
}

static bool continues_title(const char *s, size_t n)
{
	static const char *const stops[] = { "。", ";", ":", ",", "!", "?", "\t" };
	struct marker m;
	return n && utf8_chars(s, n) <= 24 && !has_any(s, n, stops, 7) &&
	       heading_marker(s, n, &m) == MARKER_NONE;
}

/* A document's first line, short and bare, may be its title: it is one when
 * the body begins right after it (`一、…`, `第一部分…`). */
static bool may_be_title(const char *s, size_t n)
{
	static const char *const stops[] = { "。", ";", ":", ",", "!", "?", "\t", "|" };
	struct marker m;
	return n && utf8_chars(s, n) <= 40 && !has_any(s, n, stops, 8) &&
	       heading_marker(s, n, &m) == MARKER_NONE;
}

static bool begins_body(const char *s, size_t n)
{
	struct marker m;
	size_t len;
	enum marker_style style = heading_marker(s, n, &m);
	return (style == MARKER_PART || style == MARKER_CJK) && m.number == 1 &&
	       heading_title(s, n, &m, &len) == TITLE_HEADING;
}

/* Does r finish what is held? Returns true when r was taken. */
static bool absorb(struct outline *o, const struct record *r)
{
	if (o->nheld < OUTLINE_HOLD && title_breaks_off(o->heading.data, o->heading.len) &&
	    continues_title(r->text, r->text_len)) {
		buf_add(&o->heading, r->text, r->text_len);
		hold_record(o, r);
		if (o->hold == HOLD_HEADING || o->nheld == OUTLINE_HOLD)
			release(o, o->hold == HOLD_HEADING);
		return true;
	}
	release(o, o->hold == HOLD_HEADING ||
			   (o->depth == 0 && begins_body(r->text, r->text_len)));
	return false;
}

/* ---- one record ---- */

/* The heading's text: marker and title, one space after a part's marker. */
static void heading_text(struct outline *o, const char *s, size_t title_len,
			 const struct marker *m)
{
	size_t at = m->len;
	buf_clear(&o->heading);
	buf_add(&o->heading, s, m->len);
	while (at < title_len && (is_space(s[at]) || (is_part(m->style) && (s[at] == ':' || s[at] == '.'))))
		at++;
	if (is_part(m->style) && at < title_len)
		buf_addc(&o->heading, ' ');
	else if (at > m->len)
		at = m->len + 1; /* `1. 部门决算…` keeps its space */
	while (title_len > at && is_space(s[title_len - 1]))
		title_len--;
	if (at < title_len)
		buf_add(&o->heading, s + at, title_len - at);
}

/* `第一部分   基本情况` reaches us as two cells: a marker alone in the first
 * cell and one cell of text is a heading with a space. Any other line with
 * cells is a table row. Returns false for a table row. */
static bool line_text(struct outline *o, const struct record *r,
		      const char **text, size_t *len)
{
	const char *s = r->text;
	size_t n = r->text_len;
	const char *tab = r->text_plain ? NULL : memchr(s, '\t', n);
	*text = s;
	*len = n;
	if (!tab)
		return true;
	size_t first = (size_t)(tab - s), rest = n - first - 1;
	struct marker m;
	if (heading_marker(s, first, &m) == MARKER_NONE || m.len != first || !rest ||
	    memchr(tab + 1, '\t', rest))
		return false;
	buf_clear(&o->scratch);
	buf_add(&o->scratch, s, first);
	buf_addc(&o->scratch, ' ');
	buf_add(&o->scratch, tab + 1, rest);
	*text = o->scratch.data;
	*len = o->scratch.len;
	return true;
}

/* A numbered line: fills o->pending and o->heading when it opens a section. */
static bool numbered_heading(struct outline *o, const char *s, size_t n)
{
	struct marker m;
	size_t title_len;
	if (heading_marker(s, n, &m) == MARKER_NONE)
		return false;
	enum title_kind kind = heading_title(s, n, &m, &title_len);
	if (kind == TITLE_NONE || m.style == MARKER_ORDINAL || m.style == MARKER_BULLET)
		return false;
	/* A new minor style right after a table row labels a row the export cut
	 * off from its cells (`(一)一般公共预算`); an open style, a part or `一、`
	 * after a table is a heading. */
	if (o->after_table && find_level(o, &m) < 0 && !is_part(m.style) && m.style != MARKER_CJK)
		return false;
	/* An annex that names a file is a link, not a part (`附件3.预算表.xls`);
	 * one without a number captions what is attached (`附件:…自评表`). */
	if (m.style == MARKER_ANNEX && m.number == 0) {
		o->after_annex = true;
		return false;
	}
	if (m.style == MARKER_ANNEX &&
	    (ends(s, n, ".xls") || ends(s, n, ".xlsx") || ends(s, n, ".doc") ||
	     ends(s, n, ".docx") || ends(s, n, ".pdf")))
		return false;
	/* `…单位如下:` then `1.赤壁市医疗保障局属本级预算单位。`: a sentence
	 * in a list the line before announced. */
	if (o->after_colon && ends(s, n, "。"))
		kind = TITLE_ITEM;
	o->bare = title_len == n;
	int index = place(o, &m, kind == TITLE_HEADING);
	if (index < 0)
		return false;
	if (m.number == 0)
		m.number = index < o->depth ? o->levels[index].number + 1 : 1;
	o->pending = (struct opening){ index, m.style, m.variant, m.number };
	heading_text(o, s, title_len, &m);
	return true;
}

/* The line s[0..n) opens the part the contents list as part, if it can. */
static bool open_part(struct outline *o, const struct toc_part *part, const char *s, size_t n)
{
	struct marker m = { .style = MARKER_PART, .number = part->number };
	int index = place(o, &m, true);
	if (index < 0)
		return false;
	o->pending = (struct opening){ index, MARKER_PART, VARIANT_PLAIN, part->number };
	buf_clear(&o->heading);
	buf_add(&o->heading, s, n);
	return true;
}

/* A bare line that repeats a part's title from the contents. */
static bool part_from_toc(struct outline *o, const char *s, size_t n)
{
	const struct toc_part *part;
	if (!o->nparts || utf8_chars(s, n) > 60 || !(part = find_part(o, key_hash(s, n))))
		return false;
	return open_part(o, part, s, n);
}

/* A numbered line whose title is a part's in the contents, numbered in
 * another style than the contents use: the part, renumbered by the body. */
static bool part_by_title(struct outline *o, const char *s, size_t n)
{
	struct marker m;
	const struct toc_part *part;
	if (!o->nparts || heading_marker(s, n, &m) == MARKER_NONE || is_part(m.style) ||
	    (m.style == o->toc_style && m.variant == o->toc_variant) || m.len >= n ||
	    !(part = find_part(o, key_hash(s + m.len, n - m.len))))
		return false;
	return open_part(o, part, s, n);
}

static void place_record(struct outline *o, const struct record *r)
{
	const char *s;
	size_t n;
	bool first = o->records++ == 0;
	o->current = r;
	if (o->toc == TOC_INSIDE && in_toc(o, r->text, r->text_len)) {
		report(o, r, true, 0, NULL, 0);
		return;
	}
	if (o->toc == TOC_BEFORE && o->depth == 0 && is_toc_title(r->text, r->text_len)) {
		o->toc = TOC_INSIDE;
		report(o, r, true, 0, NULL, 0);
		return;
	}
	if (!line_text(o, r, &s, &n)) {
		report(o, r, false, 0, NULL, 0);
		return;
	}
	if (first && may_be_title(s, n)) {
		o->pending = (struct opening){ 0, MARKER_PART, VARIANT_PLAIN, 1 };
		buf_clear(&o->heading);
		buf_add(&o->heading, s, n);
		o->hold = HOLD_TITLE;
		hold_record(o, r);
		return;
	}
	if (!part_by_title(o, s, n) && !numbered_heading(o, s, n) && !part_from_toc(o, s, n)) {
		report(o, r, false, 0, NULL, 0);
		return;
	}
	o->hold = HOLD_HEADING;
	hold_record(o, r);
	if (!title_breaks_off(o->heading.data, o->heading.len))
		release(o, true);
}

void outline_feed(struct outline *o, const struct record *r)
{
	if (o->hold != HOLD_NONE && absorb(o, r))
		return;
	place_record(o, r);
}

void outline_end(struct outline *o)
{
	if (o->hold != HOLD_NONE)
		release(o, o->hold == HOLD_HEADING);
	o->depth = 0;
	o->in_item = false;
	o->body = false;
	o->after_table = false;
	o->after_colon = false;
	o->after_annex = false;
	o->item.style = MARKER_NONE;
	o->records = 0;
	o->toc = TOC_BEFORE;
	o->toc_has_first = false;
	o->toc_style = MARKER_NONE;
	o->nparts = 0;
	o->deep_warned = false;
	o->current = NULL;
	buf_clear(&o->path);
}
