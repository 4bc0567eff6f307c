/* schema_text.h — libxml2's schema validation messages, said in French.
 *
 * libxml2 words its schema errors in English ("Element 'stage', attribute
 * 'voie': [facet 'enumeration'] The value 'Scolaire' is not an element of
 * the set {…}"); no user of stagedoc should read that. Each known shape is
 * rewritten in French twice: for the XML file's author, naming the element
 * and attribute; and plainly, naming only the value, for a workbook's
 * author (the cell is named beside it). An unknown shape gets a French
 * sentence with the element's name, never the English. */
#ifndef STAGEDOC_INPUT_SCHEMA_TEXT_H
#define STAGEDOC_INPUT_SCHEMA_TEXT_H

#include "../util/strbuf.h"

struct schema_text {
    struct strbuf message; /* « <stage>, attribut « voie » : la valeur « Scolaire » … » */
    struct strbuf plain;   /* « la valeur « Scolaire » n'est pas permise … » */
    struct strbuf name;    /* the attribute or element the message is about */
};

void schema_text_init(struct schema_text *text);
void schema_text_free(struct schema_text *text);
/* Fills text from libxml2's message english. */
void schema_text_translate(const char *english, struct schema_text *text);

#endif
