/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: libxml2 parsing with network, DTDs and entities off (STYLE.md "Memory ownership"). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

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
        if (cap.doctype) {
            rc = fp_error_set(err, FP_EDATA, in->display, cap.line, "%s", cap.msg);
        } else if (cap.failed) {
            rc = fp_error_set(err, FP_EDATA, in->display, cap.line, "not well-formed XML: %s",
                              cap.msg);
        } else {
            rc = fp_error_set(err, FP_EDATA, in->display, 0, "not well-formed XML");
        }
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
