/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: topology file loading and format detection (CONTRACT.md "Topology file"). */
#include <string.h>

#include <libxml/tree.h>

#include "io/input.h"
#include "io/readers_internal.h"
#include "io/topofile.h"
#include "io/xml_internal.h"

static bool is_sndlib_native(const struct fp_input *in)
{
    size_t i = 0;
    if (in->size >= 3 && (unsigned char)in->data[0] == 0xEF && (unsigned char)in->data[1] == 0xBB &&
        (unsigned char)in->data[2] == 0xBF) {
        i = 3;
    }
    while (i < in->size && (in->data[i] == ' ' || in->data[i] == '\n' || in->data[i] == '\r' ||
                            in->data[i] == '\t')) {
        i++;
    }
    return in->size - i >= 7 && strncmp(in->data + i, "?SNDlib", 7) == 0;
}

/* GraphML streams (files of any size); anything else is parsed as a tree (SNDlib is small). */
static int read_xml(const struct fp_input *in, struct fp_topo *topo, struct fp_error *err)
{
    xmlDoc *doc = NULL;
    xmlNode *root;
    bool not_graphml = false;
    int rc = fp_graphml_read(in, topo, &not_graphml, err);

    if (rc != FP_OK || !not_graphml) {
        return rc;
    }
    rc = fp_xml_parse(in, &doc, err);
    if (rc != FP_OK) {
        return rc;
    }
    root = xmlDocGetRootElement(doc);
    if (root == NULL) {
        rc = fp_error_set(err, FP_EDATA, topo->path, 1, "empty XML document");
    } else if (fp_xml_is(root, "network") &&
               (root->ns == NULL || root->ns->href == NULL ||
                strcmp((const char *)root->ns->href, "http://sndlib.zib.de/network") == 0)) {
        rc = fp_sndlib_read_xml(doc, topo, err);
    } else {
        rc = fp_error_set(err, FP_EDATA, topo->path, xmlGetLineNo(root),
                          "root element <%s> is neither <graphml> nor an SNDlib <network>",
                          (const char *)root->name);
    }
    xmlFreeDoc(doc);
    return rc;
}

int fp_topofile_read(const char *path, const struct fp_topo_options *opts, struct fp_topo *topo,
                     struct fp_error *err)
{
    struct fp_input in;
    int rc;

    memset(&in, 0, sizeof(in));
    rc = fp_input_read(path, &in, err);
    if (rc != FP_OK) {
        return rc;
    }
    fp_topo_release(topo);
    fp_topo_init(topo, in.display);
    if (is_sndlib_native(&in)) {
        rc = fp_sndlib_read_native(&in, topo, err);
    } else {
        rc = read_xml(&in, topo, err);
    }
    if (rc == FP_OK && topo->span_order == NULL) {
        rc = fp_topo_index_spans(topo, err);
    }
    if (rc == FP_OK) {
        rc = fp_topo_build(topo, err);
    }
    if (rc == FP_OK) {
        rc = fp_topo_derive(topo, opts, err);
    }
    if (rc != FP_OK) {
        fp_topo_release(topo);
    }
    fp_input_release(&in);
    return rc;
}
