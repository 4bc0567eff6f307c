/* pdf_pages.c — walking /Pages /Kids with a budget before qpdf lists pages. */
#include "pdf_pages.h"

#define STRINGIFY_VALUE(x) #x
#define STRINGIFY(x) STRINGIFY_VALUE(x)

struct walk {
    qpdf_data qpdf;
    long pages;          /* leaves reached so far, each reference counted */
    long nodes;          /* kids looked at, leaves and inner nodes */
    const char *problem; /* why the walk stopped, or NULL */
};

static void walk_node(struct walk *walk, qpdf_oh node, int depth)
{
    qpdf_data qpdf = walk->qpdf;
    if (depth > PDF_MAX_PAGE_TREE_DEPTH) {
        walk->problem = "l'arbre des pages du PDF a plus de " STRINGIFY(PDF_MAX_PAGE_TREE_DEPTH)
                        " niveaux : structure anormale";
        return;
    }
    qpdf_oh kids = qpdf_oh_get_key(qpdf, node, "/Kids");
    int count = qpdf_oh_is_array(qpdf, kids) ? qpdf_oh_get_array_n_items(qpdf, kids) : 0;
    for (int i = 0; i < count && !walk->problem && !qpdf_has_error(qpdf); i++) {
        if (++walk->nodes > PDF_MAX_PAGE_TREE_NODES) {
            walk->problem = "l'arbre des pages du PDF a plus de " STRINGIFY(PDF_MAX_PAGE_TREE_NODES)
                            " nœuds : structure anormale";
            break;
        }
        qpdf_oh kid = qpdf_oh_get_array_item(qpdf, kids, i);
        qpdf_oh grandkids = qpdf_oh_get_key(qpdf, kid, "/Kids");
        bool inner = qpdf_oh_is_array(qpdf, grandkids);
        qpdf_oh_release(qpdf, grandkids);
        if (inner)
            walk_node(walk, kid, depth + 1);
        else if (++walk->pages > PDF_MAX_PAGES)
            walk->problem = "le PDF a plus de 10 000 pages (ou son arbre des pages nomme la même "
                            "page à répétition)";
        qpdf_oh_release(qpdf, kid);
    }
    qpdf_oh_release(qpdf, kids);
}

int pdf_count_pages(struct pdf_handle *pdf, struct strbuf *reason)
{
    qpdf_data qpdf = pdf->qpdf;
    struct walk walk = {qpdf, 0, 0, NULL};
    qpdf_oh root = qpdf_get_root(qpdf);
    qpdf_oh tree = qpdf_oh_get_key(qpdf, root, "/Pages");
    qpdf_oh claimed = qpdf_oh_get_key(qpdf, tree, "/Count");
    if (qpdf_oh_is_integer(qpdf, claimed) &&
        qpdf_oh_get_int_value(qpdf, claimed) > PDF_MAX_PAGES)
        walk.problem = "le PDF annonce plus de 10 000 pages";
    else
        walk_node(&walk, tree, 0);
    qpdf_oh_release_all(qpdf);
    if (walk.problem) {
        strbuf_puts(reason, walk.problem);
        return -1;
    }
    if (pdf_take_error(pdf, reason))
        return -1;
    int pages = qpdf_get_num_pages(qpdf);
    return pdf_take_error(pdf, reason) ? -1 : pages;
}
