/* SPDX-License-Identifier: MIT */
/* A parsed input: the XML tree every format becomes, and where each node came from. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/xpath.h>

#include "doc.h"
#include "template.h"
#include "tree.h"
#include "ua.h"
#include "util.h"

#define POSBLOCK 1024
#define CHARSTEP 256	/* bytes between the counts of the character index */

struct ua_pos {
	unsigned long line, col;
	size_t off;		/* SIZE_MAX when only line and column are known */
};

struct ua_attridx;
static void free_attridx(struct ua_attridx *x);

struct ua_posblock {
	struct ua_posblock *next;
	size_t used;
	struct ua_pos v[POSBLOCK];
};

int
ua_read_file(const char *path, char **buf, size_t *len, char *err, size_t errlen)
{
	struct ua_buf b = { 0 };
	struct stat st;
	size_t want = 65536;	/* room to read into: the file's size when known */
	ssize_t n;
	int fd;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		return UA_EIO;
	}
	if (fd != STDIN_FILENO) {
		if (fstat(fd, &st) != 0) {
			snprintf(err, errlen, "%s", strerror(errno));
			close(fd);
			return UA_EIO;
		}
		if (S_ISDIR(st.st_mode) || !S_ISREG(st.st_mode)) {
			snprintf(err, errlen, "%s", S_ISDIR(st.st_mode) ?
			    strerror(EISDIR) : "not a regular file");
			close(fd);
			return UA_EIO;
		}
		if ((uintmax_t)st.st_size > UA_MAX_INPUT_BYTES) {
			snprintf(err, errlen, "file too large (limit %lu MiB)",
			    UA_MAX_INPUT_BYTES >> 20);
			close(fd);
			return UA_EIO;
		}
		/* O_NONBLOCK only kept open() from waiting on a FIFO; a regular
		 * file reads the same either way */
		want = (size_t)st.st_size + 1;	/* + 1: room for the read that sees the end */
	}
	for (;;) {
		if (b.cap - b.len < 2) {	/* read straight into the buffer */
			size_t cap = b.cap ? b.cap * 2 : want + 1;
			char *p = realloc(b.s, cap);
			if (p == NULL) {
				snprintf(err, errlen, "%s", strerror(ENOMEM));
				goto fail;
			}
			b.s = p;
			b.cap = cap;
		}
		n = read(fd, b.s + b.len, b.cap - b.len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errlen, "%s", strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		b.len += (size_t)n;
		b.s[b.len] = '\0';
		if (b.len > UA_MAX_INPUT_BYTES) {
			snprintf(err, errlen, "input too large (limit %lu MiB)",
			    UA_MAX_INPUT_BYTES >> 20);
			goto fail;
		}
	}
	if (fd != STDIN_FILENO)
		close(fd);
	*len = b.len;
	if ((*buf = ua_buf_take(&b)) == NULL) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		return UA_ENOMEM;
	}
	return UA_OK;
fail:
	if (fd != STDIN_FILENO)
		close(fd);
	ua_buf_free(&b);
	return UA_EIO;
}

/* The extension a name has once template suffixes (.j2, .pkrtpl.hcl...) are gone. */
static void
ext_of(const char *name, char *ext, size_t size)
{
	const char *slash = strrchr(name, '/'), *dot = NULL, *p;
	size_t n = ua_template_name_len(name);

	for (p = name; p < name + n; p++)
		if (*p == '.')
			dot = p;
	ext[0] = '\0';
	if (dot && (!slash || dot > slash) && (size_t)(name + n - dot) <= size)
		snprintf(ext, size, "%.*s", (int)(name + n - dot - 1), dot + 1);
}

enum ua_format
ua_format_sniff(const char *name, const char *bytes, size_t len)
{
	char ext[16];
	size_t i = 0;

	ext_of(name, ext, sizeof(ext));
	if (strcasecmp(ext, "xml") == 0 || strcasecmp(ext, "xsl") == 0 ||
	    strcasecmp(ext, "xslt") == 0)
		return UA_FMT_XML;
	if (strcasecmp(ext, "json") == 0)
		return UA_FMT_JSON;
	if (strcasecmp(ext, "yml") == 0 || strcasecmp(ext, "yaml") == 0)
		return UA_FMT_YAML;
	if (len >= 3 && memcmp(bytes, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	else if (len >= 2 && ((bytes[0] == '\xff' && bytes[1] == '\xfe') ||
	    (bytes[0] == '\xfe' && bytes[1] == '\xff')))
		return UA_FMT_XML;
	for (; i < len && isspace((unsigned char)bytes[i]); i++)
		;
	if (i < len && bytes[i] == '<')
		return UA_FMT_XML;
	if (i < len && (bytes[i] == '{' || bytes[i] == '['))
		return UA_FMT_JSON;
	return UA_FMT_YAML;
}

const char *
ua_format_name(enum ua_format fmt)
{
	static const char *const names[UA_FMT_COUNT] = { "unknown", "XML", "JSON", "YAML",
		"user data" };

	return fmt < UA_FMT_COUNT ? names[fmt] : "unknown";
}

/* Counts lines in s[0, n) to place an error found while decoding. */
static void
count_pos(const char *s, size_t n, unsigned long *line, unsigned long *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < n; i++) {
		if (s[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)s[i] & 0xc0) != 0x80)
			(*col)++;
	}
}

/* Length of the valid UTF-8 prefix of s; NUL bytes count as invalid. */
static size_t
utf8_valid_prefix(const unsigned char *s, size_t n)
{
	size_t i = 0, k, need;
	uint32_t cp, min;

	while (i < n) {
		unsigned char c = s[i];
		/* ASCII without NUL, eight bytes at a time */
		if (c >= 0x01 && c < 0x80) {
			while (i + 8 <= n) {
				uint64_t w;
				memcpy(&w, s + i, 8);
				if ((w & 0x8080808080808080ULL) ||
				    ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL))
					break;
				i += 8;
			}
			if (i < n && s[i] >= 0x01 && s[i] < 0x80)
				i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1; cp = c & 0x1f; min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2; cp = c & 0x0f; min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3; cp = c & 0x07; min = 0x10000;
		} else
			return i;
		for (k = 1; k <= need; k++) {
			if (i + k >= n || (s[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += need + 1;
	}
	return i;
}

/* The encoding an XML declaration names, lower-cased, or "" when none. */
static void
declared_encoding(const char *s, size_t n, char *enc, size_t enclen)
{
	const char *end, *p, *q;
	size_t i;

	enc[0] = '\0';
	if (n < 5 || strncmp(s, "<?xml", 5) != 0)
		return;
	if ((end = memchr(s, '>', n < 512 ? n : 512)) == NULL)
		return;
	for (p = s; p + 8 < end; p++)
		if (strncmp(p, "encoding", 8) == 0)
			break;
	if (p + 8 >= end)
		return;
	for (p += 8; p < end && (*p == ' ' || *p == '='); p++)
		;
	if (p >= end || (*p != '"' && *p != '\''))
		return;
	for (q = p + 1; q < end && *q != *p; q++)
		;
	for (i = 0, p++; p < q && i + 1 < enclen; p++, i++)
		enc[i] = (char)tolower((unsigned char)*p);
	enc[i] = '\0';
}

static int
convert(struct ua_doc *doc, const char *from, const char *in, size_t inlen,
    struct ua_diags *d)
{
	iconv_t cd;
	struct ua_buf b = { 0 };
	char out[16384], *ip = (char *)in, *op;
	size_t il = inlen, ol, r;
	unsigned long line, col;

	if ((cd = iconv_open("UTF-8", from)) == (iconv_t)-1) {
		ua_diags_add(d, doc->name, 1, 1, UA_SEV_ERROR, "syntax",
		    "unsupported encoding '%s'", from);
		return UA_ESYNTAX;
	}
	while (il > 0) {
		op = out;
		ol = sizeof(out);
		r = iconv(cd, &ip, &il, &op, &ol);
		ua_buf_add(&b, out, (size_t)(op - out));
		if (r == (size_t)-1 && errno != E2BIG) {
			iconv_close(cd);
			count_pos(b.s ? b.s : "", b.len, &line, &col);
			ua_buf_free(&b);
			ua_diags_add(d, doc->name, line, col, UA_SEV_ERROR, "syntax",
			    "invalid %s byte sequence", from);
			return UA_ESYNTAX;
		}
	}
	iconv_close(cd);
	doc->len = b.len;
	if ((doc->text = ua_buf_take(&b)) == NULL)
		return UA_ENOMEM;
	/* U+0000 can arrive encoded too (UTF-16, UTF-7...) */
	{
		const char *nul = memchr(doc->text, '\0', doc->len);
		if (nul) {
			count_pos(doc->text, (size_t)(nul - doc->text), &line, &col);
			ua_diags_add(d, doc->name, line, col, UA_SEV_ERROR, "syntax",
			    "NUL byte in input");
			return UA_ESYNTAX;
		}
	}
	return UA_OK;
}

static int
decode(struct ua_doc *doc, const char *in, size_t n, struct ua_diags *d)
{
	const unsigned char *u = (const unsigned char *)in;
	char enc[sizeof doc->encoding];	/* a longer name is no encoding iconv knows */
	size_t ok;
	unsigned long line, col;

	if (n >= 4 && ((u[0] == 0xff && u[1] == 0xfe && u[2] == 0 && u[3] == 0) ||
	    (u[0] == 0 && u[1] == 0 && u[2] == 0xfe && u[3] == 0xff))) {
		ua_diags_add(d, doc->name, 1, 1, UA_SEV_ERROR, "syntax",
		    "UTF-32 input is not supported");
		return UA_ESYNTAX;
	}
	if (n >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff))) {
		snprintf(doc->encoding, sizeof(doc->encoding), "%s",
		    u[0] == 0xff ? "UTF-16LE" : "UTF-16BE");
		doc->bom = 2;
		return convert(doc, doc->encoding, in + 2, n - 2, d);
	}
	if (n >= 4 && ((u[0] != 0 && u[1] == 0 && u[2] != 0 && u[3] == 0) ||
	    (u[0] == 0 && u[1] != 0 && u[2] == 0 && u[3] != 0))) {
		snprintf(doc->encoding, sizeof(doc->encoding), "%s",
		    u[0] != 0 ? "UTF-16LE" : "UTF-16BE");
		return convert(doc, doc->encoding, in, n, d);
	}
	if (n >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
		in += 3;
		n -= 3;
		doc->bom = 3;
	} else if (doc->fmt == UA_FMT_XML) {
		declared_encoding(in, n, enc, sizeof(enc));
		if (enc[0] && strcmp(enc, "utf-8") != 0 && strcmp(enc, "utf8") != 0 &&
		    strncmp(enc, "utf-16", 6) != 0 && strcmp(enc, "us-ascii") != 0 &&
		    strcmp(enc, "ascii") != 0) {
			snprintf(doc->encoding, sizeof(doc->encoding), "%s", enc);
			return convert(doc, enc, in, n, d);
		}
	}
	ok = utf8_valid_prefix((const unsigned char *)in, n);
	if (ok < n) {
		count_pos(in, ok, &line, &col);
		ua_diags_add(d, doc->name, line, col, UA_SEV_ERROR, "syntax",
		    in[ok] == '\0' ? "NUL byte in input" :
		    "invalid UTF-8 byte sequence");
		return UA_ESYNTAX;
	}
	if ((doc->text = ua_strndup(in, n)) == NULL)
		return UA_ENOMEM;
	doc->len = n;
	return UA_OK;
}

/* The line index is built on the first position asked for. */
static int
index_lines(struct ua_doc *doc)
{
	const char *p, *end = doc->text + doc->len;
	size_t n = 1, k = 0;

	for (p = doc->text; p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
		n++;
	if ((doc->lines = malloc(n * sizeof(*doc->lines))) == NULL)
		return UA_ENOMEM;
	doc->lines[k++] = 0;
	for (p = doc->text; p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
		doc->lines[k++] = (size_t)(p - doc->text) + 1;
	doc->nlines = n;
	return UA_OK;
}

int
ua_doc_parse(const char *name, const char *bytes, size_t len,
    enum ua_format fmt, struct ua_doc **out, struct ua_diags *d)
{
	return ua_doc_parse_template(name, bytes, len, fmt, NULL, out, d);
}

int
ua_doc_parse_template(const char *name, const char *bytes, size_t len,
    enum ua_format fmt, const struct ua_tpl_opts *tpl, struct ua_doc **out,
    struct ua_diags *d)
{
	struct ua_doc *doc;
	int st;

	*out = NULL;
	if ((doc = calloc(1, sizeof(*doc))) == NULL)
		return UA_ENOMEM;
	if ((doc->name = ua_strdup(name)) == NULL) {
		free(doc);
		return UA_ENOMEM;
	}
	doc->fmt = fmt == UA_FMT_UNKNOWN ? ua_format_sniff(name, bytes, len) : fmt;
	*out = doc;
	if ((st = decode(doc, bytes, len, d)) != UA_OK)
		return st;
	if (tpl && (st = ua_template_prepare(tpl, (int)doc->fmt, &doc->text, &doc->len,
	    &doc->tpl)) != UA_OK)
		return st;
	switch (doc->fmt) {
	case UA_FMT_JSON:
		return ua_parse_json(doc, d);
	case UA_FMT_YAML:
		return ua_parse_yaml(doc, d);
	case UA_FMT_USERDATA:
		return ua_parse_userdata(doc, d);
	default:
		return ua_parse_xml(doc, d);
	}
}

int
ua_doc_note_secret(struct ua_doc *doc, xmlNodePtr n)
{
	if (ua_grow(&doc->secrets, &doc->capsecrets, doc->nsecrets, sizeof(*doc->secrets), 8) != 0) {
		doc->secrets_noted = 0;	/* the masking walks the tree itself */
		return -1;
	}
	doc->secrets[doc->nsecrets++] = n;
	return 0;
}

void
ua_doc_free(struct ua_doc *doc)
{
	struct ua_posblock *b, *next;

	if (doc == NULL)
		return;
	if (doc->xml)
		xmlFreeDoc(doc->xml);
	for (b = doc->pos; b; b = next) {
		next = b->next;
		free(b);
	}
	free(doc->lines);
	free(doc->chars);
	free_attridx(doc->attrs);
	free(doc->text);
	free(doc->name);
	free(doc->secrets);
	free(doc->hash_text);
	ua_template_free(doc->tpl);
	free(doc);
}

int
ua_doc_empty_like(const struct ua_doc *like, const char *name, struct ua_doc **out)
{
	struct ua_doc *doc = calloc(1, sizeof(*doc));
	xmlNodePtr root = like->xml ? xmlDocGetRootElement(like->xml) : NULL, copy;

	*out = NULL;
	if (doc == NULL || (doc->name = ua_strdup(name)) == NULL ||
	    (doc->text = ua_strdup("")) == NULL || (doc->xml = xmlNewDoc(BAD_CAST "1.0")) == NULL) {
		ua_doc_free(doc);
		return UA_ENOMEM;
	}
	doc->fmt = like->fmt;
	doc->kind = like->kind;
	/* the root with its attributes and namespaces (2: not its children) */
	if (root) {
		if ((copy = xmlDocCopyNode(root, doc->xml, 2)) == NULL) {
			ua_doc_free(doc);
			return UA_ENOMEM;
		}
		xmlDocSetRootElement(doc->xml, copy);
	}
	*out = doc;
	return UA_OK;
}

static void
quiet(void *arg, xmlErrorPtr e)
{
	(void)arg;
	(void)e;
}

xmlXPathContextPtr
ua_doc_xpath(const struct ua_doc *doc)
{
	xmlXPathContextPtr xp = xmlXPathNewContext(doc->xml);

	if (xp == NULL)
		return NULL;
	xp->error = quiet;
	xp->userData = NULL;
	xp->opLimit = 10000000;
	xp->depth = 0;
	return xp;
}

static struct ua_pos *
new_pos(struct ua_doc *doc)
{
	struct ua_posblock *b = doc->pos;

	if (b == NULL || b->used == POSBLOCK) {
		if ((b = malloc(sizeof(*b))) == NULL)
			return NULL;
		b->used = 0;
		b->next = doc->pos;
		doc->pos = b;
	}
	return &b->v[b->used++];
}

/* The 0-based line of off (at most doc->len); SIZE_MAX when the lines cannot
 * be indexed. */
static size_t
line_index(const struct ua_doc *doc, size_t off)
{
	size_t lo = 0, hi, mid;

	/* a document belongs to one thread: filling in its index here is safe */
	if (doc->lines == NULL && doc->text && index_lines((struct ua_doc *)doc) != UA_OK)
		return SIZE_MAX;
	if ((hi = doc->nlines) == 0)
		return SIZE_MAX;
	while (hi - lo > 1) {
		mid = (lo + hi) / 2;
		if (doc->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

unsigned long
ua_doc_offset_line(const struct ua_doc *doc, size_t off)
{
	unsigned long line, col;
	size_t lo;

	if (doc->tpl) {		/* the template's lines, not the rendered text's */
		ua_doc_offset_pos(doc, off, &line, &col);
		return line;
	}
	lo = line_index(doc, off);
	return lo == SIZE_MAX ? 1 : (unsigned long)lo + 1;
}

static int
lead_byte(char c)
{
	return ((unsigned char)c & 0xc0) != 0x80;
}

/*
 * The characters in text[0, off), for a column far from its line's start: from
 * a count at every CHARSTEP-th byte, made the first time a long line needs it
 * (one pass; files with short lines never make it). -1 when out of memory.
 */
static int
chars_before(const struct ua_doc *doc, size_t off, size_t *n)
{
	size_t i, k, c = 0;

	if (doc->chars == NULL) {
		size_t *v = malloc((doc->len / CHARSTEP + 2) * sizeof(*v));
		if (v == NULL)
			return -1;
		for (k = 0; k * CHARSTEP < doc->len; k++) {
			v[k] = c;
			for (i = k * CHARSTEP; i < (k + 1) * CHARSTEP && i < doc->len; i++)
				c += lead_byte(doc->text[i]);
		}
		v[k] = c;
		((struct ua_doc *)doc)->chars = v;
	}
	for (k = off / CHARSTEP, c = doc->chars[k], i = k * CHARSTEP; i < off; i++)
		c += lead_byte(doc->text[i]);
	*n = c;
	return 0;
}

void
ua_doc_offset_pos(const struct ua_doc *doc, size_t off,
    unsigned long *line, unsigned long *col)
{
	size_t lo, i, a, b, origlen;
	unsigned long c = 1;
	const char *orig;

	if (doc->tpl) {
		off = ua_template_offset(doc->tpl, off, &orig, &origlen);
		if (orig) {	/* rendered values changed lengths: count in the template */
			count_pos(orig, off < origlen ? off : origlen, line, col);
			return;
		}
	}
	if (off > doc->len)
		off = doc->len;
	if ((lo = line_index(doc, off)) == SIZE_MAX) {
		*line = *col = 1;
		return;
	}
	if (off - doc->lines[lo] > CHARSTEP && chars_before(doc, off, &a) == 0 &&
	    chars_before(doc, doc->lines[lo], &b) == 0)
		c += a - b;
	else
		for (i = doc->lines[lo]; i < off; i++)
			c += lead_byte(doc->text[i]);
	*line = lo + 1;
	*col = c;
}

/* Where the col-th character of the line that starts at start is, at most
 * CHARSTEP bytes before it: a place to count from, and its column. */
static size_t
near_column(const struct ua_doc *doc, size_t start, unsigned long col, unsigned long *c)
{
	size_t base, want, at, lo, hi, mid;

	if (col <= CHARSTEP || chars_before(doc, start, &base) != 0)
		return start;
	want = base + col - 1;	/* the characters before the one sought */
	for (lo = start / CHARSTEP, hi = doc->len / CHARSTEP + 1; hi - lo > 1; ) {
		mid = (lo + hi) / 2;
		if (doc->chars[mid] <= want)
			lo = mid;
		else
			hi = mid;
	}
	at = lo * CHARSTEP > start ? lo * CHARSTEP : start;
	if (chars_before(doc, at, &lo) != 0 || lo > want)
		return start;
	*c = 1 + lo - base;
	return at;
}

int
ua_doc_offset(const struct ua_doc *doc, const xmlNode *node, size_t *off)
{
	const struct ua_pos *p = node ? node->_private : NULL;
	size_t i, eol;
	unsigned long c = 1;

	if (p == NULL)
		return -1;
	if (p->off != SIZE_MAX) {
		*off = p->off;
		return 0;
	}
	if (doc->lines == NULL && index_lines((struct ua_doc *)doc) != UA_OK)
		return -1;
	if (p->line == 0 || p->line > doc->nlines)
		return -1;
	i = doc->lines[p->line - 1];
	eol = p->line < doc->nlines ? doc->lines[p->line] - 1 : doc->len;
	if ((i = near_column(doc, i, p->col, &c)) > eol)
		i = eol;
	for (; i < doc->len && doc->text[i] != '\n'; i++) {
		if (lead_byte(doc->text[i]) && c++ == p->col)
			break;
	}
	*off = i;
	return 0;
}

int
ua_doc_set_offset(struct ua_doc *doc, xmlNodePtr node, size_t off)
{
	struct ua_pos *p = new_pos(doc);

	if (p == NULL)
		return UA_ENOMEM;
	/* line and column are worked out only when a finding needs them */
	p->line = 0;
	p->col = 0;
	p->off = off;
	node->_private = p;
	return UA_OK;
}

static void
resolve(const struct ua_doc *doc, const struct ua_pos *p, unsigned long *line,
    unsigned long *col)
{
	if (p->line == 0 && p->off != SIZE_MAX)
		ua_doc_offset_pos(doc, p->off, line, col);
	else {
		*line = p->line;
		*col = p->col;
		ua_doc_template_linecol(doc, line, col);
	}
}

/* The offset in doc->text of a 1-based line and column; SIZE_MAX when out of range. */
static size_t
linecol_offset(const struct ua_doc *doc, unsigned long line, unsigned long col)
{
	size_t i;
	unsigned long c;

	if (doc->lines == NULL && index_lines((struct ua_doc *)doc) != UA_OK)
		return SIZE_MAX;
	if (line == 0 || line > doc->nlines)
		return SIZE_MAX;
	for (i = doc->lines[line - 1], c = 1; c < col && i < doc->len && doc->text[i] != '\n'; c++)
		for (i++; i < doc->len && ((unsigned char)doc->text[i] & 0xc0) == 0x80; i++)
			;
	return i;
}

void
ua_doc_template_linecol(const struct ua_doc *doc, unsigned long *line, unsigned long *col)
{
	const char *orig;
	size_t origlen, off;

	if (doc->tpl == NULL || *line == 0)
		return;
	(void)ua_template_offset(doc->tpl, 0, &orig, &origlen);
	if (orig == NULL)
		return;		/* the texts line up: nothing to translate */
	if ((off = linecol_offset(doc, *line, *col)) != SIZE_MAX)
		ua_doc_offset_pos(doc, off, line, col);
}

/* Where n starts in the template (the conditionals' branches are in its terms). */
static size_t
node_offset(const struct ua_doc *doc, const xmlNode *n)
{
	const char *orig;
	size_t origlen, off;

	for (; n && n->type != XML_DOCUMENT_NODE; n = n->parent)
		if ((n->type == XML_ELEMENT_NODE || n->type == XML_COMMENT_NODE) &&
		    n->_private != NULL)
			return ua_doc_offset(doc, n, &off) != 0 ? SIZE_MAX :
			    ua_template_offset(doc->tpl, off, &orig, &origlen);
	return SIZE_MAX;
}

int
ua_doc_alternatives(const struct ua_doc *doc, const xmlNode *a, const xmlNode *b)
{
	size_t oa, ob;

	if (doc->tpl == NULL)
		return 0;
	oa = node_offset(doc, a);
	ob = node_offset(doc, b);
	return oa != SIZE_MAX && ob != SIZE_MAX && ua_template_alternatives(doc->tpl, oa, ob);
}

struct hidden {
	xmlNodePtr *v;
	size_t n, cap;
	xmlNodePtr *parent, *next;
	size_t capp, capn;
};

/* Unlinks the elements under el that variant v leaves out; -1 when out of memory. */
static int
hide(const struct ua_doc *doc, xmlNodePtr el, unsigned v, struct hidden *h)
{
	xmlNodePtr c, next;
	size_t off;

	for (c = el->children; c; c = next) {
		next = c->next;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (c->_private && (off = node_offset(doc, c)) != SIZE_MAX &&
		    !ua_template_in_variant(doc->tpl, off, v)) {
			if (ua_grow(&h->v, &h->cap, h->n, sizeof(*h->v), 16) != 0 ||
			    ua_grow(&h->parent, &h->capp, h->n, sizeof(*h->parent), 16) != 0 ||
			    ua_grow(&h->next, &h->capn, h->n, sizeof(*h->next), 16) != 0)
				return -1;
			h->v[h->n] = c;
			h->parent[h->n] = el;
			h->next[h->n++] = next;
			xmlUnlinkNode(c);
			continue;
		}
		if (hide(doc, c, v, h) != 0)
			return -1;
	}
	return 0;
}

static void
unhide(struct hidden *h)
{
	while (h->n > 0) {
		h->n--;
		if (h->next[h->n])
			xmlAddPrevSibling(h->next[h->n], h->v[h->n]);
		else
			xmlAddChild(h->parent[h->n], h->v[h->n]);
	}
}

int
ua_doc_each_variant(struct ua_doc *doc, int (*fn)(struct ua_doc *, void *), void *arg)
{
	struct hidden h = { 0 };
	xmlNodePtr root = doc->xml ? xmlDocGetRootElement(doc->xml) : NULL;
	unsigned v, n = doc->tpl ? ua_template_variants(doc->tpl) : 1;
	int st = UA_OK;

	if (n < 2 || root == NULL)
		return fn(doc, arg);
	for (v = 0; v < n && st == UA_OK; v++) {
		if (hide(doc, root, v, &h) != 0)
			st = UA_ENOMEM;
		else
			st = fn(doc, arg);
		unhide(&h);
	}
	free(h.v);
	free(h.parent);
	free(h.next);
	return st;
}

/* Whether doc holds nothing but white space: an empty document. */
int
ua_doc_blank(const struct ua_doc *doc)
{
	size_t i;

	for (i = 0; i < doc->len; i++)
		if (!isspace((unsigned char)doc->text[i]))
			return 0;
	return 1;
}

/* Between elements, each run of text stands alone (here-string variables that
 * expand to components, one before and one after them): placeholders and white
 * space only, or the element holds text. */
static int
text_runs_unknown(const struct ua_doc *doc, const xmlNode *node)
{
	const xmlNode *c;
	const xmlChar *p;
	int seen = 0;

	for (c = node->children; c; c = c->next) {
		if ((c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) ||
		    c->content == NULL)
			continue;
		for (p = c->content; *p && isspace(*p); p++)
			;
		if (*p == '\0')
			continue;
		if (!ua_template_only_placeholders(doc->tpl, (const char *)c->content))
			return 0;
		seen = 1;
	}
	return seen;
}

int
ua_doc_value_unknown(const struct ua_doc *doc, const xmlNode *node)
{
	const xmlNode *c;
	struct ua_buf b = { 0 };
	xmlChar *v;
	int r;

	if (doc->tpl == NULL || node == NULL)
		return 0;
	if (node->type == XML_ATTRIBUTE_NODE || node->type == XML_TEXT_NODE) {
		v = xmlNodeGetContent(node);
		r = ua_template_unknown(doc->tpl, (const char *)v);
		xmlFree(v);
		return r;
	}
	if (ua_tree_has_elements(node))
		return text_runs_unknown(doc, node);
	for (c = node->children; c; c = c->next)
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
			ua_buf_puts(&b, (const char *)c->content);
	r = b.s ? ua_template_unknown(doc->tpl, b.s) : 0;
	ua_buf_free(&b);
	return r;
}

int
ua_doc_set_linecol(struct ua_doc *doc, xmlNodePtr node,
    unsigned long line, unsigned long col)
{
	struct ua_pos *p = new_pos(doc);

	if (p == NULL)
		return UA_ENOMEM;
	p->line = line;
	p->col = col;
	p->off = SIZE_MAX;
	node->_private = p;
	return UA_OK;
}

/* One attribute of a start tag: its qualified name (in doc->text) and where it is. */
struct ua_attrpos {
	const char *name;
	size_t len, off;
};

/* The attributes of one start tag, sorted by name. */
struct ua_attrtag {
	const xmlNode *el;
	struct ua_attrpos *v;
	size_t n;
};

/* The start tags whose attributes were asked for: a hash table by element. */
struct ua_attridx {
	struct ua_attrtag *slot;
	size_t cap, used;
};

static int
cmp_attrpos(const void *a, const void *b)
{
	const struct ua_attrpos *x = a, *y = b;
	int c = memcmp(x->name, y->name, x->len < y->len ? x->len : y->len);

	return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* Reads the attribute names of the well-formed start tag at off into t. */
static int
scan_tag(const struct ua_doc *doc, size_t off, struct ua_attrtag *t)
{
	const char *p = doc->text + off + 1, *end = doc->text + doc->len, *q;
	size_t cap = 0;

	while (p < end && !isspace((unsigned char)*p) && *p != '>' && *p != '/')
		p++;
	for (;;) {
		while (p < end && isspace((unsigned char)*p))
			p++;
		if (p >= end || *p == '>' || *p == '/')
			break;
		for (q = p; q < end && !isspace((unsigned char)*q) && *q != '=' && *q != '>'; q++)
			;
		if (ua_grow(&t->v, &cap, t->n, sizeof(*t->v), 8) != 0)
			return -1;
		t->v[t->n].name = p;
		t->v[t->n].len = (size_t)(q - p);
		t->v[t->n++].off = (size_t)(p - doc->text);
		for (p = q; p < end && *p != '"' && *p != '\''; p++)
			;
		if (p >= end || (q = memchr(p + 1, *p, (size_t)(end - p - 1))) == NULL)
			break;
		p = q + 1;
	}
	qsort(t->v, t->n, sizeof(*t->v), cmp_attrpos);
	return 0;
}

static size_t
slot_of(const xmlNode *el, size_t cap)
{
	uintptr_t h = (uintptr_t)el;

	h ^= h >> 17;
	h *= (uintptr_t)0x9e3779b97f4a7c15ULL;
	return (size_t)(h >> 7) & (cap - 1);
}

/* The attribute table of the start tag of el at off, read on first use. */
static const struct ua_attrtag *
attr_tag(const struct ua_doc *doc, const xmlNode *el, size_t off)
{
	struct ua_attridx *x = doc->attrs, grown;
	struct ua_attrtag *t;
	size_t i, k;

	if (x == NULL && (x = ((struct ua_doc *)doc)->attrs = calloc(1, sizeof(*x))) == NULL)
		return NULL;
	if (2 * (x->used + 1) > x->cap) {
		grown.cap = x->cap ? 2 * x->cap : 16;
		grown.used = x->used;
		if ((grown.slot = calloc(grown.cap, sizeof(*grown.slot))) == NULL)
			return NULL;
		for (i = 0; i < x->cap; i++)
			if (x->slot[i].el) {
				for (k = slot_of(x->slot[i].el, grown.cap); grown.slot[k].el;
				    k = (k + 1) & (grown.cap - 1))
					;
				grown.slot[k] = x->slot[i];
			}
		free(x->slot);
		*x = grown;
	}
	for (k = slot_of(el, x->cap); x->slot[k].el; k = (k + 1) & (x->cap - 1))
		if (x->slot[k].el == el)
			return &x->slot[k];
	t = &x->slot[k];
	t->el = el;
	x->used++;
	if (scan_tag(doc, off, t) != 0)
		t->n = 0;
	return t;
}

/* Finds attribute a inside the start tag of el, which begins at off. */
static int
attr_offset(const struct ua_doc *doc, const xmlNode *el, size_t off, const xmlAttr *a,
    size_t *found)
{
	char qname[256];
	const struct ua_attrtag *t;
	const struct ua_attrpos *hit;
	struct ua_attrpos key;

	if (off >= doc->len || doc->text[off] != '<' || (t = attr_tag(doc, el, off)) == NULL)
		return -1;
	if (a->ns && a->ns->prefix)
		snprintf(qname, sizeof(qname), "%s:%s", a->ns->prefix, a->name);
	else
		snprintf(qname, sizeof(qname), "%s", a->name);
	key.name = qname;
	key.len = strlen(qname);
	if ((hit = bsearch(&key, t->v, t->n, sizeof(*t->v), cmp_attrpos)) == NULL)
		return -1;
	*found = hit->off;
	return 0;
}

static void
free_attridx(struct ua_attridx *x)
{
	size_t i;

	if (x == NULL)
		return;
	for (i = 0; i < x->cap; i++)
		free(x->slot[i].v);
	free(x->slot);
	free(x);
}

void
ua_doc_pos(const struct ua_doc *doc, const xmlNode *node,
    unsigned long *line, unsigned long *col)
{
	const struct ua_pos *p;
	size_t off;

	*line = *col = 0;
	if (node == NULL)
		return;
	if (node->type == XML_ATTRIBUTE_NODE) {
		const xmlNode *el = node->parent;
		if (el && (p = el->_private) != NULL) {
			resolve(doc, p, line, col);
			if (p->off != SIZE_MAX &&
			    attr_offset(doc, el, p->off, (const xmlAttr *)node, &off) == 0)
				ua_doc_offset_pos(doc, off, line, col);
		}
		return;
	}
	for (; node && node->type != XML_DOCUMENT_NODE; node = node->parent) {
		if ((node->type == XML_ELEMENT_NODE || node->type == XML_COMMENT_NODE) &&
		    (p = node->_private) != NULL) {
			resolve(doc, p, line, col);
			return;
		}
		if (node->type == XML_ELEMENT_NODE && node->line > 0) {
			*line = node->line;
			*col = 1;
			return;
		}
	}
}
