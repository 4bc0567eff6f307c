/* main.c — stagedoc's entry point: global options, the subcommand table,
 * and the signal handlers. Nothing below main() exits; every command
 * returns an exit code.
 *
 * Ctrl-C (SIGINT), SIGTERM or a closed terminal (SIGHUP) in the middle of a
 * run: the engine removes what it was writing and stops its workers
 * (sd_clean_up_after_signal, async-signal-safe), then the signal ends the
 * process as it would have, so the shell sees 128 + signal (130, 143, 129).
 * A signal ignored when stagedoc started, as under nohup, stays ignored. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <libxml/parser.h>

#include "commands.h"

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
    {"serve", command_serve, "sert la page web et l'API HTTP de stagedoc"},
};

static void print_help(void)
{
    puts("stagedoc " STAGEDOC_VERSION " — documents du stage du BTS Électrotechnique\n"
         "\n"
         "Usage : stagedoc COMMANDE [OPTIONS] [FICHIER...]\n"
         "\n"
         "Commandes :");
    for (size_t i = 0; i < COUNT_OF(commands); i++)
        printf("  %-10s %s\n", commands[i].name, commands[i].summary);
    puts("\n"
         "« stagedoc COMMANDE --help » détaille chaque commande.\n"
         "  --version            affiche la version\n\n"
         "Codes de sortie :\n"
         "  0  entrée valide (avertissements permis)\n"
         "  1  entrée invalide (format ou règlement)\n"
         HELP_EXIT_USAGE
         "  3  erreur de lecture/écriture ou erreur interne\n"
         HELP_EXIT_SIGNALS);
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
            for (size_t i = 0; i < COUNT_OF(commands); i++)
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
    for (size_t i = 0; i < COUNT_OF(commands); i++)
        if (strcmp(commands[i].name, name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "stagedoc: commande inconnue « %s ».\nVoir « stagedoc --help ».\n", name);
    return SD_USAGE;
}

static const int stopping_signals[] = {SIGINT, SIGTERM, SIGHUP};

static void on_signal(int signal_number)
{
    sd_clean_up_after_signal();
    struct sigaction fallback = {.sa_handler = SIG_DFL};
    sigemptyset(&fallback.sa_mask);
    sigaction(signal_number, &fallback, NULL);
    sigset_t unblocked;
    sigemptyset(&unblocked);
    sigaddset(&unblocked, signal_number);
    sigprocmask(SIG_UNBLOCK, &unblocked, NULL);
    raise(signal_number);
    _exit(128 + signal_number);
}

static void install_signal_handlers(void)
{
    struct sigaction action = {.sa_handler = on_signal};
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < COUNT_OF(stopping_signals); i++)
        sigaddset(&action.sa_mask, stopping_signals[i]); /* one cleanup at a time */
    for (size_t i = 0; i < COUNT_OF(stopping_signals); i++) {
        struct sigaction before;
        if (sigaction(stopping_signals[i], NULL, &before) == 0 && before.sa_handler == SIG_IGN)
            continue;
        sigaction(stopping_signals[i], &action, NULL);
    }
    /* Inherited as ignored, SIGCHLD would let the kernel reap the engine's
     * -j workers before it reads how they ended. */
    signal(SIGCHLD, SIG_DFL);
}

int main(int argc, char **argv)
{
    LIBXML_TEST_VERSION
    /* Ctrl-C removes what the run was writing and stops its workers. */
    install_signal_handlers();
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
