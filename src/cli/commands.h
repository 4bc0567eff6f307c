/* commands.h — the subcommands of stagedoc. Each takes its own argv (argv[0]
 * is the subcommand's name) and returns an exit code of exit_codes.h. */
#ifndef STAGEDOC_CLI_COMMANDS_H
#define STAGEDOC_CLI_COMMANDS_H

#include "exit_codes.h"

sd_status command_check(int argc, char **argv);
sd_status command_calendar(int argc, char **argv);
sd_status command_init(int argc, char **argv);
sd_status command_build(int argc, char **argv);
sd_status command_bundle(int argc, char **argv);
sd_status command_verify(int argc, char **argv);
sd_status command_signatures(int argc, char **argv);
sd_status command_import(int argc, char **argv);
sd_status command_export(int argc, char **argv);

#endif
