/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: hardened libxml2 parsing shared by the GraphML and SNDlib readers. */
#ifndef FP_IO_XML_INTERNAL_H
#define FP_IO_XML_INTERNAL_H

#include <stdbool.h>

#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

#include "core/error.h"
#include "io/input.h"

/* Parses in as XML with network access off, no DTD loading, no entity
 * substitution; a DOCTYPE is refused before its internal subset is read.
 * libxml2's global error handlers are silenced during the parse and restored.
 * On success *out is the document (owned: xmlFreeDoc). FP_EDATA with the
 * first error's line when the input is not well-formed XML. */
int fp_xml_parse(const struct fp_input *in, xmlDoc **out, struct fp_error *err);

/* Streaming parse: the callbacks see elements as the parser meets them and no tree is built,
 * so memory is the input plus what the callbacks keep (GraphML of any size). */
struct fp_xml_attrs {
    int n;
    const xmlChar **raw;    /* libxml2 SAX2 layout: 5 pointers per attribute */
};

struct fp_xml_sax {
    /* An element starts (depth 1 = the root; line = where its start tag ends, as in a tree).
     * Nonzero stops the parse: fp_xml_sax_parse then reports *stopped. */
    int (*start)(void *user, int depth, const char *name, const struct fp_xml_attrs *attrs,
                 long line);
    void (*end)(void *user, int depth);         /* the element at depth ends; may be NULL */
    /* Character data (text, CDATA, whitespace) inside the element at depth; not NUL-terminated. */
    void (*text)(void *user, int depth, const char *text, size_t len);
    void *user;
};

/* Parses in with the same hardening and errors as fp_xml_parse, calling sax. The callbacks are
 * not called after the first error. */
int fp_xml_sax_parse(const struct fp_input *in, const struct fp_xml_sax *sax, bool *stopped,
                     struct fp_error *err);

/* The value of the attribute called name (any namespace), or NULL; owned: free(). */
char *fp_xml_sax_attr(const struct fp_xml_attrs *attrs, const char *name);

/* True when node is an element named name (any namespace). */
bool fp_xml_is(const xmlNode *node, const char *name);

/* The first child element named name, or NULL. Borrowed. */
xmlNode *fp_xml_child(const xmlNode *node, const char *name);

/* Attribute value or NULL; owned: xmlFree(). */
char *fp_xml_attr(const xmlNode *node, const char *name);

/* The text content of node; owned: xmlFree(). Never NULL for an element. */
char *fp_xml_text(const xmlNode *node);

/* A text writer into a new memory buffer that grows geometrically; both owned (xmlFreeTextWriter,
 * then xmlBufferFree). NULL (and *buf NULL) when memory runs out. */
xmlTextWriterPtr fp_xml_memory_writer(xmlBufferPtr *buf);

/* value in the shortest of %.15g, %.16g, %.17g that reads back to the same double, into buf
 * (at least 32 bytes); returns buf. */
const char *fp_xml_num(char *buf, size_t size, double value);

#endif
