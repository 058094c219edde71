/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: libxml2 parsing with network, DTDs and entities off (STYLE.md "Memory ownership"). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlwriter.h>

#include "core/xalloc.h"
#include "io/xml_internal.h"

struct capture {
    long line;
    char msg[400];
    bool doctype;
    bool failed;
};

static void capture_error(void *data, xmlErrorPtr e)
{
    xmlParserCtxtPtr ctxt = data;
    struct capture *cap = ctxt->_private;
    size_t len;

    if (cap == NULL || cap->failed || e == NULL || e->level < XML_ERR_ERROR) {
        return;
    }
    cap->failed = true;
    cap->line = e->line;
    snprintf(cap->msg, sizeof(cap->msg), "%s", e->message != NULL ? e->message : "parse error");
    len = strlen(cap->msg);
    while (len > 0 && (cap->msg[len - 1] == '\n' || cap->msg[len - 1] == ' ')) {
        cap->msg[--len] = '\0';
    }
    if (cap->msg[0] != '\0') {
        cap->msg[0] = (char)tolower((unsigned char)cap->msg[0]);
    }
}

/* SAX hook: a DOCTYPE stops the parser before its internal subset is read,
 * so no entity (billion laughs, XXE) is ever declared. */
static void refuse_doctype(void *data, const xmlChar *name, const xmlChar *external_id,
                           const xmlChar *system_id)
{
    xmlParserCtxtPtr ctxt = data;
    struct capture *cap = ctxt->_private;
    (void)name;
    (void)external_id;
    (void)system_id;
    if (cap != NULL && !cap->failed) {
        cap->failed = true;
        cap->doctype = true;
        cap->line = ctxt->input != NULL ? ctxt->input->line : 0;
        snprintf(cap->msg, sizeof(cap->msg),
                 "a DOCTYPE is not allowed (DTDs and entities are refused)");
    }
    xmlStopParser(ctxt);
}

static void silent(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* The error of a failed parse, the same for the tree and the streaming parser. */
static int parse_failure(const struct fp_input *in, const struct capture *cap,
                         struct fp_error *err)
{
    if (cap->doctype) {
        return fp_error_set(err, FP_EDATA, in->display, cap->line, "%s", cap->msg);
    }
    if (cap->failed) {
        return fp_error_set(err, FP_EDATA, in->display, cap->line, "not well-formed XML: %s",
                            cap->msg);
    }
    return fp_error_set(err, FP_EDATA, in->display, 0, "not well-formed XML");
}

int fp_xml_parse(const struct fp_input *in, xmlDoc **out, struct fp_error *err)
{
    xmlGenericErrorFunc old_generic = xmlGenericError;
    void *old_generic_ctx = xmlGenericErrorContext;
    xmlStructuredErrorFunc old_structured = xmlStructuredError;
    void *old_structured_ctx = xmlStructuredErrorContext;
    xmlParserCtxtPtr ctxt;
    struct capture cap;
    xmlDoc *doc = NULL;
    int rc = FP_OK;

    memset(&cap, 0, sizeof(cap));
    if (in->size > (size_t)0x7fffffff) {
        return fp_error_set(err, FP_EDATA, in->display, 0, "file is too large to parse");
    }
    ctxt = xmlNewParserCtxt();
    if (ctxt == NULL) {
        return fp_error_set(err, FP_ESOFTWARE, in->display, 0, "internal: libxml2 parser context");
    }
    xmlSetGenericErrorFunc(NULL, silent);
    xmlSetStructuredErrorFunc(NULL, NULL);
    ctxt->_private = &cap;
    ctxt->sax->serror = capture_error;
    ctxt->sax->error = NULL;
    ctxt->sax->warning = NULL;
    ctxt->sax->internalSubset = refuse_doctype;
    ctxt->sax->externalSubset = NULL;
    ctxt->userData = ctxt;
    doc = xmlCtxtReadMemory(ctxt, in->data, (int)in->size, NULL, NULL,
                            XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING |
                                XML_PARSE_NOBLANKS | XML_PARSE_COMPACT);
    if (doc == NULL || !ctxt->wellFormed || cap.failed) {
        rc = parse_failure(in, &cap, err);
        xmlFreeDoc(doc);
        doc = NULL;
    } else if (doc->intSubset != NULL || doc->extSubset != NULL) {
        rc = fp_error_set(err, FP_EDATA, in->display, 1,
                          "a DOCTYPE is not allowed (DTDs and entities are refused)");
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
    xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
    if (rc == FP_OK) {
        *out = doc;
    }
    return rc;
}

/* ---- streaming (SAX2) parsing: no tree, memory for the input and what the callbacks keep ---- */

struct sax_run {
    struct capture cap;             /* first member: capture_error and refuse_doctype read it */
    const struct fp_xml_sax *sax;
    xmlParserCtxtPtr ctxt;
    int depth;
    bool stopped;
};

static void sax_start(void *data, const xmlChar *localname, const xmlChar *prefix,
                      const xmlChar *uri, int n_ns, const xmlChar **ns, int n_attrs,
                      int n_defaulted, const xmlChar **attrs)
{
    xmlParserCtxtPtr ctxt = data;
    struct sax_run *run = ctxt->_private;
    struct fp_xml_attrs a;
    long line = ctxt->input != NULL ? (long)ctxt->input->line : 0;

    (void)prefix;
    (void)uri;
    (void)n_ns;
    (void)ns;
    (void)n_defaulted;
    a.n = n_attrs;
    a.raw = attrs;
    run->depth++;
    if (run->cap.failed || run->stopped) {
        return;
    }
    if (run->sax->start(run->sax->user, run->depth, (const char *)localname, &a, line) != 0) {
        run->stopped = true;
        xmlStopParser(ctxt);
    }
}

static void sax_end(void *data, const xmlChar *localname, const xmlChar *prefix,
                    const xmlChar *uri)
{
    xmlParserCtxtPtr ctxt = data;
    struct sax_run *run = ctxt->_private;

    (void)localname;
    (void)prefix;
    (void)uri;
    if (!run->cap.failed && !run->stopped && run->sax->end != NULL) {
        run->sax->end(run->sax->user, run->depth);
    }
    run->depth--;
}

static void sax_text(void *data, const xmlChar *text, int len)
{
    xmlParserCtxtPtr ctxt = data;
    struct sax_run *run = ctxt->_private;

    if (!run->cap.failed && !run->stopped && run->sax->text != NULL) {
        run->sax->text(run->sax->user, run->depth, (const char *)text, (size_t)len);
    }
}

int fp_xml_sax_parse(const struct fp_input *in, const struct fp_xml_sax *sax, bool *stopped,
                     struct fp_error *err)
{
    xmlGenericErrorFunc old_generic = xmlGenericError;
    void *old_generic_ctx = xmlGenericErrorContext;
    xmlStructuredErrorFunc old_structured = xmlStructuredError;
    void *old_structured_ctx = xmlStructuredErrorContext;
    xmlParserCtxtPtr ctxt;
    struct sax_run run;
    int rc = FP_OK;

    memset(&run, 0, sizeof(run));
    run.sax = sax;
    *stopped = false;
    if (in->size > (size_t)0x7fffffff) {
        return fp_error_set(err, FP_EDATA, in->display, 0, "file is too large to parse");
    }
    if (in->size == 0) {    /* libxml2 has no parser for an empty buffer; the tree parser says: */
        return fp_error_set(err, FP_EDATA, in->display, 1, "not well-formed XML: document is empty");
    }
    ctxt = xmlCreateMemoryParserCtxt(in->data, (int)in->size);
    if (ctxt == NULL) {
        return fp_error_set(err, FP_ESOFTWARE, in->display, 0, "internal: libxml2 parser context");
    }
    xmlSetGenericErrorFunc(NULL, silent);
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING);
    /* Only these callbacks: no tree, no entity declarations, no DTD. */
    memset(ctxt->sax, 0, sizeof(*ctxt->sax));
    ctxt->sax->initialized = XML_SAX2_MAGIC;
    ctxt->sax->startElementNs = sax_start;
    ctxt->sax->endElementNs = sax_end;
    ctxt->sax->characters = sax_text;
    ctxt->sax->ignorableWhitespace = sax_text;
    ctxt->sax->cdataBlock = sax_text;
    ctxt->sax->serror = capture_error;
    ctxt->sax->internalSubset = refuse_doctype;
    ctxt->_private = &run;
    ctxt->userData = ctxt;
    run.ctxt = ctxt;
    xmlParseDocument(ctxt);
    if (run.stopped) {
        *stopped = true;
    } else if (!ctxt->wellFormed || run.cap.failed) {
        rc = parse_failure(in, &run.cap, err);
    }
    xmlFreeParserCtxt(ctxt);
    xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
    xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
    return rc;
}

char *fp_xml_sax_attr(const struct fp_xml_attrs *attrs, const char *name)
{
    int i;
    for (i = 0; i < attrs->n; i++) {
        const xmlChar **a = attrs->raw + 5 * i;   /* localname, prefix, URI, value, end */
        const char *v = (const char *)a[3], *end = (const char *)a[4];
        char *out;
        size_t j = 0;
        if (strcmp((const char *)a[0], name) != 0) {
            continue;
        }
        /* Without entity substitution the parser hands '&' on as "&#38;". */
        out = fp_xmalloc((size_t)(end - v) + 1);
        while (v < end) {
            if (*v == '&' && end - v >= 5 && memcmp(v, "&#38;", 5) == 0) {
                out[j++] = '&';
                v += 5;
            } else {
                out[j++] = *v++;
            }
        }
        out[j] = '\0';
        return out;
    }
    return NULL;
}

bool fp_xml_is(const xmlNode *node, const char *name)
{
    return node != NULL && node->type == XML_ELEMENT_NODE &&
           strcmp((const char *)node->name, name) == 0;
}

xmlNode *fp_xml_child(const xmlNode *node, const char *name)
{
    xmlNode *c;
    for (c = node->children; c != NULL; c = c->next) {
        if (fp_xml_is(c, name)) {
            return c;
        }
    }
    return NULL;
}

char *fp_xml_attr(const xmlNode *node, const char *name)
{
    return (char *)xmlGetProp(node, (const xmlChar *)name);
}

char *fp_xml_text(const xmlNode *node)
{
    xmlChar *t = xmlNodeGetContent(node);
    if (t == NULL) {
        t = xmlStrdup((const xmlChar *)"");
    }
    return (char *)t;
}

const char *fp_xml_num(char *buf, size_t size, double value)
{
    int digits;
    for (digits = 15; digits <= 17; digits++) {
        snprintf(buf, size, "%.*g", digits, value);
        if (strtod(buf, NULL) == value) {
            break;
        }
    }
    return buf;
}

xmlTextWriterPtr fp_xml_memory_writer(xmlBufferPtr *buf)
{
    xmlTextWriterPtr w;
    *buf = xmlBufferCreate();
    if (*buf == NULL) {
        return NULL;
    }
    /* libxml2 2.9 grows buffers to the exact size by default: one realloc per write, which is
     * quadratic wherever realloc copies (under AddressSanitizer a 30,000-span GraphML export
     * took 2 minutes instead of 4 s) */
    xmlBufferSetAllocationScheme(*buf, XML_BUFFER_ALLOC_DOUBLEIT);
    w = xmlNewTextWriterMemory(*buf, 0);
    if (w == NULL) {
        xmlBufferFree(*buf);
        *buf = NULL;
    }
    return w;
}
