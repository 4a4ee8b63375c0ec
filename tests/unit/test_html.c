/* test_html: unit tests of html.c (the streaming HTML-to-lines reader).
 *
 * Each case feeds a page whole and again 1, 2, 5 and 64 bytes at a time and
 * compares the lines with the expected ones, written "LINE TEXT\n" with a
 * TAB shown as '|'. Larger pages live in tests/fixtures/html as NAME.html
 * with NAME.out; looks_like_html has its own cases at the end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "decode.h"
#include "html.h"
#include "sys.h"

static int passed, failed;

static void collect(long line, const char *text, size_t n, void *ctx)
{
	struct buf *out = ctx;
	char number[24];
	snprintf(number, sizeof number, "%ld ", line);
	buf_adds(out, number);
	for (size_t i = 0; i < n; i++)
		buf_addc(out, text[i] == '\t' ? '|' : text[i]);
	buf_addc(out, '\n');
}

static void read_html(const char *in, size_t n, size_t piece,
		      struct buf *out)
{
	struct html_reader *h = html_new(collect, out);
	for (size_t i = 0; i < n; i += piece)
		html_feed(h, in + i, n - i < piece ? n - i : piece);
	html_finish(h);
	html_free(h);
}

static void check_bytes(const char *name, const char *in, size_t n,
			const char *want, size_t want_len)
{
	static const size_t pieces[] = {0, 1, 2, 5, 64};
	for (size_t p = 0; p < sizeof pieces / sizeof pieces[0]; p++) {
		size_t piece = pieces[p] ? pieces[p] : (n ? n : 1);
		struct buf out = {0};
		read_html(in, n, piece, &out);
		if (out.len != want_len || (out.len && memcmp(out.data, want, out.len))) {
			printf("FAIL %s (pieces of %zu):\n--- got\n%.*s--- want\n"
			       "%.*s---\n", name, piece, (int)out.len,
			       out.data ? out.data : "", (int)want_len, want);
			buf_free(&out);
			failed++;
			return;
		}
		buf_free(&out);
	}
	printf("ok %s\n", name);
	passed++;
}

static void check(const char *name, const char *in, const char *want)
{
	check_bytes(name, in, strlen(in), want, strlen(want));
}

static void test_lines(void)
{
	check("paragraphs", "<p>一、部门职责</p>\n<p>负责全市财政工作。</p>",
	      "1 一、部门职责\n2 负责全市财政工作。\n");
	check("br ends a line", "第一行<br>第二行<BR/>第三行<br />",
	      "1 第一行\n1 第二行\n1 第三行\n");
	check("whitespace collapses", "<p>  收入 \n\t 预算\r\n  </p>",
	      "1 收入 预算\n");
	check("inline elements join",
	      "<p><span>部</span><b>门</b><a href=\"x\">预算</a></p>",
	      "1 部门预算\n");
	check("headings and lists",
	      "<h1>2023年部门预算</h1><ul><li>收入</li><li>支出</li></ul>",
	      "1 2023年部门预算\n1 收入\n1 支出\n");
	check("line of the block element",
	      "<div>\n<p>\n正文</p>\n\n后记",
	      "2 正文\n5 后记\n");
	check("crlf, cr and lf each count once",
	      "a\r\n<p>b</p>\r<p>c</p>\n<p>d</p>\r\n\r\n<p>e</p>",
	      "1 a\n2 b\n3 c\n4 d\n6 e\n");
	check("form feed is no line break", "<p>a</p>\f<p>b</p>",
	      "1 a\n1 b\n");
	check("pre keeps spaces and lines", "<pre>项目    金额\n合计  100\r\n</pre>后",
	      "1 项目    金额\n2 合计  100\n3 后\n");
	check_bytes("nul byte passes", "<p>a\0b</p>x", 11, "1 a\0b\n1 x\n", 10);
	check("hr and blockquote", "a<hr>b<blockquote>c</blockquote>d",
	      "1 a\n1 b\n1 c\n1 d\n");
	check("empty input", "", "");
	check("only markup", "<html><body><p></p><div> </div></body></html>",
	      "");
}

static void test_tables(void)
{
	check("table with th and td",
	      "<table>\n<tr><th>项目</th><th>预算数</th></tr>\n<tr>\n"
	      "<td>基本支出</td>\n<td>1,234.56</td>\n</tr>\n</table>",
	      "2 项目|预算数\n3 基本支出|1,234.56\n");
	check("empty cells keep their place",
	      "<table><tr><td>a</td><td></td><td>c</td><td> </td></tr></table>",
	      "1 a||c|\n");
	check("nested tags in cells",
	      "<tr><td><span><b>合计</b></span></td><td><font color=red>"
	      "<strong>100</strong></font></td></tr>",
	      "1 合计|100\n");
	check("line breaks inside cells become spaces",
	      "<tr><td>项目<br>名称</td><td><p>2023年</p><p>预算数</p></td>"
	      "<td><div>本年</div>\n<div>决算</div></td></tr>",
	      "1 项目 名称|2023年 预算数|本年 决算\n");
	check("single-cell row is cut at its blocks",
	      "<table><tr><td>\n<p>一、概况</p>\n<p>正文。</p>\n</td></tr>"
	      "</table>",
	      "1 一、概况\n3 正文。\n");
	check("row of empty cells is nothing",
	      "<table><tr><td></td><td>&nbsp;</td></tr><tr><td> </td></tr>"
	      "</table>",
	      "1 |\xC2\xA0\n");
	check("whitespace around cells",
	      "<tr>\n  <td> 一般公共预算 </td>\n  <td>\n 1523.40 </td>\n</tr>",
	      "1 一般公共预算|1523.40\n");
	check("colspan is not expanded",
	      "<tr><td colspan=\"2\">合计</td><td>5</td></tr>",
	      "1 合计|5\n");
	check("unclosed cells and rows",
	      "<table><tr><td>a<td>b<tr><td>c<td>d</table>",
	      "1 a|b\n1 c|d\n");
	check("cells without a row", "<td>a</td><td>b</td>", "1 a|b\n");
	check("caption and text after table",
	      "<table><caption>表1 收入预算表</caption>\n<tbody><tr><td>a</td>"
	      "<td>1</td></tr></tbody></table>尾",
	      "1 表1 收入预算表\n2 a|1\n2 尾\n");
	check("nested table",
	      "<table><tr><td>外<table><tr><td>甲</td><td>乙</td></tr>"
	      "</table>后</td><td>x</td></tr></table>",
	      "1 外\n1 甲|乙\n1 后|x\n");
	check("row line is the tr line",
	      "<table>\n<tr>\n<td>\na</td>\n<td>b</td></tr></table>",
	      "2 a|b\n");
	check("text before a row", "<table>单位：万元<tr><td>a</td></tr>",
	      "1 单位：万元\n1 a\n");
	check("uppercase table tags",
	      "<TABLE><TR><TD>乙</TD><TD>丙</TD></TR></TABLE>", "1 乙|丙\n");
}

static void test_dropped(void)
{
	check("script, style, noscript, comments",
	      "<script>var a='<p>x</p>';</script><style>p{}</style>"
	      "<noscript>请启用脚本</noscript><!-- 注释 <p>y</p> -->正文",
	      "1 正文\n");
	check("head dropped but title kept",
	      "<html><head>\n<meta charset=utf-8>\n<title>2023年 部门预算"
	      "</title>\n<link rel=x>说明<style>b{}</style></head>\n<body>"
	      "<p>正文</p></body></html>",
	      "3 2023年 部门预算\n5 正文\n");
	check("head ended by body content", "<head><title>t</title><p>x",
	      "1 t\n1 x\n");
	check("script end tag case and delimiters",
	      "<SCRIPT type=x>a</scriptx>b</Script >c", "1 c\n");
	check("comment forms",
	      "<!-->a<!--->b<!-- x -- y -->c<!-- z --!>d<!---->e",
	      "1 abcde\n");
	check("doctype and processing instruction",
	      "<!DOCTYPE html>\n<?xml version=\"1.0\"?>\n<p>x</p>", "3 x\n");
	check("cdata is text", "<p><![CDATA[a<b]]]></p>", "1 a<b]\n");
	check("title keeps markup as text",
	      "<title>预算&amp;决算 <b> </tit</title>",
	      "1 预算&决算 <b> </tit\n");
	check("unclosed comment drops the rest", "a<!-- b", "1 a\n");
	check("unclosed title at eof", "<title>标题</ti", "1 标题</ti\n");
}

static void test_markup_edges(void)
{
	check("less-than not starting a tag",
	      "a < b, 1<2, x<>y, <3", "1 a < b, 1<2, x<>y, <3\n");
	check("less-than at end", "a <", "1 a <\n");
	check("quoted greater-than in attributes",
	      "<p title=\"a>b\" data-x='c>d'>正文</p>", "1 正文\n");
	check("quote inside unquoted value",
	      "<p class=a\"b>正文</p>", "1 正文\n");
	check("end tag oddities", "a</>b</ 3>c</p x=\">\">d",
	      "1 abc\n1 d\n");
	check("long tag name is inline", "a<abcdefghijklmnopqrstuvwxyzp>b",
	      "1 ab\n");
	check("unclosed tag at eof", "a<p class=", "1 a\n");
}

static void test_entities(void)
{
	check("basic entities", "&amp; &lt; &gt; &quot; &apos;",
	      "1 & < > \" '\n");
	check("nbsp is U+00A0", "a&nbsp;b", "1 a\xC2\xA0" "b\n");
	check("ensp and hellip", "a&ensp;b&hellip;", "1 a\u2002b\u2026\n");
	check("numeric references", "&#x4E00;&#19968;&#X4e8C;", "1 一一二\n");
	check("legacy name without semicolon", "&copy 2023 &copy2023 &AMP",
	      "1 \u00A9 2023 \u00A92023 &\n");
	check("longest legacy prefix", "&notit; &notin;",
	      "1 \u00ACit; \u2209\n");
	check("modern name needs semicolon", "&hellip &ensp",
	      "1 &hellip &ensp\n");
	check("unknown names stay", "&unknown; AT&T & b &;",
	      "1 &unknown; AT&T & b &;\n");
	check("invalid code points", "&#0;&#x110000;&#xD800;&#99999999999;",
	      "1 \uFFFD\uFFFD\uFFFD\uFFFD\n");
	check("windows-1252 range", "&#150;&#128;", "1 \u2013\u20AC\n");
	check("references without digits", "&#; &#x; &#xg", "1 &#; &#x; &#xg\n");
	check("numeric without semicolon", "&#19968x", "1 一x\n");
	check("two code points", "&NotEqualTilde;", "1 \u2242\u0338\n");
	check("longest name", "&CounterClockwiseContourIntegral;",
	      "1 \u2233\n");
	check("entity at eof", "x&amp", "1 x&\n");
	check("numeric at eof", "x&#x41", "1 xA\n");
	check("reference newline is whitespace", "a&#10;&#32;b", "1 a b\n");
	check("entities in cells",
	      "<tr><td>&nbsp;</td><td>&#49;&#48;</td></tr>",
	      "1 \xC2\xA0|10\n");
}

/* A text node far longer than any piece: one line, not cut. */
static void test_long_text(void)
{
	struct buf in = {0}, want = {0};
	buf_adds(&in, "<p>");
	buf_adds(&want, "1 ");
	for (int i = 0; i < 400000; i++) {
		buf_adds(&in, "收入预算1667.35万元，");
		buf_adds(&want, "收入预算1667.35万元，");
	}
	buf_adds(&in, "</p>");
	buf_adds(&want, "\n");
	struct buf out = {0};
	read_html(in.data, in.len, 65536, &out);
	if (out.len == want.len && !memcmp(out.data, want.data, out.len)) {
		printf("ok long text node\n");
		passed++;
	} else {
		printf("FAIL long text node: %zu bytes out, want %zu\n", out.len,
		       want.len);
		failed++;
	}
	buf_free(&in);
	buf_free(&want);
	buf_free(&out);
}

static void read_file(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		printf("FAIL fixture %s: cannot open (run from the repository "
		       "root)\n", path);
		exit(1);
	}
	char piece[4096];
	size_t n;
	while ((n = fread(piece, 1, sizeof piece, f)) > 0)
		buf_add(b, piece, n);
	fclose(f);
}

/* A fixture page, decoded (any encoding) and read. */
static void test_fixture(const char *name)
{
	char path[256];
	struct buf raw = {0}, utf8 = {0}, want = {0};
	snprintf(path, sizeof path, "tests/fixtures/html/%s.html", name);
	read_file(path, &raw);
	snprintf(path, sizeof path, "tests/fixtures/html/%s.out", name);
	read_file(path, &want);
	struct decoder *d = decoder_new(NULL);
	decoder_feed(d, raw.data, raw.len, &utf8);
	decoder_finish(d, &utf8);
	decoder_free(d);
	char label[128];
	snprintf(label, sizeof label, "fixture %s", name);
	check_bytes(label, utf8.data, utf8.len, want.data, want.len);
	buf_free(&raw);
	buf_free(&utf8);
	buf_free(&want);
}

static void sniff(const char *name, const char *s, bool want)
{
	if (looks_like_html(s, strlen(s)) == want) {
		printf("ok looks_like_html %s\n", name);
		passed++;
	} else {
		printf("FAIL looks_like_html %s: want %s\n", name,
		       want ? "true" : "false");
		failed++;
	}
}

static void test_sniff(void)
{
	sniff("doctype", "<!DOCTYPE html>\n<html>", true);
	sniff("doctype lowercase", "\n  <!doctype HTML PUBLIC>", true);
	sniff("html after bom", "\xEF\xBB\xBF<HTML lang=zh>", true);
	sniff("head", "<head><meta charset=gbk>", true);
	sniff("meta", "<meta http-equiv=Content-Type>", true);
	sniff("body", "  <body>", true);
	sniff("table inside", "部门预算\n<table border=1><tr>", true);
	sniff("div inside", "<!-- x -->\n<div class=main>", true);
	sniff("p inside", "text <P>more", true);
	sniff("br inside", "第一行<br>第二行", true);
	sniff("plain text", "部门预算\n收入 < 支出\n", false);
	sniff("a less-than word", "see <brief> and <paragraph>", false);
	sniff("html word", "<htmlx>", false);
	sniff("empty", "", false);
	char late[6000];
	memset(late, 'a', sizeof late);
	memcpy(late + 5000, "<table>", 8);
	sniff("table after 4 KB", late, false);
}

int main(void)
{
	tool_init("test_html");
	test_lines();
	test_tables();
	test_dropped();
	test_markup_edges();
	test_entities();
	test_long_text();
	test_fixture("budget-utf8");
	test_fixture("budget-gb2312");
	test_sniff();
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
