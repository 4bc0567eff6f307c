/* table.c — the in-memory spreadsheet every reader fills. */
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/array.h"

/* The pool: texts packed in chunks of 64 KiB (a longer text gets a chunk
 * of its own), freed together with the table. */
struct table_chunk {
    struct table_chunk *next;
    size_t used, size;
    char bytes[];
};

void table_init(struct table *table, const char *label, const char *sheet)
{
    memset(table, 0, sizeof *table);
    table->label = strdup(label ? label : "-");
    table->sheet = sheet ? strdup(sheet) : NULL;
}

void table_free(struct table *table)
{
    for (size_t r = 0; r < table->row_count; r++)
        free(table->rows[r].cells);
    while (table->pool) {
        struct table_chunk *next = table->pool->next;
        free(table->pool);
        table->pool = next;
    }
    free(table->rows);
    free(table->merges);
    free(table->label);
    free(table->sheet);
    free(table->name);
    memset(table, 0, sizeof *table);
}

struct table *table_set_add(struct table_set *set, const char *label, const char *sheet)
{
    if (!ARRAY_GROW(set->tables, set->capacity, set->count + 1))
        return NULL;
    struct table *table = &set->tables[set->count];
    table_init(table, label, sheet);
    if (set->count > 0) /* the budget of characters is the workbook's */
        table->characters = set->tables[set->count - 1].characters;
    if (!table->label || (sheet && !table->sheet)) {
        table_free(table);
        return NULL;
    }
    set->count++;
    return table;
}

void table_set_free(struct table_set *set)
{
    for (size_t i = 0; i < set->count; i++)
        table_free(&set->tables[i]);
    free(set->tables);
    for (size_t i = 0; i < set->kept_count; i++)
        free(set->kept[i]);
    free(set->kept);
    memset(set, 0, sizeof *set);
}

bool table_set_keep(struct table_set *set, char *buffer)
{
    if (!ARRAY_GROW(set->kept, set->kept_capacity, set->kept_count + 1)) {
        free(buffer);
        return false;
    }
    set->kept[set->kept_count++] = buffer;
    return true;
}

void table_note_far_cell(struct table *table, unsigned row, size_t column)
{
    if (!table->far_row) {
        table->far_row = row;
        table->far_column = column;
    }
}

struct table_row *table_add_row(struct table *table, unsigned number)
{
    if (table->row_count >= TABLE_MAX_ROWS)
        return NULL;
    if (!ARRAY_GROW(table->rows, table->row_cap, table->row_count + 1))
        return NULL;
    struct table_row *row = &table->rows[table->row_count++];
    row->number = number;
    row->hidden = false;
    row->count = 0;
    row->cells = NULL;
    return row;
}

static bool grow_row(struct table_row *row, size_t count)
{
    struct table_cell *cells = realloc(row->cells, count * sizeof *cells);
    if (!cells)
        return false;
    memset(cells + row->count, 0, (count - row->count) * sizeof *cells);
    row->cells = cells;
    row->count = count;
    return true;
}

#define TABLE_CHUNK_SIZE ((size_t)64 << 10)

static char *pool_copy(struct table *table, const char *text, size_t length)
{
    size_t len = length + 1;
    struct table_chunk *chunk = table->pool;
    if (!chunk || chunk->size - chunk->used < len) {
        size_t size = len > TABLE_CHUNK_SIZE ? len : TABLE_CHUNK_SIZE;
        struct table_chunk *fresh = malloc(sizeof *fresh + size);
        if (!fresh)
            return NULL;
        fresh->used = 0;
        fresh->size = size;
        /* A chunk of its own goes behind the current one, which keeps its room. */
        if (chunk && size > TABLE_CHUNK_SIZE) {
            fresh->next = chunk->next;
            chunk->next = fresh;
        } else {
            fresh->next = chunk;
            table->pool = fresh;
        }
        chunk = fresh;
    }
    char *copy = chunk->bytes + chunk->used;
    memcpy(copy, text, len);
    chunk->used += len;
    return copy;
}

bool table_would_refuse(struct table *table, size_t count, size_t chars)
{
    if (table->refused)
        return true;
    if (count > TABLE_MAX_CELLS - table->filled)
        table->refused = TABLE_TOO_MANY_CELLS;
    else if (chars > TABLE_MAX_CHARACTERS - table->characters)
        table->refused = TABLE_TOO_MUCH_TEXT;
    return table->refused != TABLE_ACCEPTING;
}

/* Sets a cell to text (copied when copy), counted against the bounds. */
static bool set_cell(struct table *table, struct table_row *row, size_t column,
                     enum cell_kind kind, const char *text, bool copy)
{
    if (column >= TABLE_MAX_COLUMNS || table->refused)
        return false;
    if (!text || !*text)
        return true;
    if (kind == CELL_TEXT && text[0] == '\'' && text[1] && strchr(TABLE_FORMULA_STARTS, text[1]))
        text++; /* neutralised against formula injection when written (csv.h) */
    size_t len = strlen(text);
    if (table_would_refuse(table, 1, len))
        return false;
    if (column >= row->count && !grow_row(row, column + 1))
        return false;
    const char *kept = copy ? pool_copy(table, text, len) : text;
    if (!kept)
        return false;
    table->filled++;
    table->characters += len;
    row->cells[column] = (struct table_cell){(char *)kept, kind};
    return true;
}

bool table_set(struct table *table, struct table_row *row, size_t column, enum cell_kind kind,
               const char *text)
{
    return set_cell(table, row, column, kind, text, true);
}

bool table_set_kept(struct table *table, struct table_row *row, size_t column,
                    enum cell_kind kind, const char *text)
{
    return set_cell(table, row, column, kind, text, false);
}

/* The filled cells of row and their bytes. */
static void row_cost(const struct table_row *row, size_t *filled, size_t *chars)
{
    *filled = *chars = 0;
    for (size_t c = 0; c < row->count; c++)
        if (row->cells[c].text) {
            (*filled)++;
            *chars += strlen(row->cells[c].text);
        }
}

bool table_would_refuse_copies(struct table *table, const struct table_row *row, size_t copies)
{
    size_t filled, chars;
    row_cost(row, &filled, &chars);
    /* A row holds at most TABLE_MAX_COLUMNS cells: past these many copies
     * any filled row passes a bound, and the products cannot overflow. */
    if (filled && copies > TABLE_MAX_CELLS)
        return table_would_refuse(table, TABLE_MAX_CELLS + 1, 0);
    return table_would_refuse(table, filled * copies,
                              chars && copies > TABLE_MAX_CHARACTERS ? TABLE_MAX_CHARACTERS + 1
                                                                     : chars * copies);
}

struct table_row *table_repeat_row(struct table *table, const struct table_row *row,
                                   unsigned number)
{
    size_t filled, chars;
    row_cost(row, &filled, &chars);
    if (table_would_refuse(table, filled, chars))
        return NULL;
    size_t index = (size_t)(row - table->rows); /* row moves when the rows grow */
    struct table_row *copy = table_add_row(table, number);
    if (!copy)
        return NULL;
    const struct table_row *from = &table->rows[index];
    if (from->count) {
        copy->cells = malloc(from->count * sizeof *copy->cells);
        if (!copy->cells)
            return NULL;
        memcpy(copy->cells, from->cells, from->count * sizeof *copy->cells);
        copy->count = from->count;
    }
    copy->hidden = from->hidden;
    table->filled += filled;
    table->characters += chars;
    return copy;
}

bool table_full(const struct table *table)
{
    return table->refused != TABLE_ACCEPTING;
}

double table_cell_number(const struct table_cell *cell)
{
    return cell && cell->text ? strtod(cell->text, NULL) : 0;
}

bool table_add_merge(struct table *table, unsigned row, unsigned last_row, size_t first,
                     size_t last)
{
    if (table->merge_count >= TABLE_MAX_COLUMNS * 4u)
        return true; /* more merges than any header needs: ignore the rest */
    if (!ARRAY_GROW(table->merges, table->merge_cap, table->merge_count + 1))
        return false;
    table->merges[table->merge_count++] = (struct table_merge){row, last_row, first, last};
    return true;
}

const struct table_cell *table_cell(const struct table_row *row, size_t column)
{
    if (!row || column >= row->count || row->cells[column].kind == CELL_EMPTY)
        return NULL;
    return &row->cells[column];
}

void table_column_name(size_t column, char out[8])
{
    char reversed[8];
    size_t n = 0;
    size_t value = column + 1;
    while (value > 0 && n < 7) {
        value--;
        reversed[n++] = (char)('A' + value % 26);
        value /= 26;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = reversed[n - 1 - i];
    out[n] = '\0';
}

void table_location(const struct table *table, const struct table_row *row, size_t column,
                    struct strbuf *out)
{
    char name[8];
    table_column_name(column, name);
    if (table->sheet)
        strbuf_printf(out, "%s:%s!%s%u", table->label, table->sheet, name, row->number);
    else
        strbuf_printf(out, "%s:%s%u", table->label, name, row->number);
}

void table_number_text(double number, char out[32])
{
    if (number == (double)(long long)number && number > -1e15 && number < 1e15) {
        snprintf(out, 32, "%lld", (long long)number);
        return;
    }
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(out, 32, "%.*g", digits, number);
        if (strtod(out, NULL) == number)
            return;
    }
}

const struct table_row *table_find_row(const struct table *table, unsigned number)
{
    size_t low = 0, high = table->row_count;
    while (low < high) {
        size_t mid = low + (high - low) / 2;
        if (table->rows[mid].number < number)
            low = mid + 1;
        else
            high = mid;
    }
    return low < table->row_count && table->rows[low].number == number ? &table->rows[low]
                                                                       : NULL;
}
