/* main.c — stagedoc's entry point: global options and the subcommand table.
 * Nothing below main() exits; every command returns an exit code. */
#include <stdio.h>
#include <string.h>
#include <libxml/parser.h>

#include "signals.h"
#include "commands.h"
#include "options.h"

#ifndef STAGEDOC_VERSION
#define STAGEDOC_VERSION "0.0.0"
#endif

struct command {
    const char *name;
    sd_status (*run)(int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
    {"check", command_check, "vérifie des fichiers de stage ou de promotion"},
    {"calendar", command_calendar, "affiche les dates et heures calculées de chaque stage"},
    {"import", command_import, "transforme un tableur de classe (CSV, XLSX, ODS) en promotion XML"},
    {"export", command_export, "écrit des stages ou une promotion XML dans un classeur de classe"},
    {"init", command_init, "écrit un fichier d'entrée commenté, à compléter"},
    {"build", command_build, "produit les documents de chaque stage en PDF"},
    {"bundle", command_bundle, "produit le dossier d'examen (ZIP) de chaque stage"},
    {"verify", command_verify, "vérifie qu'un dossier d'examen est complet et intact"},
    {"signatures", command_signatures, "liste les signatures présentes dans des PDF"},
};

static void print_help(void)
{
    puts("stagedoc " STAGEDOC_VERSION " — documents du stage du BTS Électrotechnique\n"
         "\n"
         "Usage : stagedoc COMMANDE [OPTIONS] [FICHIER...]\n"
         "\n"
         "Commandes :");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        printf("  %-10s %s\n", commands[i].name, commands[i].summary);
    puts("\n"
         "« stagedoc COMMANDE --help » détaille chaque commande.\n"
         "  --version            affiche la version\n");
    options_print_exit_codes();
}

static sd_status dispatch(int argc, char **argv)
{
    if (argc < 2) {
        print_help();
        return SD_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        if (argc > 2 && strcmp(name, "help") == 0) {
            char help[] = "--help";
            char *args[] = {argv[2], help, NULL};
            for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
                if (strcmp(commands[i].name, argv[2]) == 0)
                    return commands[i].run(2, args);
        }
        print_help();
        return SD_OK;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        puts("stagedoc " STAGEDOC_VERSION);
        return SD_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(commands[i].name, name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "stagedoc: commande inconnue « %s ».\nVoir « stagedoc --help ».\n", name);
    return SD_USAGE;
}

int main(int argc, char **argv)
{
    LIBXML_TEST_VERSION
    /* Ctrl-C removes what the run was writing and stops its workers. */
    signals_install();
    sd_global_init();
    sd_status code = dispatch(argc, argv);
    /* Output cut short (a full disk, a closed pipe) is an I/O error. */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("stagedoc: erreur d'écriture sur la sortie standard.\n", stderr);
        code = sd_status_worst(code, SD_IO);
    }
    sd_global_cleanup();
    return (int)exit_code_of(code);
}
