/* cmd_serve.c — `stagedoc serve`: the web page and the HTTP API, on
 * src/serve/. Here: the options, the rule that a server reachable from
 * other machines asks for logins (or is told --no-auth), `--add-user`,
 * then the engine prepared once and handed to serve_run. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../serve/password_prompt.h"
#include "../serve/serve.h"
#include "../serve/users.h"
#include "commands.h"

enum {
    OPT_LISTEN, OPT_PORT, OPT_JOBS, OPT_QUEUE, OPT_MAX_BODY, OPT_TIMEOUT, OPT_JOB_MEMORY,
    OPT_TLS_CERT, OPT_TLS_KEY, OPT_USERS, OPT_NO_AUTH, OPT_ADD_USER, OPT_WEB, OPT_HOST,
};

static const struct command_option serve_options[] = {
    {"listen", true, OPT_LISTEN, 0},      {"port", true, OPT_PORT, 0},
    {"jobs", true, OPT_JOBS, 'j'},        {"queue", true, OPT_QUEUE, 0},
    {"max-body", true, OPT_MAX_BODY, 0},  {"timeout", true, OPT_TIMEOUT, 0},
    {"job-memory", true, OPT_JOB_MEMORY, 0},
    {"tls-cert", true, OPT_TLS_CERT, 0},  {"tls-key", true, OPT_TLS_KEY, 0},
    {"users", true, OPT_USERS, 0},        {"no-auth", false, OPT_NO_AUTH, 0},
    {"add-user", true, OPT_ADD_USER, 0},  {"web", true, OPT_WEB, 0},
    {"host", true, OPT_HOST, 0},
};

static bool parse_count(const char *name, const char *text, unsigned low, unsigned high,
                        unsigned *out)
{
    char *end;
    unsigned long value = strtoul(text, &end, 10);
    if (end == text || *end || value < low || value > high) {
        fprintf(stderr, "stagedoc serve: --%s « %s » : un nombre de %u à %u est attendu.\n", name,
                text, low, high);
        return false;
    }
    *out = (unsigned)value;
    return true;
}

static bool handle(int id, const char *value, void *state)
{
    struct serve_options *options = state;
    switch (id) {
    case OPT_PORT: return parse_count("port", value, 1, 65535, &options->port);
    case OPT_JOBS: return parse_count("jobs", value, 1, OPTIONS_MAX_JOBS, &options->jobs);
    case OPT_QUEUE: return parse_count("queue", value, 0, 10000, &options->queue);
    case OPT_TIMEOUT: return parse_count("timeout", value, 1, 86400, &options->timeout);
    case OPT_MAX_BODY:
    case OPT_JOB_MEMORY: {
        size_t *size = id == OPT_MAX_BODY ? &options->max_body : &options->job_memory;
        if (id == OPT_JOB_MEMORY && strcmp(value, "0") == 0) {
            *size = 0;
            return true;
        }
        if (options_parse_size(value, size))
            return true;
        fprintf(stderr, "stagedoc serve: --%s « %s » : une taille est attendue (64M, 1G).\n",
                id == OPT_MAX_BODY ? "max-body" : "job-memory", value);
        return false;
    }
    default: return true;
    }
}

/* 127.0.0.0/8 and ::1: only this machine can connect. */
static bool is_loopback(const char *address)
{
    struct in_addr v4;
    struct in6_addr v6;
    if (inet_pton(AF_INET, address, &v4) == 1)
        return (ntohl(v4.s_addr) >> 24) == 127;
    return inet_pton(AF_INET6, address, &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

static bool add_user(const char *file, const char *name, sd_status *status)
{
    char *password = NULL;
    struct strbuf error = STRBUF_INIT;
    bool ok = prompt_new_password(&password, &error) && users_add(file, name, password, &error);
    if (ok)
        fprintf(stderr, "stagedoc serve : « %s » peut se connecter (fichier %s).\n", name, file);
    else
        fprintf(stderr, "stagedoc serve: erreur: %s\n", strbuf_str(&error));
    prompt_password_free(password);
    strbuf_free(&error);
    *status = ok ? SD_OK : SD_IO;
    return false; /* done: no server */
}

/* The options' rules, --add-user, and the logins read: false to stop. */
static bool prepare(const struct parsed_command *parsed, sd_status *status)
{
    struct serve_options *options = parsed->state;
    const char *const *given = parsed->given;
    options->listen = given[OPT_LISTEN] ? given[OPT_LISTEN] : "127.0.0.1";
    options->tls_cert = given[OPT_TLS_CERT];
    options->tls_key = given[OPT_TLS_KEY];
    options->web_dir = given[OPT_WEB];
    options->hosts = given[OPT_HOST];
    options->loopback = is_loopback(options->listen);
    *status = SD_USAGE;
    if (given[OPT_ADD_USER])
        return given[OPT_USERS] ? add_user(given[OPT_USERS], given[OPT_ADD_USER], status)
                                : (options_usage("serve", "--add-user demande --users FICHIER.", NULL), false);
    if (!given[OPT_TLS_CERT] != !given[OPT_TLS_KEY])
        return options_usage("serve", "--tls-cert et --tls-key vont ensemble.", NULL), false;
    if (given[OPT_USERS] && given[OPT_NO_AUTH])
        return options_usage("serve", "--users et --no-auth s'excluent.", NULL), false;
    if (!is_loopback(options->listen) && !given[OPT_USERS] && !given[OPT_NO_AUTH]) {
        fprintf(stderr, "stagedoc serve: refus d'écouter sur %s sans identification : d'autres "
                        "machines pourraient s'y connecter. Donnez --users FICHIER (créé avec "
                        "« stagedoc serve --users FICHIER --add-user NOM »), ou --no-auth si un "
                        "proxy identifie déjà les utilisateurs.\n", options->listen);
        return false;
    }
    if (given[OPT_USERS]) {
        struct strbuf error = STRBUF_INIT;
        bool loaded = users_load(given[OPT_USERS], &options->users, &error);
        if (!loaded)
            fprintf(stderr, "stagedoc serve: erreur: %s\n", strbuf_str(&error));
        strbuf_free(&error);
        if (!loaded) {
            *status = SD_IO;
            return false;
        }
        if (!options->tls_cert && !is_loopback(options->listen))
            fputs("stagedoc serve: avertissement: mots de passe en clair sur le réseau sans "
                  "--tls-cert : placez le serveur derrière un proxy HTTPS (README).\n", stderr);
    }
    *status = SD_OK;
    return true;
}

static sd_status call(const struct command_call *call)
{
    struct serve_options *options = call->state;
    const char *tmp = getenv("TMPDIR");
    options->tmp_dir = tmp && *tmp ? tmp : "/tmp";
    if (options->queue == (unsigned)-1)
        options->queue = 2 * options->jobs;
    sd_status status = sd_engine_prepare(call->engine, &(struct sd_events)SD_EVENTS_INIT);
    if (status != SD_OK) {
        fprintf(stderr, "stagedoc serve: erreur: %s\n", sd_engine_error(call->engine));
        return status;
    }
    return serve_run(call->engine, options);
}

static const struct command_spec serve = {
    .options = serve_options, .option_count = COUNT_OF(serve_options), .handle = handle,
    .help = "Usage : stagedoc serve [--listen ADRESSE] [--port N] [--jobs N] [OPTIONS]\n"
    "        stagedoc serve --users FICHIER --add-user NOM\n"
    "\n"
    "Sert la page web de stagedoc et son API HTTP (README, « Le serveur web ») :\n"
    "déposer un classeur, voir chaque problème à sa cellule, télécharger les documents,\n"
    "faire et vérifier les paquets d'examen, lire les signatures. Chaque requête est\n"
    "traitée dans un processus à part, limité en mémoire et en temps ; rien n'est gardé\n"
    "après la réponse, hormis une ligne de journal (sortie d'erreur).\n"
    "\n"
    "Options :\n"
    "  --listen ADRESSE     adresse IP d'écoute (défaut 127.0.0.1 : cette machine seule)\n"
    "  --port N             port (défaut 8080)\n"
    "  -j, --jobs N         travaux en même temps (défaut : un par processeur)\n"
    "  --queue N            requêtes en attente au-delà ; ensuite 429 (défaut 2 × jobs)\n"
    "  --max-body TAILLE    taille maximale d'une requête (défaut 64M) ; au-delà 413\n"
    "  --timeout S          durée maximale d'une requête en secondes (défaut 60) ; 503\n"
    "  --job-memory TAILLE  mémoire des données d'un travail (défaut 1G ; 0 :\n"
    "                       sans limite)\n"
    "  --tls-cert FICHIER --tls-key FICHIER\n"
    "                       HTTPS avec ce certificat et cette clé (PEM)\n"
    "  --users FICHIER      identifiants (HTTP Basic) ; obligatoire, ou --no-auth, pour\n"
    "                       écouter ailleurs que sur 127.0.0.1 ou ::1\n"
    "  --no-auth            sans identification (derrière un proxy qui identifie)\n"
    "  --host NOMS          noms sous lesquels le serveur répond (en-tête Host), séparés\n"
    "                       par des virgules : celui que donne un proxy ; localhost,\n"
    "                       127.0.0.1 et ::1 toujours (défaut : sur une adresse de\n"
    "                       bouclage, ceux-là seuls ; ailleurs, tout nom)\n"
    "  --add-user NOM       avec --users : demande un mot de passe, ajoute ou remplace NOM\n"
    "  --web DOSSIER        sert la page depuis ce dossier (développement)",
    .exit_codes = "  0  arrêté par SIGTERM ou SIGINT, après les travaux en cours ; ou utilisateur\n"
    "     ajouté\n" HELP_EXIT_USAGE
    "  3  impossible d'écouter, de lire le certificat ou le fichier d'identifiants",
    .prepare = prepare, .call = call,
};

sd_status command_serve(int argc, char **argv)
{
    struct serve_options options = {.port = 8080, .jobs = options_default_jobs(),
                                    .queue = (unsigned)-1, .max_body = 64u << 20,
                                    .timeout = 60, .job_memory = (size_t)1 << 30};
    sd_status status = command_run(&serve, argc, argv, &options);
    users_free(options.users);
    return status;
}
