/* signals.h — the command line's signal handlers (see signals.c). */
#ifndef STAGEDOC_CLI_SIGNALS_H
#define STAGEDOC_CLI_SIGNALS_H

/* Installs them: called once, first thing in main. */
void signals_install(void);

#endif
