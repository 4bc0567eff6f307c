/* stagedoc.h — the engine's one public header: everything a front end (the
 * command line, the web server, a test program) may call.
 *
 * Two objects, in the spirit of sqlite3.h and curl's easy.h:
 *
 *   - an sd_engine, opened once with a configuration (templates, fonts,
 *     region, temporary folder, the root that input files must stay under,
 *     limits, a fixed date), that serves one run at a time;
 *   - an sd_run, one per command or request, that carries the front end's
 *     events (callbacks with a user pointer) and keeps the text of the first
 *     failure.
 *
 * A run reads its inputs as paths or as bytes in memory, and gives its
 * results through events (diagnostics as structs, notes, progress, each
 * output written) and sinks (a folder written atomically, a ZIP streamed to
 * a file descriptor, memory). Every call returns an sd_status; the front
 * end maps it to an exit code or an HTTP status.
 *
 * The engine never prints, never exits, never reads the environment or the
 * clock, never installs a signal handler: with no event set, a run is
 * silent. Structures passed in start with a version (fill them with the
 * *_INIT macros) so fields can be added later. */
#ifndef STAGEDOC_H
#define STAGEDOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SD_VERSION 1

/* ------------------------------------------------------------ statuses */

/* Only ever appended to; never renumbered. The first four match the
 * command line's exit codes 0 to 3. */
typedef enum sd_status {
    SD_OK = 0,        /* done; warnings and information allowed */
    SD_INVALID = 1,   /* an input breaks the format or the regulation */
    SD_USAGE = 2,     /* a wrong argument (unknown document, unit, region…) */
    SD_IO = 3,        /* a file could not be read or written */
    SD_LIMIT = 4,     /* an input is past a budget (size, count) */
    SD_CANCELLED = 5, /* the cancel event or sd_run_cancel stopped the run */
    SD_NOMEM = 6,     /* out of memory */
    SD_INTERNAL = 7,  /* a bug, or a worker that died */
} sd_status;

/* The worse of two outcomes (usage and cancellation stop a run early). */
sd_status sd_status_worst(sd_status a, sd_status b);
/* A short French phrase: "entrée invalide". */
const char *sd_status_text(sd_status status);

/* ------------------------------------------------------------ events */

enum sd_severity { SD_INFO = 0, SD_WARNING = 1, SD_ERROR = 2 };

/* What is wrong with an input, where, and what to do. Every string may be
 * NULL except severity's name, rule and message; they live until the
 * callback returns. */
struct sd_diagnostic {
    enum sd_severity severity;
    const char *rule;     /* "duree", "schema", "ecriture" */
    const char *stage;    /* the stage's id, in a promotion */
    const char *student;  /* "NOM Prénom", when known */
    const char *file;     /* as the input was named */
    unsigned line, column;   /* 1-based; 0 when unknown */
    /* In a workbook: the sheet ("Stagiaires", NULL for a CSV), the cell
     * ("D12"), its row and column ("D"), and the column's header. */
    const char *sheet;
    const char *cell;
    unsigned row;
    const char *column_name;
    const char *header;
    const char *message;
    const char *plain;    /* the message without XML words, for a workbook's author */
    const char *todo;     /* « À faire » */
};

struct sd_progress {
    const char *unit;     /* "stages", "lignes" */
    size_t done, total;   /* total 0 when unknown */
};

/* A file a sink received, once it is complete. */
struct sd_output {
    const char *name;     /* inside the sink: "ET27-001_NOM_Prénom/convention.pdf" */
    const char *shown;    /* as a user names it: "out/ET27-001_…/convention.pdf" */
    const char *stage;    /* its stage's id, or NULL for a class document */
    const char *document; /* "convention", "attestations", "paquet" */
    size_t size;
    const char *sha256;   /* hex, when the engine computed it; else NULL */
};

/* Structured data for a front end that shows it (a web page, a script):
 * a record is a kind and its fields, every value a string (NULL: absent),
 * living until the callback returns. The command line ignores records.
 * Kinds and keys:
 *
 *   "ligne": a student's row of a workbook (xlsx, ods, csv), when any
 *   command reads it, before any check, even when a cell of it is refused:
 *   file, sheet (NULL for a CSV), row ("12"), and for each shown value its
 *   text as written (trimmed) and its cell: nom, nom_cell ("A12"), prenom,
 *   prenom_cell, entreprise, entreprise_cell, debut, debut_cell, fin,
 *   fin_cell, unite, unite_cell (an empty cell or no such column: both
 *   NULL).
 *
 *   "stage": sd_check and sd_calendar, a stage that passed the input
 *   contract, before its diagnostics: id, student ("NOM Prénom"), voie,
 *   company, unit, start, end (ISO dates), weeks, report_deadline,
 *   evaluation_week ("2027-06-21/2027-06-27"), presence_hours,
 *   presence_days (as `calendar --format=tsv` writes them), minor
 *   ("oui", "non", "-" when unknown), exemption (the motif, or NULL),
 *   file, and for a workbook sheet and row. A value the calendar cannot
 *   compute (an exempted candidate's dates) is NULL.
 *
 *   "paquet": sd_verify, a package: file (the input's name), verdict
 *   ("complet", "incomplet": a piece or a role missing, "altere": a piece
 *   changed, added or out of the index, "illisible": not a readable
 *   package), ok ("oui", "non"), pieces (entries checked), text (the
 *   verdict's data line, without its line end). Its "signature" records
 *   follow it.
 *
 *   "signature": a signature field of a PDF, from sd_signatures, and from
 *   sd_verify for each document of a package: file (the PDF, or
 *   "paquet.zip/convention.pdf"), document ("convention": its role in a
 *   package, else its file name without ".pdf"), student ("NOM Prénom":
 *   the package's candidate, or a build folder's name such as
 *   "ET27-001_NOM_Prenom/convention.pdf", folded as such; else NULL),
 *   field ("tuteur"), signed ("oui", "non"), signer, date (ISO 8601,
 *   "2027-06-01T14:30:00+02:00"; NULL when not signed or not a PDF date),
 *   reason. */
struct sd_field {
    const char *key;
    const char *value;   /* NULL: absent */
};
struct sd_record {
    const char *kind;    /* "ligne", "stage", "paquet", "signature" */
    const struct sd_field *fields;
    size_t count;
};

/* Version 2 added record; a front end built with version 1 (no record
 * field) keeps working, and gets no record. */
#define SD_EVENTS_VERSION 2
struct sd_events {
    int version;
    void *user;
    /* A diagnostic on an input. */
    void (*diagnostic)(void *user, const struct sd_diagnostic *diagnostic);
    /* A line about the run itself, already in French: a summary
     * (« 40 stages : 0 erreur »), an information said once for many
     * stages, why a run stopped. */
    void (*note)(void *user, enum sd_severity severity, const char *text);
    /* Data a command produces for its user (verify's verdicts,
     * signatures' table, calendar's rows), whole lines with their line
     * ends: the command line prints them as its standard output. */
    void (*data)(void *user, const char *text);
    /* After each stage (or each row of a workbook); a non-zero return
     * cancels the run. */
    int (*progress)(void *user, const struct sd_progress *progress);
    /* After each file a sink completed. */
    void (*output)(void *user, const struct sd_output *output);
    /* Structured data (above): a row, a stage, a package, a signature. */
    void (*record)(void *user, const struct sd_record *record);
};
#define SD_EVENTS_INIT {SD_EVENTS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL}

/* ------------------------------------------------------------ sinks */

/* Where files go. The engine calls begin, write (any number of times), end
 * for each file, then commit once when the run succeeded or abort when it
 * failed; the front end frees the sink. Each returns false on failure, with
 * the reason in the sink's error text. */
struct sd_sink;
/* A folder, created as named: each file goes to a hidden temporary beside
 * its place and is renamed into it at end; abort removes the temporary of
 * an unfinished file. Folders below dir are made without following links. */
struct sd_sink *sd_sink_directory(const char *dir);
/* A ZIP streamed to fd (a pipe will do: nothing is sought back), entries
 * stored in order with fixed dates, so that the same files give the same
 * bytes. fd stays the caller's to close. */
struct sd_sink *sd_sink_zip(int fd, int64_t date);
/* Memory, for tests and small answers: files kept in order. */
struct sd_sink *sd_sink_memory(void);
size_t sd_sink_memory_count(const struct sd_sink *sink);
/* The i-th file's name and bytes (owned by the sink); false past the end. */
bool sd_sink_memory_file(const struct sd_sink *sink, size_t i, const char **name,
                         const unsigned char **bytes, size_t *size);
const char *sd_sink_error(const struct sd_sink *sink);
void sd_sink_free(struct sd_sink *sink);

/* ------------------------------------------------------------ the engine */

#define SD_CONFIG_VERSION 1
struct sd_config {
    int version;
    const char *templates_dir;  /* required: the templates folder */
    const char *fonts_dir;      /* NULL: fonts/ beside the templates folder */
    const char *hyphenation;    /* hyph_fr.dic, NULL: Debian's */
    const char *region;         /* holidays' region; NULL: metropolitan France */
    const char *tmp_dir;        /* NULL: /tmp */
    /* Files an input names (report, English documents, signed copies,
     * logo) must resolve under this folder, links followed, or they are an
     * error at their line or cell. NULL: anywhere, as on a teacher's own
     * machine. */
    const char *root;
    size_t max_size;            /* largest input file, 0: the default */
    /* The date written into PDFs and ZIPs (seconds since 1970), -1: each
     * stage's first day. Never the clock: same input, same bytes. */
    int64_t fixed_date;
};
#define SD_CONFIG_INIT {SD_CONFIG_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, 0, -1}

typedef struct sd_engine sd_engine;
typedef struct sd_run sd_run;

/* Once per process, before any thread starts and any engine is opened:
 * prepares libxml2 and makes it refuse every external entity and DTD it
 * would otherwise fetch (a process-wide setting). Counted: each call
 * wants one sd_global_cleanup, the last of which releases libxml2. */
sd_status sd_global_init(void);
void sd_global_cleanup(void);

/* Loads the schema, holidays and regulation data (rendering resources come
 * on first use). *engine is set even on failure, so that sd_engine_error
 * can say why; close it in every case.
 *
 * An engine serves one run at a time: it caches what runs compile
 * (templates), so it is not to be shared by threads. A front end that works
 * in parallel forks a process per job after sd_engine_prepare, so that
 * each job starts with everything loaded. */
sd_status sd_engine_open(const struct sd_config *config, sd_engine **engine);
/* Loads now what building needs (fonts prepared for subsetting, templates,
 * hyphenation patterns) instead of at the first build or bundle; events
 * (may be NULL) hear a warning such as missing hyphenation patterns. */
sd_status sd_engine_prepare(sd_engine *engine, const struct sd_events *events);
const char *sd_engine_error(const sd_engine *engine);
/* Changes the root (see sd_config) for the runs made after it (a run takes
 * the engine's configuration when sd_run_new makes it; change the root
 * only while no run of the engine exists): a server's job process, forked
 * from one prepared engine, confines each request to its own uploads.
 * NULL: anywhere. SD_NOMEM when the copy fails. */
sd_status sd_engine_set_root(sd_engine *engine, const char *root);
void sd_engine_close(sd_engine *engine);

/* A run of one command over the engine; events may be NULL (silence). */
sd_run *sd_run_new(sd_engine *engine, const struct sd_events *events);
/* The text of the run's first failure, or "". */
const char *sd_run_error(const sd_run *run);
/* Diagnostics given so far, by severity (SD_INFO…SD_ERROR). */
size_t sd_run_count(const sd_run *run, enum sd_severity severity);
/* Stops the run at its next stage; safe from a signal handler or another
 * thread. */
void sd_run_cancel(sd_run *run);
void sd_run_free(sd_run *run);

/* ------------------------------------------------------------ inputs */

/* A file to read: path, or bytes in memory (path NULL). name is how
 * messages call it and what tells its kind (.xml, .xlsx, .ods, .csv);
 * dir is where the relative paths it holds start (NULL: beside path, or
 * the root). */
struct sd_input {
    const char *name;
    const char *path;
    const unsigned char *bytes;
    size_t size;
    const char *dir;
};

/* What every command that reads stages shares. */
#define SD_READ_VERSION 1
struct sd_read_options {
    int version;
    const struct sd_input *commun; /* the shared blocks for a workbook, or NULL */
    const char *encoding;          /* a CSV's: "utf-8", "windows-1252", NULL: detected */
    enum sd_severity least;        /* diagnostics below this are not given */
};
#define SD_READ_INIT {SD_READ_VERSION, NULL, NULL, SD_INFO}

/* ------------------------------------------------------------ commands */

/* check: the format and the regulation. */
struct sd_check_options {
    struct sd_read_options read;
    bool werror;                   /* warnings fail the run */
};
#define SD_CHECK_INIT {SD_READ_INIT, false}
sd_status sd_check(sd_run *run, const struct sd_input *inputs, size_t count,
                   const struct sd_check_options *options);

/* build: every document of every stage into sink, nothing when an input
 * is invalid. */
struct sd_build_options {
    struct sd_read_options read;
    const char *only;              /* "convention,attestation", NULL: all */
    const char *unite;             /* another unit than the stage's */
    bool bilingual;                /* convention and certificate in French and English */
    unsigned jobs;                 /* worker processes; 0 or 1: none */
    const char *const *stages;     /* rebuild only these students (ids, numbers, names) */
    size_t stage_count;
    /* Every PDF as PDF/A-1b, for archiving (without the attached XML,
     * which PDF/A-1 forbids). A promotion or a stage asks the same with
     * pdfa="oui"; false leaves that choice to the input. */
    bool pdfa;
};
#define SD_BUILD_INIT {SD_READ_INIT, NULL, NULL, false, 1, NULL, 0, false}
sd_status sd_build(sd_run *run, const struct sd_input *inputs, size_t count,
                   const struct sd_build_options *options, struct sd_sink *sink);

/* bundle: each stage's exam package. */
struct sd_bundle_options {
    struct sd_read_options read;
    const char *name_pattern;      /* package names, NULL: the default */
    const char *password;          /* NULL: not encrypted */
    bool bilingual;
    bool complete;                 /* unsigned documents are errors */
    unsigned jobs;
    const char *const *stages;     /* redo only these students' packages */
    size_t stage_count;
    bool pdfa;                     /* the documents made as PDF/A-1b (see build) */
};
#define SD_BUNDLE_INIT {SD_READ_INIT, NULL, NULL, false, false, 1, NULL, 0, false}
sd_status sd_bundle(sd_run *run, const struct sd_input *inputs, size_t count,
                    const struct sd_bundle_options *options, struct sd_sink *sink);

/* import: a class workbook (a CSV, XLSX or ODS file, as a path or bytes; by
 * path, a folder of CSV files too) to a promotion XML, then checked like
 * check, every diagnostic pointed back at the workbook's sheet, row and
 * cell, and a summary note (« stagedoc import : 1 fichier, 40 stages : … »).
 * When no cell is refused, *xml gets the promotion (UTF-8, *size bytes;
 * free it with sd_import_free) whatever the check then finds (SD_INVALID
 * for a regulation error), so that it can be written and corrected;
 * otherwise *xml is NULL and nothing is to be written. The relative paths
 * the workbook holds are checked from workbook->dir (say, the folder the
 * promotion will be written to), else beside its path, else the root. */
struct sd_import_options {
    struct sd_read_options read;
};
#define SD_IMPORT_INIT {SD_READ_INIT}
sd_status sd_import(sd_run *run, const struct sd_input *workbook,
                    const struct sd_import_options *options, unsigned char **xml,
                    size_t *size);
void sd_import_free(unsigned char *xml);

/* verify: is each package (a ZIP, as a path or bytes, such as an upload)
 * complete and untouched? A verdict per package, and who signed, as data
 * lines; problems as diagnostics, named by the input's name (else its
 * path). The package's SHA-256 is checked against options->index when
 * given; else, for a path, against the index.tsv beside it, if any; bytes
 * have no folder beside them, so only options->index applies to them
 * (looked up by the last component of the input's name). */
struct sd_verify_options {
    int version;
    const char *password;          /* of encrypted packages, or NULL */
    const char *index;             /* an index.tsv to check the SHA-256 against, or NULL:
                                      the one beside each package given by path */
};
#define SD_VERIFY_VERSION 1
#define SD_VERIFY_INIT {SD_VERIFY_VERSION, NULL, NULL}
sd_status sd_verify(sd_run *run, const struct sd_input *packages, size_t count,
                    const struct sd_verify_options *options);

/* calendar: the computed dates and hours of each stage, as data lines (one
 * call a stage: the text or TSV block, or the CSV row after the header). */
enum sd_calendar_format {
    SD_CALENDAR_TEXT = 0,          /* for people, French long dates */
    SD_CALENDAR_TSV = 1,           /* « clé<TAB>valeur », the input contract's */
    SD_CALENDAR_CSV = 2,           /* for a spreadsheet: BOM, « ; », CRLF */
};
struct sd_calendar_options {
    struct sd_read_options read;
    enum sd_calendar_format format;
};
#define SD_CALENDAR_INIT {SD_READ_INIT, SD_CALENDAR_TEXT}
sd_status sd_calendar(sd_run *run, const struct sd_input *inputs, size_t count,
                      const struct sd_calendar_options *options);

/* signatures: who signed which PDF (a path, a folder searched below, or
 * bytes), as data lines: a line per signature field of a PDF, a line per
 * PDF of a folder. Presence only, not cryptographic validity. Problems
 * (unreadable, encrypted, repaired, files a folder walk skipped) are
 * diagnostics. */
struct sd_signatures_options {
    int version;
    bool complete;                 /* a document not signed by all is SD_INVALID */
};
#define SD_SIGNATURES_VERSION 1
#define SD_SIGNATURES_INIT {SD_SIGNATURES_VERSION, false}
sd_status sd_signatures(sd_run *run, const struct sd_input *pdfs, size_t count,
                        const struct sd_signatures_options *options);

/* export: stages and promotions (XML) to a class workbook, the reverse of
 * reading one: XLSX or ODS as one file, CSV as a file per sheet
 * ("Classe.csv", "Stagiaires.csv"…), into sink. Nothing goes into the sink
 * when a value has no place in the workbook (SD_INVALID). Its files carry
 * the configuration's fixed date, or 1 January 2026. */
enum sd_workbook_format { SD_WORKBOOK_XLSX = 0, SD_WORKBOOK_ODS = 1, SD_WORKBOOK_CSV = 2 };
struct sd_export_options {
    int version;
    enum sd_workbook_format format;
    const char *name;              /* the XLSX or ODS file's name in the sink,
                                      NULL: "classe.xlsx" or "classe.ods" */
    const char *folder;            /* where the workbook will sit: the paths of the
                                      files it names start there. NULL: here */
};
#define SD_EXPORT_VERSION 1
#define SD_EXPORT_INIT {SD_EXPORT_VERSION, SD_WORKBOOK_XLSX, NULL, NULL}
sd_status sd_export(sd_run *run, const struct sd_input *inputs, size_t count,
                    const struct sd_export_options *options, struct sd_sink *sink);
/* The example class of the templates (import/exemple.xml) exported, so
 * that a new workbook's example rows are those of a class that builds. */
sd_status sd_export_example(sd_run *run, const struct sd_export_options *options,
                            struct sd_sink *sink);
/* init: the commented skeleton of a stage (or of a whole promotion) of a
 * voie ("scolaire", "apprentissage", "formation-continue"), from the
 * templates' squelettes/, as one data line: the file's text. */
sd_status sd_skeleton(sd_run *run, const char *voie, bool promotion);

/* ------------------------------------------------------------ signals */

/* For a front end's handler of SIGINT, SIGTERM, SIGHUP: removes the hidden
 * temporaries the engine is writing and stops its -j workers, in this
 * process only. Async-signal-safe; returns SD_CANCELLED. The front end then
 * ends the process as it sees fit. */
sd_status sd_clean_up_after_signal(void);

#ifdef __cplusplus
}
#endif

#endif
