/* options.c — one small parser for "--name value", "--name=value" and
 * operands, so that every subcommand accepts its options the same way. */
#include "options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

#include "../import/textenc.h"
#include "../util/array.h"

enum { OPT_TEMPLATES = -1, OPT_REGION = -2, OPT_MAX_SIZE = -3, OPT_HELP = -4, OPT_ROOT = -7 };

static const struct command_option common[] = {
    {"templates", true, OPT_TEMPLATES, 0},
    {"region", true, OPT_REGION, 0},
    {"max-size", true, OPT_MAX_SIZE, 0},
    {"racine", true, OPT_ROOT, 0},
    {"help", false, OPT_HELP, 'h'},
};

bool options_parse_languages(const char *command, const char *text, bool *bilingual)
{
    if (strcmp(text, "fr") != 0 && strcmp(text, "fr,en") != 0) {
        fprintf(stderr, "stagedoc %s: --langue « %s » : « fr » ou « fr,en » attendu.\n", command,
                text);
        return false;
    }
    *bilingual = strcmp(text, "fr,en") == 0;
    return true;
}

bool options_list_add(struct option_list *list, const char *value)
{
    if (!ARRAY_GROW(list->items, list->capacity, list->count + 1))
        return false;
    list->items[list->count++] = value;
    return true;
}

unsigned options_default_jobs(void)
{
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    return online < 1 ? 1 : online > OPTIONS_MAX_JOBS ? OPTIONS_MAX_JOBS : (unsigned)online;
}

bool options_parse_jobs(const char *command, const char *text, unsigned *count)
{
    char *end;
    errno = 0;
    unsigned long value = strtoul(text, &end, 10);
    if (errno || end == text || *end || value < 1 || value > OPTIONS_MAX_JOBS) {
        fprintf(stderr, "stagedoc %s: -j « %s » : un nombre de 1 à %d est attendu.\n", command,
                text, OPTIONS_MAX_JOBS);
        return false;
    }
    *count = (unsigned)value;
    return true;
}

bool options_parse_size(const char *text, size_t *out)
{
    char *end;
    unsigned long long value = strtoull(text, &end, 10);
    unsigned shift = 0;
    if (end == text)
        return false;
    switch (*end) {
    case 'K': case 'k': shift = 10; end++; break;
    case 'M': case 'm': shift = 20; end++; break;
    case 'G': case 'g': shift = 30; end++; break;
    default: break;
    }
    if (*end || value == 0 || value > (1ULL << 40) >> shift)
        return false;
    *out = (size_t)(value << shift);
    return true;
}

/* The option called name (len bytes), or short_name when it is not 0. */
static const struct command_option *find_option(const char *name, size_t len, char short_name,
                                                const struct command_option *own,
                                                size_t own_count)
{
    size_t common_count = sizeof common / sizeof *common;
    for (size_t i = 0; i < own_count + common_count; i++) {
        const struct command_option *option = i < own_count ? &own[i] : &common[i - own_count];
        if (short_name ? option->short_name == short_name
                       : strlen(option->name) == len && strncmp(option->name, name, len) == 0)
            return option;
    }
    return NULL;
}

sd_status options_usage(const char *command, const char *fmt, const char *what)
{
    fprintf(stderr, "stagedoc %s: ", command);
    fprintf(stderr, fmt, what);
    fprintf(stderr, "\nVoir « stagedoc %s --help ».\n", command);
    return SD_USAGE;
}

static bool apply_common(int id, const char *value, struct parsed_command *out)
{
    switch (id) {
    case OPT_TEMPLATES: out->run.templates_dir = value; return true;
    case OPT_REGION: out->run.region = value; return true;
    case OPT_ROOT: out->run.root = value; return true;
    case OPT_HELP: out->help = true; return true;
    case OPTION_COMMUN: out->run.commun = value; return true;
    case OPTION_QUIET: out->run.quiet = true; return true;
    case OPTION_ENCODAGE:
        if (text_encoding_parse(value, &(enum text_encoding){TEXT_ENCODING_AUTO})) {
            out->run.encoding = value;
            return true;
        }
        fprintf(stderr, "stagedoc: --encodage « %s » : utf-8 ou windows-1252 attendu.\n", value);
        return false;
    case OPT_MAX_SIZE:
        if (options_parse_size(value, &out->run.max_size))
            return true;
        fprintf(stderr, "stagedoc: --max-size « %s » : taille illisible (ex. 16M, 512K).\n",
                value);
        return false;
    }
    return false;
}

sd_status options_parse(int argc, char **argv, const struct command_option *own,
                             size_t own_count, option_handler handle, void *command_state,
                             struct parsed_command *out)
{
    const char *command = argv[0];
    memset(out, 0, sizeof *out);
    out->run.command = command;
    out->state = command_state;
    out->operands = argv + 1;
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        char *arg = argv[i];
        if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            out->operands[out->operand_count++] = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            options_done = true;
            continue;
        }
        const struct command_option *option;
        const char *equals = NULL;
        if (arg[1] != '-') {
            /* "-o DIR" or "-oDIR" */
            option = find_option(NULL, 0, arg[1], own, own_count);
            if (!option || (arg[2] && !option->takes_value))
                return options_usage(command, "option inconnue « %s ».", arg);
            if (arg[2])
                equals = arg + 1;
        } else {
            const char *name = arg + 2;
            equals = strchr(name, '=');
            size_t len = equals ? (size_t)(equals - name) : strlen(name);
            option = find_option(name, len, 0, own, own_count);
            if (!option)
                return options_usage(command, "option inconnue « %s ».", arg);
        }
        const char *value = NULL;
        if (option->takes_value) {
            value = equals ? equals + 1 : (i + 1 < argc ? argv[++i] : NULL);
            if (!value)
                return options_usage(command, "l'option « %s » attend une valeur.", arg);
        } else if (equals) {
            return options_usage(command, "l'option « %s » ne prend pas de valeur.", arg);
        }
        if (option->id >= 0 && option->id < OPTIONS_MAX)
            out->given[option->id] = value ? value : "";
        bool accepted = option->id < 0 ? apply_common(option->id, value, out)
                                       : !handle || handle(option->id, value, command_state);
        if (!accepted)
            return options_usage(command, "option « %s » refusée.", arg);
    }
    return SD_OK;
}
